using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;

namespace Civic311.Storage.Specification;

/// <content>Duplicate links: the original's duplicate count, written in the same atomic write as the link.</content>
public abstract partial class ServiceRequestStoreSpecificationTests
{
    private async Task<(IServiceRequestStore Store, ServiceRequests Service, ServiceRequest Original, ServiceRequest Duplicate)> OriginalAndDuplicateAsync()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var original = await service.SubmitAsync(Pothole());
        var duplicate = await service.SubmitAsync(Pothole(40.7130, -74.0062));
        return (store, service, original, duplicate);
    }

    /// <summary>
    /// Proves a change carrying an original (<see cref="ServiceRequestChange.Original"/>) writes both in one write: the
    /// request's change with its outbox messages, and the original's raised duplicate count under a new version, with
    /// nothing else of the original changed.
    /// </summary>
    [Fact]
    public async Task Update_with_an_original_writes_the_request_and_the_originals_count_together()
    {
        var (store, _, original, duplicate) = await OriginalAndDuplicateAsync();
        original.DuplicateCount.Should().Be(0, "a new request has no duplicates");
        var message = Message(duplicate, Clock.Now, "DuplicateLinked");

        var updated = await store.UpdateAsync(new ServiceRequestChange(duplicate, duplicate.Version, [], [message], original.WithDuplicateCount(1), original.Version));

        updated.Version.Should().NotBe(duplicate.Version);
        (await store.GetAsync(duplicate.Id))!.Version.Should().Be(updated.Version);
        (await store.GetOutboxAsync(message.Id)).Should().NotBeNull("the outbox is written with the change");
        var stored = (await store.GetAsync(original.Id))!;
        stored.DuplicateCount.Should().Be(1);
        stored.Version.Should().NotBe(original.Version, "the original is written too, so a change based on its old version is refused");
        stored.Status.Should().Be(original.Status);
        stored.UpdatedAt.Should().Be(original.UpdatedAt);
        stored.History.Should().HaveCount(original.History.Count);
    }

    /// <summary>
    /// Proves a change whose original changed since it was read is refused whole with a
    /// <see cref="ConcurrencyConflictException"/> naming the original: neither request, nor its outbox messages, nor the
    /// original's count is written.
    /// </summary>
    [Fact]
    public async Task Update_with_a_stale_original_is_refused_naming_the_original_and_writes_nothing()
    {
        var (store, service, original, duplicate) = await OriginalAndDuplicateAsync();
        var acknowledged = await service.AcknowledgeAsync(original.Id); // the original moves on after it was read
        var message = Message(duplicate, Clock.Now, "DuplicateLinked");

        var act = () => store.UpdateAsync(new ServiceRequestChange(duplicate, duplicate.Version, [], [message], original.WithDuplicateCount(1), original.Version)).AsTask();

        var conflict = (await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>()).Which;
        conflict.RequestId.Should().Be(original.Id);
        conflict.ExpectedVersion.Should().Be(original.Version);
        (await store.GetAsync(duplicate.Id))!.Version.Should().Be(duplicate.Version, "nothing of the change is written");
        (await store.GetOutboxAsync(message.Id)).Should().BeNull();
        var stored = (await store.GetAsync(original.Id))!;
        stored.Version.Should().Be(acknowledged.Version);
        stored.DuplicateCount.Should().Be(0);
    }

    /// <summary>
    /// Proves a change whose request is stale is refused naming the request, and leaves the original it carries untouched.
    /// </summary>
    [Fact]
    public async Task Update_of_a_stale_request_with_an_original_is_refused_and_leaves_the_original_alone()
    {
        var (store, service, original, duplicate) = await OriginalAndDuplicateAsync();
        var acknowledged = await service.AcknowledgeAsync(duplicate.Id);

        var act = () => store.UpdateAsync(new ServiceRequestChange(duplicate, duplicate.Version, [], [], original.WithDuplicateCount(1), original.Version)).AsTask();

        (await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>()).Which.RequestId.Should().Be(duplicate.Id);
        (await store.GetAsync(duplicate.Id))!.Version.Should().Be(acknowledged.Version);
        var stored = (await store.GetAsync(original.Id))!;
        stored.Version.Should().Be(original.Version);
        stored.DuplicateCount.Should().Be(0);
    }

    /// <summary>
    /// Proves the duplicate count raised by <see cref="ServiceRequests.MarkAsDuplicateAsync"/> reads back through every
    /// read (by id, by ids, by tracking number, in a query) and survives the stored document.
    /// </summary>
    [Fact]
    public async Task Duplicate_count_round_trips_through_every_read()
    {
        var (store, service, original, duplicate) = await OriginalAndDuplicateAsync();
        var another = await service.SubmitAsync(MissedPickup());
        var third = await service.SubmitAsync(Pothole(40.7131, -74.0063));

        await service.MarkAsDuplicateAsync(duplicate.Id, original.Id);
        await service.MarkAsDuplicateAsync(third.Id, original.Id, new ChangeOptions { ExpectedVersion = third.Version });

        (await store.GetAsync(original.Id))!.DuplicateCount.Should().Be(2);
        (await store.FindByTrackingNumberAsync(original.TrackingNumber))!.DuplicateCount.Should().Be(2);
        (await store.GetManyAsync([original.Id, another.Id])).Single(r => r.Id == original.Id).DuplicateCount.Should().Be(2);
        var page = await store.QueryAsync(new AllRequests(), null, ServiceRequestPage.MaxSize);
        page.Items.Single(r => r.Id == original.Id).DuplicateCount.Should().Be(2);
        page.Items.Single(r => r.Id == another.Id).DuplicateCount.Should().Be(0);
        var (read, duplicates) = await store.GetWithDuplicatesAsync(original.Id);
        read!.DuplicateCount.Should().Be(duplicates.Count).And.Be(2);
        ServiceRequestDocument.FromJson(ServiceRequestDocument.ToJson(read), read.Version).DuplicateCount.Should().Be(2);
    }
}
