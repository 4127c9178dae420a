using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Requests;

/// <summary>GetAllowedActions offers exactly the operations that then succeed.</summary>
public sealed class AllowedActionsTests
{
    private static readonly Duration Window = Duration.FromDays(7);

    // Each scenario builds a fresh request; statuses come from the enum, plus the request-specific conditions.
    private static readonly Dictionary<string, Func<LifecycleHarness, Task<ServiceRequest>>> Scenarios = BuildScenarios();

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task GetAllowedActions_EveryScenario_OffersExactlyTheOperationsThatSucceed(string scenario)
    {
        var harness = new LifecycleHarness(o => o.ReopenWindow = Window);
        await harness.OriginalAsync();
        var succeeded = new List<LifecycleAction>();
        IReadOnlyList<LifecycleAction>? offered = null;

        foreach (var action in ExpectedLifecycle.Operations)
        {
            var request = await Scenarios[scenario](harness);
            var offeredNow = harness.Service.GetAllowedActions(request);
            offered ??= offeredNow;
            offeredNow.Should().Equal(offered, "the same scenario must offer the same operations every time");
            try
            {
                await harness.ApplyAsync(request.Id, action);
                succeeded.Add(action);
            }
            catch (InvalidTransitionException ex)
            {
                ex.AllowedActions.Should().Equal(offeredNow, "a refusal lists what GetAllowedActions offers");
                await harness.ShouldBeUnchangedAsync(request);
            }
        }

        offered.Should().BeEquivalentTo(succeeded);
        offered.Should().BeSubsetOf(ExpectedLifecycle.AllowedIn((await Scenarios[scenario](harness)).Status), "conditions only ever remove operations from the status's row");
    }

    [Theory]
    [InlineData("Reopened with its assignee", LifecycleAction.Assign)]
    [InlineData("Resolved after the reopen window", LifecycleAction.Reopen)]
    [InlineData("Closed after the reopen window", LifecycleAction.Reopen)]
    public async Task GetAllowedActions_RequestSpecificCondition_RemovesOnlyThatOperation(string scenario, LifecycleAction removed)
    {
        var harness = new LifecycleHarness(o => o.ReopenWindow = Window);
        var request = await Scenarios[scenario](harness);

        harness.Service.GetAllowedActions(request).Should().Equal(ExpectedLifecycle.AllowedIn(request.Status).Where(a => a != removed));
    }

    [Fact]
    public async Task GetAllowedActions_ResolvedRequest_DropsReopenOnceTheClockLeavesTheWindow()
    {
        var harness = new LifecycleHarness(o => o.ReopenWindow = Window);
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Resolved);

        harness.Clock.AdvanceTo(request.ResolvedAt!.Value + Window);
        harness.Service.GetAllowedActions(request).Should().Equal(LifecycleAction.Close, LifecycleAction.Reopen);

        harness.Clock.Advance(Duration.FromTicks(1));
        harness.Service.GetAllowedActions(request).Should().Equal(LifecycleAction.Close);
    }

    [Fact]
    public void ScenarioNames_IncludeEveryStatus()
    {
        ScenarioNames.Cast<object[]>().Select(row => (string)row[0]).Should().Contain(ExpectedLifecycle.Statuses.Select(s => s.ToString()));
    }

    private static Dictionary<string, Func<LifecycleHarness, Task<ServiceRequest>>> BuildScenarios()
    {
        var scenarios = new Dictionary<string, Func<LifecycleHarness, Task<ServiceRequest>>>(StringComparer.Ordinal);
        foreach (var status in ExpectedLifecycle.Statuses)
        {
            scenarios[status.ToString()] = harness => harness.SubmitInStatusAsync(status);
        }

        scenarios["Reopened with its assignee"] = async harness =>
        {
            var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);
            foreach (var action in new[] { LifecycleAction.StartWork, LifecycleAction.Resolve, LifecycleAction.Reopen })
            {
                request = await harness.StepAsync(request.Id, action);
            }

            return request;
        };
        scenarios["OnHold while assigned"] = async harness =>
        {
            var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);
            return await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);
        };
        scenarios["Resolved after the reopen window"] = async harness =>
        {
            var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Resolved);
            harness.Clock.Advance(Window + Duration.FromTicks(1));
            return request;
        };
        scenarios["Closed after the reopen window"] = async harness =>
        {
            var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Closed);
            harness.Clock.AdvanceTo(request.ResolvedAt!.Value + Window + Duration.FromTicks(1));
            return request;
        };
        return scenarios;
    }
}
