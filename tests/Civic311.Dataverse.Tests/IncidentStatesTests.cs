using System;
using System.Linq;
using Civic311.Dataverse.Mapping;
using FluentAssertions;
using Xunit;

namespace Civic311.Dataverse.Tests;

/// <summary>The two-way table between Civic311 statuses and incident state / status reason codes.</summary>
public sealed class IncidentStatesTests
{
    // The documented incident pairs (shared/docs/dataverse.md, incident statuscode table) and the status each stands for.
    public static TheoryData<int, int, ServiceRequestStatus> DocumentedPairs() => new()
    {
        { 0, 1, ServiceRequestStatus.InProgress },
        { 0, 2, ServiceRequestStatus.OnHold },
        { 0, 3, ServiceRequestStatus.InProgress },
        { 0, 4, ServiceRequestStatus.InProgress },
        { 1, 5, ServiceRequestStatus.Resolved },
        { 1, 1000, ServiceRequestStatus.Resolved },
        { 2, 6, ServiceRequestStatus.Cancelled },
        { 2, 2000, ServiceRequestStatus.Duplicate },
    };

    public static TheoryData<ServiceRequestStatus> Statuses() => new(Enum.GetValues<ServiceRequestStatus>());

    [Fact]
    public void The_constants_are_the_documented_values()
    {
        (IncidentStates.ActiveState, IncidentStates.ResolvedState, IncidentStates.CancelledState).Should().Be((0, 1, 2));
        new[]
        {
            IncidentStates.InProgress, IncidentStates.OnHold, IncidentStates.WaitingForDetails, IncidentStates.Researching,
            IncidentStates.ProblemSolved, IncidentStates.InformationProvided, IncidentStates.Cancelled, IncidentStates.Merged,
        }.Should().Equal(1, 2, 3, 4, 5, 1000, 6, 2000);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Every_status_round_trips_through_its_codes(ServiceRequestStatus status)
    {
        var (state, reason) = IncidentStates.ToCodes(status);

        IncidentStates.StateOf(reason).Should().Be(state, "a status reason belongs to the state it is written with");
        IncidentStates.ToStatus(state, reason, known: status).Should().Be(status);
        IncidentStates.ToCodes(IncidentStates.ToStatus(state, reason)).Should().Be((state, reason), "without a known status the codes still round-trip");
    }

    [Theory]
    [MemberData(nameof(DocumentedPairs))]
    public void Every_documented_pair_maps_to_a_status(int state, int reason, ServiceRequestStatus expected)
    {
        IncidentStates.StateOf(reason).Should().Be(state);
        IncidentStates.ToStatus(state, reason).Should().Be(expected);
        IncidentStates.ToCodes(expected).State.Should().Be(state);
    }

    [Fact]
    public void The_codes_written_are_documented_pairs()
    {
        var documented = DocumentedPairs().Select(row => ((int)row[0], (int)row[1])).ToHashSet();

        Enum.GetValues<ServiceRequestStatus>().Select(IncidentStates.ToCodes).Should().OnlyContain(codes => documented.Contains(codes));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 1)]
    [InlineData(2, 1000)]
    [InlineData(3, 1)]
    [InlineData(0, 7)]
    [InlineData(0, 0)]
    public void An_unknown_pair_is_refused(int state, int reason)
    {
        var act = () => IncidentStates.ToStatus(state, reason);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*statecode {state} with statuscode {reason}*");
    }

    [Fact]
    public void An_unknown_status_reason_has_no_state()
    {
        IncidentStates.StateOf(7).Should().BeNull("the webhook then leaves the case's state alone, as before");
        IncidentStates.StateOf(0).Should().BeNull();
    }
}
