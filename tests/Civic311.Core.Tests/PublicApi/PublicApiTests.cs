using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Testing;
using Civic311.Application;

namespace Civic311.Core.Tests.PublicApi;

/// <summary>
/// Snapshots the public API of each shipped assembly into an approved file, so every change to the surface is a
/// deliberate, reviewed diff (PublicApiAnalyzers is not available from the package registry here).
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Assemblies => new(ShippedAssemblies.Names);

    [Fact]
    public void ShippedAssemblies_ListEveryProjectUnderSrc()
    {
        var projects = Directory.GetDirectories(Path.Combine(Repository.Root, "src"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(Path.GetFileName);

        ShippedAssemblies.Names.Should().BeEquivalentTo(projects, "a new package gets a public API snapshot and the conventions the moment it exists");
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_api_matches_the_approved_snapshot(string assemblyName)
    {
        var assembly = ShippedAssemblies.All.Single(a => a.GetName().Name == assemblyName);
        var actual = PublicApiText.Describe(assembly);
        var approvedPath = Path.Combine(SourceDirectory(), assemblyName + ".approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), assemblyName + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (approved != actual)
        {
            File.WriteAllText(receivedPath, actual);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        actual.Should().Be(approved, $"the public API of {assemblyName} changed; review {receivedPath} and, if the change is intended, copy it over {approvedPath}");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

internal static class PublicApiText
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly NullabilityInfoContext Nullability = new();

    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Header(type)).Append('\n');
            foreach (var line in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Header(Type type)
    {
        var kind = type.IsInterface ? "interface"
            : type.IsEnum ? "enum"
            : type.IsValueType ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class"
            : type.IsSealed ? "sealed class"
            : "class";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var constructor in type.GetConstructors(Declared))
        {
            yield return $"ctor({Parameters(constructor)})";
        }

        foreach (var property in type.GetProperties(Declared))
        {
            var accessors = new List<string>();
            if (property.GetMethod is { IsPublic: true } getter)
            {
                accessors.Add((getter.IsStatic ? "static " : string.Empty) + "get");
            }

            if (property.SetMethod is { IsPublic: true } setter)
            {
                var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                accessors.Add(isInit ? "init" : "set");
            }

            var indexer = property.GetIndexParameters();
            var name = indexer.Length > 0 ? $"this[{string.Join(", ", indexer.Select(p => Name(p.ParameterType)))}]" : property.Name;
            yield return $"{Annotated(Nullability.Create(property))} {name} {{ {string.Join("; ", accessors)} }}";
        }

        foreach (var field in type.GetFields(Declared))
        {
            var modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
            yield return $"{modifiers}{Annotated(Nullability.Create(field))} {field.Name}";
        }

        foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName))
        {
            if (IsCompilerGenerated(type, method))
            {
                continue;
            }

            var generic = method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            var extension = method.IsDefined(typeof(ExtensionAttribute)) ? "this " : string.Empty;
            yield return $"{(method.IsStatic ? "static " : string.Empty)}{Annotated(Nullability.Create(method.ReturnParameter))} {method.Name}{generic}({extension}{Parameters(method)})";
        }

        foreach (var method in type.GetMethods(Declared).Where(m => m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal)))
        {
            yield return $"operator {method.Name[3..]}({Parameters(method)})";
        }
    }

    // Records generate equality and cloning members; they are part of the record declaration, not chosen API.
    private static bool IsCompilerGenerated(Type type, MethodInfo method) =>
        method.Name is "<Clone>$" or "PrintMembers" || (method.Name == "Deconstruct" && type.GetMethod("<Clone>$") is not null);

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            (p.IsIn ? "in " : p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
            + (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty)
            + Annotated(Nullability.Create(p))
            + " " + p.Name
            + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "default") : string.Empty)));

    // Shows nullable reference types as "string?", including generic arguments ("IReadOnlyList<string?>").
    private static string Annotated(NullabilityInfo info)
    {
        var type = info.Type.IsByRef ? info.Type.GetElementType()! : info.Type;
        string name;
        if (type.IsArray && info.ElementType is { } element)
        {
            name = Annotated(element) + "[]";
        }
        else if (type.IsGenericType && Nullable.GetUnderlyingType(type) is null && info.GenericTypeArguments.Length > 0)
        {
            var plain = Name(type);
            name = plain[..plain.IndexOf('<', StringComparison.Ordinal)] + "<" + string.Join(", ", info.GenericTypeArguments.Select(Annotated)) + ">";
        }
        else
        {
            name = Name(type);
        }

        var nullable = !type.IsValueType && (info.ReadState == NullabilityState.Nullable || info.WriteState == NullabilityState.Nullable);
        return nullable ? name + "?" : name;
    }

    private static string Name(Type type)
    {
        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick >= 0 ? name[..tick] : name) + "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.IsGenericParameter ? a.Name : Name(a))) + ">";
    }
}
