using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace Civic311.Core.Tests.Conventions;

/// <summary>
/// Reads which namespaces of one assembly use which others, from the compiled code: base types, interfaces, member
/// signatures, attributes, and every type, method and field token in method bodies (so a use inside a lambda or an
/// async method counts against the type that wrote it). A namespace's <c>.Internal</c> machinery counts as part of it.
/// </summary>
internal static class NamespaceDependencies
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every use of one namespace by another, with one example type pair for the message.</summary>
    public static IReadOnlyDictionary<(string From, string To), string> Edges(Assembly assembly)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var (user, used) in Uses(assembly))
        {
            edges.TryAdd((UnitOf(user)!, UnitOf(used)!), $"{user.FullName} uses {used.FullName}");
        }

        return edges;
    }

    /// <summary>Every pair of outermost types in different namespaces of which the first uses the second.</summary>
    public static IEnumerable<(Type User, Type Used)> Uses(Assembly assembly)
    {
        var seen = new HashSet<(Type, Type)>();
        foreach (var type in assembly.GetTypes())
        {
            var from = UnitOf(type);
            if (from is null)
            {
                continue;
            }

            foreach (var used in UsedTypes(type).Where(t => t.Assembly == assembly))
            {
                var to = UnitOf(used);
                if (to is not null && to != from && seen.Add((Outermost(type), Outermost(used))))
                {
                    yield return (Outermost(type), Outermost(used));
                }
            }
        }
    }

    /// <summary>The namespace a type belongs to for layering: its outermost declaring type's, without <c>.Internal</c>.</summary>
    public static string? UnitOf(Type type)
    {
        var ns = Outermost(type).Namespace;
        if (ns is null || ns.StartsWith("System.", StringComparison.Ordinal))
        {
            return null; // compiler-generated: <PrivateImplementationDetails>, the regex source generator's helpers
        }

        return ns.EndsWith(".Internal", StringComparison.Ordinal) ? ns[..^".Internal".Length] : ns;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        void AddAttributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                Add(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                {
                    Add(argument.ArgumentType);
                    if (argument.Value is Type typeArgument)
                    {
                        Add(typeArgument);
                    }
                }
            }
        }

        Add(type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            Add(implemented);
        }

        AddAttributes(type.CustomAttributes);
        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType);
            AddAttributes(field.CustomAttributes);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }

        foreach (var @event in type.GetEvents(All))
        {
            Add(@event.EventHandlerType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
                AddAttributes(parameter.CustomAttributes);
            }

            AddAttributes(method.CustomAttributes);
            foreach (var used in BodyTypes(method))
            {
                Add(used);
            }
        }

        found.Remove(type);
        return found;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (body is null || il is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var opCode = OpCodesByValue[value];
            var operandStart = position;
            position += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, operandStart)),
                _ => 4,
            };

            if (opCode.OperandType is not (OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField))
            {
                continue;
            }

            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(BitConverter.ToInt32(il, operandStart), typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                continue; // a token into another module's generic context; not a type of this assembly
            }

            switch (member)
            {
                case Type used:
                    yield return used;
                    break;
                case MethodBase called:
                    yield return called.DeclaringType!;
                    if (called is MethodInfo calledInfo)
                    {
                        yield return calledInfo.ReturnType;
                        if (calledInfo.IsGenericMethod)
                        {
                            foreach (var argument in calledInfo.GetGenericArguments())
                            {
                                yield return argument;
                            }
                        }
                    }

                    break;
                case FieldInfo field:
                    yield return field.DeclaringType!;
                    yield return field.FieldType;
                    break;
            }
        }
    }
}
