using System.Linq;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>The transition table in <c>Lifecycle.cs</c>, and that the tests' matrix covers all of it.</summary>
public sealed class LifecycleTableTests
{
    public static TheoryData<ServiceRequestStatus> AllStatuses => new(ExpectedLifecycle.Statuses);

    [Fact]
    public void ExpectedLifecycle_EveryStatusInTheEnum_HasARowAndAPath()
    {
        ExpectedLifecycle.Allowed.Keys.Should().BeEquivalentTo(ExpectedLifecycle.Statuses, "a new status needs its row in the tests' table");
        foreach (var status in ExpectedLifecycle.Statuses)
        {
            FluentActions.Invoking(() => LifecycleHarness.PathTo(status)).Should().NotThrow($"a new status ({status}) needs a path in the harness");
        }
    }

    [Fact]
    public void ExpectedLifecycle_LegalAndIllegalPairs_PartitionTheWholeStatusByOperationMatrix()
    {
        var legal = ExpectedLifecycle.LegalPairs.ToList();
        var illegal = ExpectedLifecycle.IllegalPairs.ToList();
        var everyPair = (from status in ExpectedLifecycle.Statuses from action in ExpectedLifecycle.Operations select (status, action)).ToList();

        legal.Should().OnlyHaveUniqueItems();
        illegal.Should().OnlyHaveUniqueItems();
        legal.Intersect(illegal).Should().BeEmpty();
        legal.Concat(illegal).Should().BeEquivalentTo(everyPair);
        everyPair.Should().HaveCount(10 * 13, "10 statuses x 13 operations; update this count deliberately when the enums grow");
        legal.Should().HaveCount(52);
    }

    [Fact]
    public void ExpectedLifecycle_Operations_AreEveryActionButSubmitAndTheSystemsRecalculation()
    {
        ExpectedLifecycle.Operations.Should().NotContain(LifecycleAction.Submit)
            .And.NotContain(LifecycleAction.RecalculateSla)
            .And.HaveCount(System.Enum.GetValues<LifecycleAction>().Length - 2);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void AllowedIn_EveryStatus_MatchesTheSpecifiedRowInOrder(ServiceRequestStatus status)
    {
        Lifecycle.AllowedIn(status).Should().Equal(ExpectedLifecycle.AllowedIn(status));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void IsAllowedIn_EveryStatusAndOperation_AgreesWithTheRow(ServiceRequestStatus status)
    {
        foreach (var action in System.Enum.GetValues<LifecycleAction>())
        {
            Lifecycle.IsAllowedIn(status, action).Should().Be(ExpectedLifecycle.AllowedIn(status).Contains(action), $"{action} in {status}");
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void AllowedIn_EveryStatus_NeverOffersSubmit(ServiceRequestStatus status)
    {
        Lifecycle.AllowedIn(status).Should().NotContain(LifecycleAction.Submit);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void IsOpen_EveryStatus_IsFalseOnlyOnceResolvedClosedCancelledOrDuplicate(ServiceRequestStatus status)
    {
        var finishedWith = new[] { ServiceRequestStatus.Resolved, ServiceRequestStatus.Closed, ServiceRequestStatus.Cancelled, ServiceRequestStatus.Duplicate };

        Lifecycle.IsOpen(status).Should().Be(!finishedWith.Contains(status));
    }
}
