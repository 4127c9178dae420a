using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>
/// An enum-typed field of the request that a condition tests against a list: <c>{"channel": ["phone", "liaison"]}</c>
/// (<see cref="ChannelField"/>), <c>{"priority": ["high", "urgent"]}</c> (<see cref="PriorityField"/>). A struct, so the
/// compiled condition is specialized per field and reads it with a direct call.
/// </summary>
/// <typeparam name="T">The enum (its underlying type is <see cref="int"/>).</typeparam>
internal interface IEnumListField<T>
    where T : struct, Enum
{
    /// <summary>Gets the kind's JSON key, also the field's name in explanations.</summary>
    static abstract string Name { get; }

    /// <summary>The kind's property of the definition.</summary>
    static abstract IList<T>? Part(RoutingConditionDefinition definition);

    /// <summary>The request's value.</summary>
    static abstract T Of(ref RoutingState state);
}

/// <summary>The request arrived on one of these channels.</summary>
internal readonly struct ChannelField : IEnumListField<Channel>
{
    public static string Name => "channel";

    public static IList<Channel>? Part(RoutingConditionDefinition definition) => definition.Channel;

    public static Channel Of(ref RoutingState state) => state.Input.Channel;
}

/// <summary>The request has one of these priorities.</summary>
internal readonly struct PriorityField : IEnumListField<Priority>
{
    public static string Name => "priority";

    public static IList<Priority>? Part(RoutingConditionDefinition definition) => definition.Priority;

    public static Priority Of(ref RoutingState state) => state.Input.Priority;
}

/// <summary>The kind of an <see cref="IEnumListField{T}"/>: at least one value, every value defined.</summary>
internal sealed class EnumListConditionKind<T, TField> : RoutingConditionKind<IList<T>>
    where T : struct, Enum
    where TField : struct, IEnumListField<T>
{
    public EnumListConditionKind()
        : base(TField.Name, TField.Part)
    {
        if (Enum.GetUnderlyingType(typeof(T)) != typeof(int))
        {
            throw new InvalidOperationException($"{typeof(T).Name} is not an int enum.");
        }
    }

    protected override CompiledCondition CompilePart(IList<T> values, RoutingConditionContext context, string path, ref ErrorList problems) =>
        CompiledCondition.Leaf(NonEmptyDefined(values, path, ref problems) is { } valid ? new EnumListCondition<T, TField>(valid) : null);
}

/// <summary>The field's value is one of <paramref name="values"/>, compiled to a bit mask.</summary>
internal sealed class EnumListCondition<T, TField>(T[] values) : Condition
    where T : struct, Enum
    where TField : struct, IEnumListField<T>
{
    private readonly int _mask = values.Aggregate(0, (m, v) => m | Bit(v));

    public override bool Evaluate(ref RoutingState state) => (_mask & Bit(TField.Of(ref state))) != 0;

    public override string Reason(ref RoutingState state, bool outcome)
    {
        var actual = TField.Of(ref state);
        return outcome ? $"{TField.Name} is {actual}" : $"{TField.Name}: {actual} is not {OneOf(values)}";
    }

    public override string Describe() => TField.Name + " is " + OneOf(values);

    private static int Bit(T value) => 1 << Unsafe.As<T, int>(ref value);
}
