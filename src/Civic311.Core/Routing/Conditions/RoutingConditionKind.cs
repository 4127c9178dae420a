using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary>
/// One kind of routing condition: the property of <see cref="RoutingConditionDefinition"/> that names it (its JSON key),
/// whether a definition sets it, and how its part of the definition compiles into a <see cref="Condition"/> (which
/// evaluates and explains itself). Every kind is listed once in <see cref="RoutingConditionKinds.Registered"/>.
/// </summary>
/// <param name="name">The JSON key (the camel-cased <see cref="RoutingConditionDefinition"/> property) naming the kind.</param>
internal abstract class RoutingConditionKind(string name)
{
    /// <summary>Gets the JSON key (the camel-cased <see cref="RoutingConditionDefinition"/> property) naming the kind.</summary>
    public string Name { get; } = name;

    /// <summary>Whether <paramref name="definition"/> sets this kind's property.</summary>
    public abstract bool IsSetOn(RoutingConditionDefinition definition);

    /// <summary>Validates and compiles this kind's part of <paramref name="definition"/> (which <see cref="IsSetOn"/>).</summary>
    /// <param name="definition">The condition.</param>
    /// <param name="context">The catalog, district sets, custom conditions and calendars conditions refer to.</param>
    /// <param name="path">The path of this kind's part, for problems: the condition's path, a dot and <see cref="Name"/>.</param>
    /// <param name="problems">Where problems go.</param>
    /// <returns>The compiled condition; <c>default</c> (no node) when invalid.</returns>
    public abstract CompiledCondition Compile(RoutingConditionDefinition definition, RoutingConditionContext context, string path, ref ErrorList problems);

    /// <summary>The value, trimmed, when it is not blank; otherwise <see langword="null"/> with the problem <paramref name="message"/> added.</summary>
    protected static string? RequiredText(string? value, string path, string message, ref ErrorList problems)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(path, ValidationErrorCodes.Required, message);
            return null;
        }

        return text;
    }

    /// <summary>The values, distinct, when the list is non-empty and every value is defined; otherwise <see langword="null"/> with the problems added.</summary>
    protected static T[]? NonEmptyDefined<T>(IList<T> values, string path, ref ErrorList problems)
        where T : struct, Enum
    {
        var before = problems.Count;
        if (values.Count == 0)
        {
            problems.Add(path, ValidationErrorCodes.Required, $"List at least one {typeof(T).Name.ToLowerInvariant()}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!Enum.IsDefined(values[i]))
            {
                problems.Add($"{path}[{i}]", ValidationErrorCodes.NotInList, $"'{values[i]}' is not a {typeof(T).Name.ToLowerInvariant()}.");
            }
        }

        return problems.Count == before ? values.Distinct().ToArray() : null;
    }

    /// <summary>The values, trimmed and distinct (case-insensitively), when the list is non-empty and no value is blank; otherwise <see langword="null"/> with the problems added.</summary>
    protected static string[]? Texts(IList<string> values, string path, string what, ref ErrorList problems)
    {
        var before = problems.Count;
        if (values.Count == 0)
        {
            problems.Add(path, ValidationErrorCodes.Required, $"List at least one {what}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                problems.Add($"{path}[{i}]", ValidationErrorCodes.Required, $"A {what} is empty.");
            }
        }

        return problems.Count == before ? values.Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() : null;
    }
}

/// <summary>A kind whose part of the definition is one reference-typed property, set when not <see langword="null"/>.</summary>
/// <typeparam name="TPart">The property's type.</typeparam>
/// <param name="name">The JSON key naming the kind.</param>
/// <param name="part">Reads the property.</param>
internal abstract class RoutingConditionKind<TPart>(string name, Func<RoutingConditionDefinition, TPart?> part) : RoutingConditionKind(name)
    where TPart : class
{
    public sealed override bool IsSetOn(RoutingConditionDefinition definition) => part(definition) is not null;

    public sealed override CompiledCondition Compile(RoutingConditionDefinition definition, RoutingConditionContext context, string path, ref ErrorList problems) =>
        CompilePart(part(definition)!, context, path, ref problems);

    /// <summary>Validates and compiles the part.</summary>
    protected abstract CompiledCondition CompilePart(TPart part, RoutingConditionContext context, string path, ref ErrorList problems);
}
