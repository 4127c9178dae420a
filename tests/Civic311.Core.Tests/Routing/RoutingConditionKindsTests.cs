using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Civic311.Routing;
using static Civic311.Core.Tests.Routing.RoutingKit;

namespace Civic311.Core.Tests.Routing;

/// <summary>The registry of condition kinds covers <see cref="RoutingConditionDefinition"/> exactly, and the compiler picks one kind per condition object.</summary>
public sealed class RoutingConditionKindsTests
{
    private static readonly PropertyInfo[] Properties = typeof(RoutingConditionDefinition).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    public static TheoryData<string> PropertyNames => [.. Properties.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(PropertyNames))]
    public void Registered_EveryDefinitionProperty_IsClaimedByExactlyOneKindOfItsJsonName(string property)
    {
        var definition = WithOnly(Properties.Single(p => p.Name == property));

        var claiming = RoutingConditionKinds.Registered.Where(k => k.IsSetOn(definition)).Select(k => k.Name).ToArray();

        claiming.Should().Equal([JsonName(property)], $"setting only {nameof(RoutingConditionDefinition)}.{property} must make exactly the kind '{JsonName(property)}' claim it");
    }

    [Fact]
    public void Registered_EveryKind_NamesADefinitionPropertyOnce()
    {
        var names = RoutingConditionKinds.Registered.Select(k => k.Name).ToArray();

        names.Should().OnlyHaveUniqueItems();
        names.Should().BeEquivalentTo(Properties.Select(p => JsonName(p.Name)), "one kind per property, and no kind without a property");
        RoutingConditionKinds.Registered.Should().NotContain(k => k.IsSetOn(new RoutingConditionDefinition()), "an empty condition sets no kind");
    }

    [Fact]
    public void Build_EmptyCondition_ListsEveryKindInRegistryOrder()
    {
        var errors = Errors(new RoutingConditionDefinition());

        errors.Should().ContainSingle().Which.Should().Be(new ValidationError(
            "rules[0].when",
            ValidationErrorCodes.Required,
            "The condition is empty: set one of all, any, not, service, group, district, channel, priority, attribute, keywords, time, reporterKind, agencyOpen or custom."));
    }

    [Fact]
    public void Build_ConditionOfSeveralKinds_NamesThemInRegistryOrder()
    {
        var errors = Errors(new RoutingConditionDefinition { Custom = "x", Service = ["POTHOLE"], Any = [] });

        errors.Should().ContainSingle().Which.Should().Be(new ValidationError(
            "rules[0].when",
            ValidationErrorCodes.Inconsistent,
            "The condition sets any and service and custom; a condition is of one kind only (combine several with 'all' or 'any')."));
    }

    private static IReadOnlyList<ValidationError> Errors(RoutingConditionDefinition when)
    {
        RoutingRules.TryBuild(Definition().AddRule("r", when, Action("DOT", "DOT-ROADWAY")), RoutingKit.Catalog, null, out _, out var errors).Should().BeFalse();
        return errors;
    }

    private static string JsonName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>A condition with only <paramref name="property"/> set, to any non-null value of its type.</summary>
    private static RoutingConditionDefinition WithOnly(PropertyInfo property)
    {
        var definition = new RoutingConditionDefinition();
        property.SetValue(definition, SampleOf(property.PropertyType));
        return definition;
    }

    private static object SampleOf(Type type)
    {
        if (type == typeof(string))
        {
            return "x";
        }

        if (Nullable.GetUnderlyingType(type) is { } value)
        {
            return Activator.CreateInstance(value)!;
        }

        if (type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()))!;
        }

        return Activator.CreateInstance(type) ?? throw new InvalidOperationException($"No sample value for {type}.");
    }
}
