using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// Requests sent per operation, counted by the emulator (what service protection counts), and the contacts made by
/// concurrent first submits of one reporter. docs/dataverse.md's table of request counts is checked against these.
/// </summary>
public sealed class RoundTripTests : DataverseStoreTestBase
{
    private ServiceRequests NotifyingService(DataverseServiceRequestStore store)
    {
        var options = TestCatalog.Options();
        options.Notifications.Enabled = true;
        return new ServiceRequests(store, options, Environment.Clock);
    }

    private async Task<(T Result, string[] Sent)> CountAsync<T>(Func<Task<T>> operation)
    {
        Emulator.ClearRequests();
        var result = await operation();
        var sent = Emulator.Requests.Select(r => r.Method + " " + r.Path.Split('?')[0].Split('(')[0]).ToArray();
        foreach (var read in Emulator.Requests.Where(r => r.Method == "GET"))
        {
            read.Headers.Should().Contain("If-None-Match", "null", "the Web API docs ask for it on reads ({0})", read.Path);
        }

        return (result, sent);
    }

    [Fact]
    public async Task Each_operation_costs_at_most_a_read_and_one_batch_and_the_docs_say_so()
    {
        var service = NotifyingService(Store);
        var counts = new List<(string Operation, int Requests)>();
        await service.SubmitAsync(Pothole()); // reserves the block of tracking numbers

        var (fresh, sent) = await CountAsync(() => service.SubmitAsync(Pothole(new ReporterContact { Email = "new@example.org" })).AsTask());
        sent.Should().Equal("GET contacts", "POST $batch");
        counts.Add(("Submit, new reporter", sent.Length));

        (_, sent) = await CountAsync(() => service.SubmitAsync(Pothole(new ReporterContact { Email = "new@example.org" })).AsTask());
        sent.Should().Equal("POST $batch");
        counts.Add(("Submit, known reporter", sent.Length));

        (_, sent) = await CountAsync(() => service.SubmitAsync(Pothole()).AsTask());
        sent.Should().Equal("POST $batch");
        counts.Add(("Submit, anonymous", sent.Length));

        var other = await service.SubmitAsync(Pothole(new ReporterContact { Email = "new@example.org" }));
        var (acknowledged, ack) = await CountAsync(() => service.AcknowledgeAsync(fresh.Id).AsTask());
        ack.Should().Equal("GET incidents", "POST $batch");
        counts.Add(("Lifecycle change", ack.Length));

        var (started, start) = await CountAsync(() => service.StartWorkAsync(fresh.Id, new ChangeOptions { ExpectedVersion = acknowledged.Version }).AsTask());
        start.Should().Equal("POST $batch");
        counts.Add(("Lifecycle change, with the version read", start.Length));

        (_, sent) = await CountAsync(() => service.MarkAsDuplicateAsync(other.Id, fresh.Id).AsTask());
        sent.Should().Equal("GET incidents", "POST $batch");
        counts.Add(("Mark as duplicate", sent.Length));
        Incident(fresh.Id)["civic_duplicatecount"]!.GetValue<int>().Should().Be(1, "the link raises the original's count in its change set");

        // The link changed the original (its count), so the version to resolve with is read again.
        var linked = (await service.GetAsync(fresh.Id))!;
        linked.DuplicateCount.Should().Be(1);
        var (resolved, resolve) = await CountAsync(() => service.ResolveAsync(fresh.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = linked.Version }).AsTask());
        resolve.Should().Equal("GET incidents", "POST $batch");
        counts.Add(("Resolve, with the version read, the case has duplicates", resolve.Length));
        Emulator.Rows("civic_outboxmessage").Where(m => m["civic_requestid"]?.GetValue<string>() == fresh.Id.ToString() && m["civic_kind"]?.GetValue<string>().Contains("Resolved", StringComparison.OrdinalIgnoreCase) == true)
            .Should().HaveCount(2, "the duplicate's reporter is told too");

