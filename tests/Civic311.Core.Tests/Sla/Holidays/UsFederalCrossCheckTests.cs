using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;
using PublicHoliday;

namespace Civic311.Core.Tests.Sla.Holidays;

/// <summary>
/// Issue 11: the shipped <c>us-federal</c> set against an independent peer, the PublicHoliday package's
/// <see cref="USAPublicHoliday"/>, for every year from 1971 to 2100. Each holiday is compared as (date in law, observed date),
/// the observed date being the day federal offices close.
/// </summary>
public sealed class UsFederalCrossCheckTests
{
    private const int FirstYear = 1971;
    private const int LastYear = 2100;

    /// <summary>
    /// Every disagreement that is real, with who is right and why. The test fails on any disagreement not listed here and on
    /// any listed one that no longer occurs, so the list stays true.
    /// </summary>
    private static readonly KnownDifference[] KnownDifferences =
    [
        // The peer has the Birthday of Martin Luther King, Jr. before 1986; Pub. L. 98-144 made it a holiday first observed
        // on 20 January 1986. us-federal is right.
        new(Side.OnlyPublicHoliday, D(1971, 1, 18), D(1971, 1, 18), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1972, 1, 17), D(1972, 1, 17), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1973, 1, 15), D(1973, 1, 15), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1974, 1, 21), D(1974, 1, 21), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1975, 1, 20), D(1975, 1, 20), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1976, 1, 19), D(1976, 1, 19), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1977, 1, 17), D(1977, 1, 17), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1978, 1, 16), D(1978, 1, 16), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1979, 1, 15), D(1979, 1, 15), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1980, 1, 21), D(1980, 1, 21), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1981, 1, 19), D(1981, 1, 19), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1982, 1, 18), D(1982, 1, 18), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1983, 1, 17), D(1983, 1, 17), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1984, 1, 16), D(1984, 1, 16), MlkBefore1986),
        new(Side.OnlyPublicHoliday, D(1985, 1, 21), D(1985, 1, 21), MlkBefore1986),

        // 1971-1977 Veterans Day was the fourth Monday of October (Pub. L. 90-363) until Pub. L. 94-97 returned it to
        // 11 November from 1978; the peer keeps 11 November throughout. us-federal is right.
        new(Side.OnlyUsFederal, D(1971, 10, 25), D(1971, 10, 25), VeteransOctober),
        new(Side.OnlyUsFederal, D(1972, 10, 23), D(1972, 10, 23), VeteransOctober),
        new(Side.OnlyUsFederal, D(1973, 10, 22), D(1973, 10, 22), VeteransOctober),
        new(Side.OnlyUsFederal, D(1974, 10, 28), D(1974, 10, 28), VeteransOctober),
        new(Side.OnlyUsFederal, D(1975, 10, 27), D(1975, 10, 27), VeteransOctober),
        new(Side.OnlyUsFederal, D(1976, 10, 25), D(1976, 10, 25), VeteransOctober),
        new(Side.OnlyUsFederal, D(1977, 10, 24), D(1977, 10, 24), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1971, 11, 11), D(1971, 11, 11), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1972, 11, 11), D(1972, 11, 10), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1973, 11, 11), D(1973, 11, 12), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1974, 11, 11), D(1974, 11, 11), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1975, 11, 11), D(1975, 11, 11), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1976, 11, 11), D(1976, 11, 11), VeteransOctober),
        new(Side.OnlyPublicHoliday, D(1977, 11, 11), D(1977, 11, 11), VeteransOctober),
    ];

    private const string MlkBefore1986 = "Peer wrong: Pub. L. 98-144, first observed 20 January 1986";
    private const string VeteransOctober = "Peer wrong: Pub. L. 90-363 (fourth Monday of October 1971-1977), Pub. L. 94-97 (11 November from 1978)";

    [Fact]
    public void UsFederal_AgreesWithPublicHoliday_1971To2100_ExceptTheListedDifferences()
    {
        var ours = Shipped();
        var peer = Peer();

        var onlyOurs = ours.Except(peer).Select(h => (Side: Side.OnlyUsFederal, Holiday: h));
        var onlyPeer = peer.Except(ours).Select(h => (Side: Side.OnlyPublicHoliday, Holiday: h));
        var found = onlyOurs.Concat(onlyPeer).ToHashSet();
        var listed = KnownDifferences.Select(k => (k.Side, new Pair(k.Date, k.Observed))).ToHashSet();

        var unlisted = found.Where(f => !listed.Contains(f)).OrderBy(f => f.Holiday.Date).Select(Describe).ToList();
        var gone = listed.Where(l => !found.Contains(l)).OrderBy(l => l.Item2.Date).Select(Describe).ToList();

        unlisted.Should().BeEmpty("every disagreement with the peer must be listed in KnownDifferences with its legal source");
        gone.Should().BeEmpty("a listed difference that no longer occurs must be removed from KnownDifferences");
    }

    [Fact]
    public void KnownDifferences_AreUniqueAndInRange()
    {
        KnownDifferences.Select(k => (k.Side, k.Date, k.Observed)).Should().OnlyHaveUniqueItems();
        KnownDifferences.Should().OnlyContain(k => k.Date.Year >= FirstYear && k.Date.Year <= LastYear && k.Source.Length > 0);
    }

    /// <summary>The shipped set's (date in law, observed date) pairs whose date in law is in 1971-2100.</summary>
    private static HashSet<Pair> Shipped()
    {
        var pairs = new HashSet<Pair>();
        foreach (var rule in HolidaySets.UnitedStatesFederal())
        {
            // The same rule without observance gives the dates in law; a rule yields one date a year and observance moves it
            // by at most a day, so each observed date is the one within a day of its date in law.
            var inLaw = rule.Copy();
            inLaw.Observance = HolidayObservance.None;
            var observed = HolidayRules.Expand([rule], FirstYear - 1, LastYear + 1).Select(h => h.Date).ToList();
            foreach (var date in HolidayRules.Expand([inLaw], FirstYear - 1, LastYear + 1).Select(h => h.Date))
            {
                if (date.Year is < FirstYear or > LastYear)
                {
                    continue;
                }

                var match = observed.Where(o => Math.Abs(Period.Between(date, o, PeriodUnits.Days).Days) <= 1).ToList();
                match.Should().ContainSingle($"{rule.Name} on {date:uuuu-MM-dd} has one observed date");
                pairs.Add(new Pair(date, match[0]));
            }
        }

        return pairs;
    }

    /// <summary>The peer's (date in law, observed date) pairs for 1971-2100.</summary>
    private static HashSet<Pair> Peer()
    {
        var calendar = new USAPublicHoliday();
        var pairs = new HashSet<Pair>();
        for (var year = FirstYear; year <= LastYear; year++)
        {
            foreach (var holiday in calendar.PublicHolidaysInformation(year))
            {
                // The peer puts New Year's Day of the next year in a year when it is observed on 31 December; keep the
                // holidays whose date in law is in the range, as for us-federal.
                var date = LocalDate.FromDateTime(holiday.HolidayDate);
                if (date.Year is >= FirstYear and <= LastYear)
                {
                    pairs.Add(new Pair(date, LocalDate.FromDateTime(holiday.ObservedDate)));
                }
            }
        }

        return pairs;
    }

    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    private static string Describe((Side Side, Pair Holiday) difference) =>
        $"{difference.Side}: {difference.Holiday.Date:uuuu-MM-dd} ({difference.Holiday.Date.DayOfWeek}) observed {difference.Holiday.Observed:uuuu-MM-dd}";

    private enum Side
    {
        OnlyUsFederal,
        OnlyPublicHoliday,
    }

    private readonly record struct Pair(LocalDate Date, LocalDate Observed);

    /// <param name="Side">Which set has the holiday the other lacks.</param>
    /// <param name="Date">The holiday's date in law.</param>
    /// <param name="Observed">Its observed date in that set.</param>
    /// <param name="Source">Who is right, and the legal source.</param>
    private sealed record KnownDifference(Side Side, LocalDate Date, LocalDate Observed, string Source);
}
