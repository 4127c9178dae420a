using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.InMemory;

/// <summary>
/// A thread-safe <see cref="IServiceRequestStore"/> that keeps requests in process memory. Each request is an immutable
/// snapshot swapped in with compare-and-swap, so a write is atomic and a stale version is always detected.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class InMemoryServiceRequestStore : IServiceRequestStore
{
    private readonly ConcurrentDictionary<ServiceRequestId, ServiceRequest> _byId = new();
    private readonly ConcurrentDictionary<string, ServiceRequestId> _byTrackingNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _sequences = new(StringComparer.Ordinal);

    // Requests by their next SLA check, so a monitor tick reads only the due ones. Changed under its own lock, together
    // with the swap of the request it indexes, so the index never keeps a stale key.
    private readonly SortedSet<(long Ticks, ServiceRequestId Id)> _slaChecks = new();

    private const int MaxEvaluators = 1024;
    private readonly ConcurrentDictionary<string, ISpecification<ServiceRequest>> _evaluators = new(StringComparer.Ordinal);

    // Requests by when they were made (the usual order of a query), so a page in that order reads only as far as it needs.
    private readonly OrderedIndex _byRequestedAt = new();

    // The outbox, and its pending messages by when they can next be claimed (the later of the next attempt and the end of
    // a live claim), so a claim reads only due messages. Both under _outboxLock, which is taken before _slaChecks.
    private readonly object _outboxLock = new();
    private readonly Dictionary<Guid, OutboxMessage> _outbox = new();
    private readonly SortedSet<(long Ticks, Guid Id)> _claimable = new();

    // Updates one at a time, so a change that writes two requests (a duplicate and its original) checks both and then
    // writes both with no other update in between; adds and reads take no lock.
    private readonly object _writeLock = new();

    /// <summary>Gets the number of stored requests.</summary>
    public int Count => _byId.Count;

    /// <inheritdoc />
    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        cancellationToken.ThrowIfCancellationRequested();
        var counter = _sequences.GetOrAdd(scope, static _ => new StrongBox<long>());
        return new ValueTask<long>(Interlocked.Increment(ref counter.Value));
    }

    /// <inheritdoc />
    public ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        if (!change.IsNew)
        {
            throw new ArgumentException("AddAsync stores new requests; the change carries an expected version, so use UpdateAsync.", nameof(change));
        }

        var request = change.Request;
        if (request.Id.IsEmpty)
        {
            throw new ArgumentException("The request has an empty id.", nameof(change));
        }

        // An id already stored is a duplicate whatever else the change carries (its outbox ids repeat the first's).
        if (_byId.ContainsKey(request.Id))
        {
            throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "id");
        }

        // Claim the tracking number next: it is the key residents use, and must never point at two requests.
        if (!_byTrackingNumber.TryAdd(request.TrackingNumber, request.Id))
        {
            throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "trackingNumber");
        }

        var stored = request.WithVersion(FormatVersion(1));
        if (change.NewOutbox.Count == 0)
        {
            Insert(request, stored);
        }
        else
        {
            // The request and its outbox messages appear together: the dispatcher's claims take the same lock.
            lock (_outboxLock)
            {
                if (_byId.ContainsKey(request.Id))
                {
                    ThrowDuplicateId(request); // a racing add of the same id won
                }

                CheckNewOutbox(change, () => _byTrackingNumber.TryRemove(new KeyValuePair<string, ServiceRequestId>(request.TrackingNumber, request.Id)));
                Insert(request, stored);
                AppendOutbox(change.NewOutbox);
            }
        }

        return new ValueTask<ServiceRequest>(stored);
    }

    private void Insert(ServiceRequest request, ServiceRequest stored)
    {
        var check = stored.NextSlaCheckAt;
        if (check is null)
        {
            if (!_byId.TryAdd(request.Id, stored))
            {
                ThrowDuplicateId(request);
            }
        }
        else
        {
            lock (_slaChecks)
            {
                if (!_byId.TryAdd(request.Id, stored))
                {
                    ThrowDuplicateId(request);
                }

                _slaChecks.Add((check.Value.ToUnixTimeTicks(), request.Id));
            }
        }

        _byRequestedAt.Add(new IndexKey(stored.RequestedAt.ToUnixTimeTicks(), stored.Id));
    }

    /// <inheritdoc />
    public ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        if (change.IsNew)
        {
            throw new ArgumentException("UpdateAsync needs the expected version the change was derived from; use AddAsync for new requests.", nameof(change));
        }

        lock (_writeLock)
        {
            var request = change.Request;
            var current = Current(request, change.ExpectedVersion);
            var original = change.Original is { } next ? (Current: Current(next, change.ExpectedOriginalVersion), Stored: next) : default;
            var stored = request.WithVersion(FormatVersion(ParseVersion(current.Version) + 1));
            if (change.NewOutbox.Count == 0)
            {
                Replace(current, stored, change.ExpectedVersion);
                ReplaceOriginal(original, change.ExpectedOriginalVersion);
            }
            else
            {
                lock (_outboxLock)
                {
                    CheckNewOutbox(change, static () => { });
                    Replace(current, stored, change.ExpectedVersion);
                    ReplaceOriginal(original, change.ExpectedOriginalVersion);
                    AppendOutbox(change.NewOutbox);
                }
            }

            return new ValueTask<ServiceRequest>(stored);
        }
    }

    // The stored request a change replaces, checked before anything is written: it exists, keeps its tracking number and
    // still has the version the change was derived from.
    private ServiceRequest Current(ServiceRequest request, string? expectedVersion)
    {
        if (!_byId.TryGetValue(request.Id, out var current))
        {
            throw new ServiceRequestNotFoundException(request.Id);
        }

        if (!string.Equals(current.TrackingNumber, request.TrackingNumber, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A request's tracking number never changes: stored '{current.TrackingNumber}', given '{request.TrackingNumber}'.", nameof(request));
        }

        if (!string.Equals(current.Version, expectedVersion, StringComparison.Ordinal))
        {
            throw new ConcurrencyConflictException(request.Id, expectedVersion, current.Version);
        }

        return current;
    }

    // After the request, so that a reader who sees the original's raised count also finds the duplicate.
    private void ReplaceOriginal((ServiceRequest? Current, ServiceRequest? Stored) original, string? expectedVersion)
    {
        if (original is (Current: { } current, Stored: { } next))
        {
            Replace(current, next.WithVersion(FormatVersion(ParseVersion(current.Version) + 1)), expectedVersion);
        }
    }

    private void Replace(ServiceRequest current, ServiceRequest stored, string? expectedVersion)
    {
        if (current.RequestedAt != stored.RequestedAt)
        {
            // The lifecycle never moves it; a corrected import might. Indexed under both until the swap, never under neither.
            _byRequestedAt.Add(new IndexKey(stored.RequestedAt.ToUnixTimeTicks(), stored.Id));
            ReplaceIndexed(current, stored, expectedVersion);
            _byRequestedAt.Remove(new IndexKey(current.RequestedAt.ToUnixTimeTicks(), stored.Id));
            return;
        }

        ReplaceIndexed(current, stored, expectedVersion);
    }

    private void ReplaceIndexed(ServiceRequest current, ServiceRequest stored, string? expectedVersion)
    {
        var before = current.NextSlaCheckAt;
        var after = stored.NextSlaCheckAt;
        if (before is null && after is null)
        {
            Swap(current, stored, expectedVersion);
            return;
        }

        lock (_slaChecks)
        {
            Swap(current, stored, expectedVersion);
            if (before != after)
            {
                if (before is { } old)
                {
                    _slaChecks.Remove((old.ToUnixTimeTicks(), stored.Id));
                }

                if (after is { } next)
                {
                    _slaChecks.Add((next.ToUnixTimeTicks(), stored.Id));
                }
            }
        }
    }

    // Compare-and-swap against the exact snapshot that was checked: a concurrent writer makes this fail, never both win.
    private void Swap(ServiceRequest current, ServiceRequest stored, string? expectedVersion)
    {
        if (!_byId.TryUpdate(stored.Id, stored, current))
        {
            _byId.TryGetValue(stored.Id, out var winner);
            throw new ConcurrencyConflictException(stored.Id, expectedVersion, winner?.Version);
        }
    }

    private void ThrowDuplicateId(ServiceRequest request)
    {
        _byTrackingNumber.TryRemove(new KeyValuePair<string, ServiceRequestId>(request.TrackingNumber, request.Id));
        throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "id");
    }

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ServiceRequest?>(_byId.TryGetValue(id, out var request) ? request : null);
    }

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trackingNumber);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ServiceRequest?>(
            _byTrackingNumber.TryGetValue(trackingNumber, out var id) && _byId.TryGetValue(id, out var request) ? request : null);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Filters with Ardalis' own evaluator (its <c>Where</c> conditions, as <c>specification.Evaluate</c> does), then keeps
    /// the best page in the plan's order; the continuation token is the last request's sort keys and id, so a request added
    /// between pages appears in its place or not at all, and never shifts the rows after it. <c>Skip</c> and <c>Take</c>
    /// are honoured: skip on the first page, take as a cap across every page.
    /// </remarks>
    public ValueTask<ServiceRequestPage> QueryAsync(ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ServiceRequestPage.MaxSize);
        cancellationToken.ThrowIfCancellationRequested();

        // The plan refuses what no store translates, so a specification this store accepts works with every store.
        var plan = ServiceRequestQueryPlan.From(specification);
        var comparer = new PlanComparer(plan);
        var after = continuationToken is null ? null : RelationalPosition.Decode(continuationToken, plan.Fingerprint, comparer.InstantKeys, nameof(continuationToken));
        var remaining = after?.Remaining ?? plan.Take ?? -1;
        var skip = after is null ? plan.Skip ?? 0 : 0;
        if (plan.MatchesNothing || remaining == 0)
        {
            return new ValueTask<ServiceRequestPage>(new ServiceRequestPage([], null));
        }

        // Keep only the best skip + size + 1 candidates (the extra one tells whether another page follows).
        var size = remaining >= 0 ? Math.Min(pageSize, remaining) : pageSize;
        var dueBy = SlaCheckBound(plan.Filter);
        var evaluated = EvaluatorFor(plan, specification);
        var items = dueBy is null && comparer.IsByRequestedAt(out var descending)
            ? FirstInOrder(WhereOnly.Evaluate(InRequestedOrder(descending, after), evaluated), skip + size + 1)
            : Best(WhereOnly.Evaluate(Candidates(dueBy), evaluated), r => after is null || comparer.CompareToPosition(r, after) > 0, skip + size + 1, comparer.Reversed);

        var rows = items.AsSpan(Math.Min(skip, items.Length));
        if (rows.Length <= size)
        {
            return new ValueTask<ServiceRequestPage>(new ServiceRequestPage(rows.ToArray(), null));
        }

        var page = rows[..size].ToArray();
        var left = remaining >= 0 ? remaining - size : -1;
        if (left == 0)
        {
            return new ValueTask<ServiceRequestPage>(new ServiceRequestPage(page, null));
        }

        var last = page[^1];
        var token = new RelationalPosition(comparer.KeysOf(last), last.Id, left).Encode(plan.Fingerprint);
        return new ValueTask<ServiceRequestPage>(new ServiceRequestPage(page, token));
    }

    // A bound on the next SLA check that every match meets (a top-level "NextSlaCheckAt <= t" or "< t"), so the index
    // narrows the scan; Ardalis' evaluation still applies every condition to what it yields.
    private static NodaTime.Instant? SlaCheckBound(ServiceRequestFilter? filter)
    {
        IReadOnlyList<ServiceRequestFilter> conditions = filter is null ? [] : filter.Kind == ServiceRequestFilterKind.And ? filter.Operands : [filter];
        foreach (var node in conditions)
        {
            if (node is { Kind: ServiceRequestFilterKind.Compare, Field: ServiceRequestField.NextSlaCheckAt, Comparison: FilterComparison.LessThanOrEqual or FilterComparison.LessThan, Value: NodaTime.Instant bound })
            {
                return bound;
            }
        }

        return null;
    }

    // The best `take` requests that pass `keep`, in order: a bounded heap, so a page costs one pass and no full sort.
    private static ServiceRequest[] Best(IEnumerable<ServiceRequest> candidates, Func<ServiceRequest, bool> keep, int take, IComparer<ServiceRequest> reversed)
    {
        var best = new PriorityQueue<ServiceRequest, ServiceRequest>(Math.Min(take + 1, 256), reversed); // grows only for large result sets
        foreach (var request in candidates)
        {
            if (!keep(request))
            {
                continue;
            }

            if (best.Count < take)
            {
                best.Enqueue(request, request);
            }
            else
            {
                // Full: push the new one and drop the worst in one sift, rather than an Enqueue and a Dequeue.
                best.EnqueueDequeue(request, request);
            }
        }

        var items = new ServiceRequest[best.Count];
        for (var i = items.Length - 1; i >= 0; i--)
        {
            items[i] = best.Dequeue();
        }

        return items;
    }

    // Ardalis compiles a specification's conditions once per instance, and each compiled delegate is JIT-compiled anew
    // (about half a millisecond a condition): a specification made for each query would pay that on every page. Two
    // specifications with one plan have the same conditions, so the first instance seen for a plan evaluates for the rest.
    private ISpecification<ServiceRequest> EvaluatorFor(ServiceRequestQueryPlan plan, ISpecification<ServiceRequest> specification)
    {
        if (_evaluators.TryGetValue(plan.Fingerprint, out var known))
        {
            return known;
        }

        if (_evaluators.Count >= MaxEvaluators)
        {
            _evaluators.Clear(); // a bound, not a policy: queries repeat, so the ones in use are back after one compile each
        }

        return _evaluators.GetOrAdd(plan.Fingerprint, specification);
    }

    private static ServiceRequest[] FirstInOrder(IEnumerable<ServiceRequest> matches, int take)
    {
        var found = new List<ServiceRequest>(Math.Min(take, 256));
        foreach (var request in matches)
        {
            found.Add(request);
            if (found.Count == take)
            {
                break;
            }
        }

        return found.ToArray();
    }

    // The stored requests in the order of when they were made (ties by id in the same direction), from just after a
    // page's last request: read from the index a run at a time, so that the scan stops as soon as the page is full.
    private IEnumerable<ServiceRequest> InRequestedOrder(bool descending, RelationalPosition? after)
    {
        var keys = System.Buffers.ArrayPool<IndexKey>.Shared.Rent(64);
        try
        {
            IndexKey? from = after is null ? null : new IndexKey(after.Keys[0], after.Id);
            while (true)
            {
                var count = _byRequestedAt.CopyAfter(from, descending, keys);
                for (var i = 0; i < count; i++)
                {
                    if (_byId.TryGetValue(keys[i].Id, out var request))
                    {
                        yield return request;
                    }
                }

                if (count < keys.Length)
                {
                    yield break;
                }

                from = keys[count - 1];
                if (keys.Length < 4096)
                {
                    // A sparse match reads longer runs: fewer trips through the index's lock.
                    var longer = System.Buffers.ArrayPool<IndexKey>.Shared.Rent(keys.Length * 4);
                    System.Buffers.ArrayPool<IndexKey>.Shared.Return(keys);
                    keys = longer;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<IndexKey>.Shared.Return(keys);
        }
    }

    // Ardalis' evaluator with its Where step only: the order (ties by id) and paging are the keyset's.
    private static readonly InMemorySpecificationEvaluator WhereOnly = new([WhereEvaluator.Instance]);

    // The SLA-due filter reads the index; every other query scans (this store has no other index).
    private IEnumerable<ServiceRequest> Candidates(NodaTime.Instant? slaCheckDueBy)
    {
        if (slaCheckDueBy is not { } dueBy)
        {
            foreach (var (_, request) in _byId)
            {
                yield return request;
            }

            yield break;
        }

        List<ServiceRequestId> ids;
        lock (_slaChecks)
        {
            var view = _slaChecks.GetViewBetween((long.MinValue, default), (dueBy.ToUnixTimeTicks(), new ServiceRequestId(MaxGuid)));
            ids = new List<ServiceRequestId>(view.Count);
            foreach (var (_, id) in view)
            {
                ids.Add(id);
            }
        }

        foreach (var id in ids)
        {
            if (_byId.TryGetValue(id, out var request))
            {
                yield return request;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claim.LockFor, NodaTime.Duration.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(claim.Owner);
        cancellationToken.ThrowIfCancellationRequested();
        var claimed = new List<OutboxMessage>();
        var until = claim.Now + claim.LockFor;
        lock (_outboxLock)
        {
            var due = _claimable.GetViewBetween((long.MinValue, Guid.Empty), (claim.Now.ToUnixTimeTicks(), MaxGuid));
            var taken = new List<(long Ticks, Guid Id)>();
            foreach (var entry in due)
            {
                taken.Add(entry);
                if (taken.Count == claim.MaxCount)
                {
                    break;
                }
            }

            foreach (var entry in taken)
            {
                var message = _outbox[entry.Id];
                var locked = message with { LockedUntil = until, LockedBy = claim.Owner, Version = FormatVersion(ParseVersion(message.Version) + 1) };
                _outbox[entry.Id] = locked;
                _claimable.Remove(entry);
                _claimable.Add((ClaimableAt(locked).ToUnixTimeTicks(), entry.Id));
                claimed.Add(locked);
            }
        }

        return new ValueTask<IReadOnlyList<OutboxMessage>>(claimed);
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (message.Version is null)
        {
            throw new ArgumentException("The message carries no version; update a message read from the store.", nameof(message));
        }

        lock (_outboxLock)
        {
            if (!_outbox.TryGetValue(message.Id, out var current))
            {
                throw new ArgumentException($"No outbox message has the id {message.Id}.", nameof(message));
            }

            if (!string.Equals(current.Version, message.Version, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException(message.RequestId, message.Version, current.Version);
            }

            if (current.RequestId != message.RequestId || current.Payload != message.Payload || current.Channel != message.Channel)
            {
                throw new ArgumentException($"Only the delivery state of outbox message {message.Id} can change.", nameof(message));
            }

            var stored = message with { Version = FormatVersion(ParseVersion(current.Version) + 1) };
            _outbox[message.Id] = stored;
            if (current.State == OutboxState.Pending)
            {
                _claimable.Remove((ClaimableAt(current).ToUnixTimeTicks(), message.Id));
            }

            if (stored.State == OutboxState.Pending)
            {
                _claimable.Add((ClaimableAt(stored).ToUnixTimeTicks(), message.Id));
            }

            return new ValueTask<OutboxMessage>(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxLock)
        {
            return new ValueTask<OutboxMessage?>(_outbox.TryGetValue(id, out var message) ? message : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        (long Ticks, Guid Id)? after = continuationToken is null ? null : DecodeOutboxToken(continuationToken);
        List<OutboxMessage> matches;
        lock (_outboxLock)
        {
            matches = new List<OutboxMessage>();
            foreach (var message in _outbox.Values)
            {
                if (query.IsSatisfiedBy(message) && (after is not { } position || OutboxKey(message).CompareTo(position) > 0))
                {
                    matches.Add(message);
                }
            }
        }

        matches.Sort(static (a, b) => OutboxKey(a).CompareTo(OutboxKey(b)));
        if (matches.Count <= query.PageSize)
        {
            return new ValueTask<OutboxPage>(new OutboxPage(matches, null));
        }

        var page = matches.GetRange(0, query.PageSize);
        var (ticks, id) = OutboxKey(page[^1]);
        return new ValueTask<OutboxPage>(new OutboxPage(page, string.Create(CultureInfo.InvariantCulture, $"o1.{ticks}.{id:N}")));
    }

    private static (long Ticks, Guid Id) OutboxKey(OutboxMessage message) => (message.CreatedAt.ToUnixTimeTicks(), message.Id);

    private static (long Ticks, Guid Id) DecodeOutboxToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length == 3 && parts[0] == "o1"
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            && Guid.TryParseExact(parts[2], "N", out var id))
        {
            return (ticks, id);
        }

        throw new ArgumentException("The continuation token is not one this store issued for an outbox query.", nameof(token));
    }

    private static NodaTime.Instant ClaimableAt(OutboxMessage message) =>
        message.LockedUntil is { } until && until > message.NextAttemptAt ? until : message.NextAttemptAt;

    // Under _outboxLock: refuse the whole change before anything is written if a message id is taken.
    private void CheckNewOutbox(ServiceRequestChange change, Action undo)
    {
        foreach (var message in change.NewOutbox)
        {
            if (_outbox.ContainsKey(message.Id))
            {
                undo();
                throw new ArgumentException($"The outbox message id {message.Id} is already stored; nothing was written.", nameof(change));
            }
        }
    }

    // Under _outboxLock, right after the request was swapped in.
    private void AppendOutbox(IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            var stored = message with { Version = FormatVersion(1) };
            _outbox.Add(message.Id, stored);
            _claimable.Add((ClaimableAt(stored).ToUnixTimeTicks(), message.Id));
        }
    }

    private static readonly Guid MaxGuid = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long ParseVersion(string? version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"The stored version '{version}' is not one this store wrote.");
}
