using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Civic311.Routing;
using NetTopologySuite.Geometries;

namespace Civic311.Benchmarks.Routing;

/// <summary>
/// The baseline: reads the <see cref="RoutingDefinition"/> as written and evaluates every rule in order until one matches,
/// testing districts with plain <see cref="Geometry.Contains"/> on each wanted polygon (no spatial index, no prepared
/// geometry, no per-service-type index). The description is folded once per request, when a keyword rule first needs it.
/// </summary>
internal sealed class NaiveRouter
{
    private readonly RoutingDefinition _definition;
    private readonly Dictionary<string, Polygon> _districts;
    private readonly Dictionary<string, string> _groups;
    private readonly GeometryFactory _factory = new(new PrecisionModel(), 4326);

    public NaiveRouter(RoutingDefinition definition, Polygon[] districts, Civic311.Catalog.ServiceCatalog catalog)
    {
        _definition = definition;
        _districts = districts.Select((p, i) => ("D" + i.ToString(CultureInfo.InvariantCulture), p)).ToDictionary(x => x.Item1, x => x.p, StringComparer.OrdinalIgnoreCase);
        _groups = catalog.ServiceTypes.ToDictionary(t => t.Code, t => t.Group ?? string.Empty, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The index of the first matching rule, or -1 for the fallback.</summary>
    public int Route(in RoutingInput input)
    {
        var request = new Request(input, input.Location is { } p ? _factory.CreatePoint(new Coordinate(p.Longitude, p.Latitude)) : null);
        for (var i = 0; i < _definition.Rules.Count; i++)
        {
            var when = _definition.Rules[i].When;
            if (when is null || Holds(when, request))
            {
                return i;
            }
        }

        return -1;
    }

    private bool Holds(RoutingConditionDefinition condition, Request request)
    {
        if (condition.All is { } all)
        {
            return all.All(c => Holds(c, request));
        }

        if (condition.Any is { } any)
        {
            return any.Any(c => Holds(c, request));
        }

        if (condition.Not is { } not)
        {
            return !Holds(not, request);
        }

        if (condition.Service is { } codes)
        {
            return codes.Contains(request.Input.ServiceCode, StringComparer.OrdinalIgnoreCase);
        }

        if (condition.Group is { } groups)
        {
            return _groups.TryGetValue(request.Input.ServiceCode, out var group) && groups.Contains(group, StringComparer.OrdinalIgnoreCase);
        }

        if (condition.District is { } district)
        {
            return request.Point is { } point && (district.In ?? _districts.Keys.ToList()).Any(name => _districts[name].Contains(point));
        }

        if (condition.Channel is { } channels)
        {
            return channels.Contains(request.Input.Channel);
        }

        if (condition.Keywords is { } keywords)
        {
            var text = request.Folded();
            return text is not null && keywords.Any(k => text.Contains(Fold(k), StringComparison.Ordinal));
        }

        throw new NotSupportedException("The benchmark's rules use service, group, district, channel, keywords, all, any and not only.");
    }

    /// <summary>Lower case, accents removed, words separated by single spaces, with a space at both ends.</summary>
    private static string Fold(string text)
    {
        var folded = new StringBuilder(" ");
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }

        return folded[^1] == ' ' ? folded.ToString() : folded.Append(' ').ToString();
    }

    private sealed class Request(RoutingInput input, Point? point)
    {
        private string? _folded;

        public RoutingInput Input { get; } = input;

        public Point? Point { get; } = point;

        public string? Folded() => string.IsNullOrEmpty(Input.Description) ? null : _folded ??= Fold(Input.Description);
    }
}