        var lone = await service.SubmitAsync(Pothole());
        (_, sent) = await CountAsync(() => service.ResolveAsync(lone.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = lone.Version }).AsTask());
        sent.Should().Equal("POST $batch");
        counts.Add(("Resolve, with the version read", sent.Length));

        var third = await service.SubmitAsync(Pothole());
        (_, sent) = await CountAsync(() => service.ResolveAsync(third.Id, new Resolution("FIXED")).AsTask());
        sent.Should().Equal("GET incidents", "POST $batch");
        counts.Add(("Resolve", sent.Length));

        var original = await service.SubmitAsync(Pothole());
        var fourth = await service.SubmitAsync(Pothole());
        (_, sent) = await CountAsync(() => service.MarkAsDuplicateAsync(fourth.Id, original.Id, new ChangeOptions { ExpectedVersion = fourth.Version }).AsTask());
        sent.Should().Equal("POST $batch");
        counts.Add(("Mark as duplicate, with the version read", sent.Length));
        Incident(original.Id)["civic_duplicatecount"]!.GetValue<int>().Should().Be(1);

        using var elsewhere = Environment.CreateStore();
        var theirs = await NotifyingService(elsewhere).SubmitAsync(Pothole()); // an original this service has not seen
        var fifth = await service.SubmitAsync(Pothole());
        (_, sent) = await CountAsync(() => service.MarkAsDuplicateAsync(fifth.Id, theirs.Id, new ChangeOptions { ExpectedVersion = fifth.Version }).AsTask());
        sent.Should().Equal("GET incidents", "POST $batch");
        counts.Add(("Mark as duplicate, with the version read, the original not seen here", sent.Length));

        // A resolved case is read-only in Dataverse: a duplicate linked to it leaves its count alone, read as unknown.
        var sixth = await service.SubmitAsync(Pothole());
        (_, sent) = await CountAsync(() => service.MarkAsDuplicateAsync(sixth.Id, third.Id, new ChangeOptions { ExpectedVersion = sixth.Version }).AsTask());
        sent.Should().Equal("POST $batch");
        (await service.GetAsync(third.Id))!.DuplicateCount.Should().BeNull();

        (_, sent) = await CountAsync(() => service.CloseAsync(resolved.Id, new ChangeOptions { ExpectedVersion = resolved.Version }).AsTask());
        sent.Should().Equal("POST $batch");

        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "dataverse.md"));
        foreach (var (operation, requests) in counts)
        {
            docs.Should().Contain($"| {operation} | {requests} |", "docs/dataverse.md's request table states what this test measures");
        }
    }

    [Fact]
    public async Task A_case_merged_in_Dynamics_is_found_and_told_when_its_original_is_resolved_and_the_docs_say_what_that_costs()
    {
        var service = NotifyingService(Store);
        var original = await service.SubmitAsync(Pothole(new ReporterContact { Email = "ana@example.org" }));
        var merged = await service.SubmitAsync(Pothole(new ReporterContact { Email = "bo@example.org" }));
        using (var agent = Emulator.CreateClient())
        {
            using var merge = await agent.PostAsync("Merge", new StringContent(new JsonObject
            {
                ["Target"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = original.Id.ToString() },
                ["Subordinate"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = merged.Id.ToString() },
                ["PerformParentingChecks"] = false,
            }.ToJsonString(), Encoding.UTF8, "application/json"));
            merge.StatusCode.Should().Be(HttpStatusCode.NoContent, await merge.Content.ReadAsStringAsync());
        }

        // What the webhook receiver makes of the merge: a duplicate link, taken in without writing to the read-only case.
        await service.MarkAsDuplicateAsync(merged.Id, original.Id);
        Incident(merged.Id)["civic_duplicateof"].Should().BeNull();
        var linked = (await service.GetAsync(original.Id))!;
        linked.DuplicateCount.Should().Be(1);

        var (_, sent) = await CountAsync(() => service.ResolveAsync(original.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = linked.Version }).AsTask());

        sent.Should().Equal("GET incidents", "GET civic_requesthistories", "POST $batch");
        Emulator.Rows("civic_outboxmessage").Where(m => m["civic_requestid"]?.GetValue<string>() == original.Id.ToString() && m["civic_kind"]?.GetValue<string>() == "Resolved")
            .Select(m => m["civic_recipient"]!.GetValue<string>()).Should().BeEquivalentTo(["ana@example.org", "bo@example.org"], "the merged case's reporter is told too");
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "dataverse.md"));
        docs.Should().Contain($"| Resolve, with the version read, a duplicate merged in Dynamics | {sent.Length} |");
    }

    [Fact]
    public async Task A_change_with_a_stale_version_seen_here_is_refused_by_the_write_and_changes_nothing()
    {
        var added = await Service.SubmitAsync(Pothole());
        using var other = Environment.CreateStore();
        await new ServiceRequests(other, TestCatalog.Options(), Environment.Clock).AcknowledgeAsync(added.Id); // another process

        // Allowed from the version the caller read: the write's If-Match refuses it.
        Emulator.ClearRequests();
        var acknowledge = () => Service.AcknowledgeAsync(added.Id, new ChangeOptions { ExpectedVersion = added.Version }).AsTask();
        await acknowledge.Should().ThrowAsync<ConcurrencyConflictException>();
        Emulator.Requests[0].Method.Should().Be("POST", "no read before the write");

        // Not allowed from it: read again, so the caller hears the request changed, not that the step is not allowed.
        var start = () => Service.StartWorkAsync(added.Id, new ChangeOptions { ExpectedVersion = added.Version }).AsTask();
        await start.Should().ThrowAsync<ConcurrencyConflictException>();

        var stored = (await other.GetAsync(added.Id))!;
        stored.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        stored.History.Should().HaveCount(2);
    }

    [Fact]
    public async Task Forty_concurrent_first_submits_by_five_new_reporters_from_two_stores_make_five_contacts()
    {
        using var second = Environment.CreateStore();
        var services = new[] { Service, new ServiceRequests(second, TestCatalog.Options(), Environment.Clock) };
        var emails = Enumerable.Range(1, 5).Select(i => $"resident{i}@example.org").ToArray();
        var before = Emulator.Count("contact");

        var submitted = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            // The same address in another case or with spaces is the same reporter.
            var email = i % 3 == 0 ? emails[i % 5].ToUpperInvariant() : i % 3 == 1 ? $" {emails[i % 5]} " : emails[i % 5];
            return (Email: emails[i % 5], Request: await services[i % 2].SubmitAsync(Pothole(new ReporterContact { Name = $"Resident {i % 5}", Email = email })));
        })));

        Emulator.Count("contact").Should().Be(before + 5);
        foreach (var group in submitted.GroupBy(s => s.Email))
        {
            var contact = Emulator.Rows("contact").Single(c => string.Equals(c["emailaddress1"]?.GetValue<string>(), group.Key, StringComparison.OrdinalIgnoreCase));
            group.Select(s => Incident(s.Request.Id)["_customerid_value"]!.GetValue<string>()).Should().OnlyContain(id => id == contact["contactid"]!.GetValue<string>());
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Civic311.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Civic311.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
