using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Storage;

namespace Civic311.Relational;

/// <summary>One numbered step of the schema; applied once, in order, and recorded in <see cref="RelationalSchema.Migrations"/>.</summary>
/// <param name="Version">The schema version this step brings the database to (1, 2, ...).</param>
/// <param name="Description">What it does, recorded with it for a DBA.</param>
/// <param name="Statements">The statements, in the dialect given.</param>
internal sealed record Migration(int Version, string Description, Func<SqlDialect, IReadOnlyList<string>> Statements);

/// <summary>
/// The tables every SQL store keeps (docs/sql-stores.md describes them for a DBA): requests with indexed columns for
/// what queries filter and order on plus the whole aggregate as a JSON document, their history, the outbox, sequences,
/// and the migrations applied.
/// </summary>
internal static class RelationalSchema
{
    public const string Requests = "civic311_requests";
    public const string History = "civic311_request_history";
    public const string Outbox = "civic311_outbox";
    public const string Sequences = "civic311_sequences";
    public const string Migrations = "civic311_schema_migrations";

    /// <summary>The open statuses as SQL literals, in the order the specification analyzer lists them, so a query's
    /// <c>status IN (...)</c> matches the partial index's condition word for word (SQLite needs that to use it).</summary>
    public static string OpenStatusList { get; } = string.Join(", ",
        ServiceRequestQueryPlan.From(new OpenRequests()).Filter!.Values.Select(s => "'" + s + "'"));

    /// <summary>Every migration, in order; the last one's number is the schema version this code writes.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "Requests, history, outbox and sequences, with the indexes queries use", Initial),
    ];

    public static int CurrentVersion => All[^1].Version;

    private sealed class OpenRequests : ServiceRequestSpecification
    {
        public OpenRequests()
        {
            Query.OnlyOpen();
        }
    }

    private static IReadOnlyList<string> Initial(SqlDialect d) =>
    [
        // Text keys (*_key) hold the upper-invariant form, so case-insensitive comparisons read an index with plain '='.
        $"""
        CREATE TABLE {Requests} (
            id {d.Text} NOT NULL PRIMARY KEY,
            tracking_number {d.Text} NOT NULL,
            tracking_key {d.Text} NOT NULL,
            status {d.Text} NOT NULL,
            service_code {d.Text} NOT NULL,
            service_code_key {d.Text} NOT NULL,
            agency {d.Text} NOT NULL,
            agency_key {d.Text} NOT NULL,
            queue {d.Text} NULL,
            queue_key {d.Text} NULL,
            priority {d.Text} NOT NULL,
            channel {d.Text} NOT NULL,
            requested_at {d.BigInt} NOT NULL,
            updated_at {d.BigInt} NOT NULL,
            next_sla_check_at {d.BigInt} NULL,
            has_location {d.Int} NOT NULL,
            latitude {d.Double} NULL,
            longitude {d.Double} NULL,
            duplicate_of {d.Text} NULL,
            version {d.BigInt} NOT NULL,
            document {d.Json} NOT NULL
        )
        """,
        $"CREATE UNIQUE INDEX ux_{Requests}_tracking ON {Requests} (tracking_key)",
        $"CREATE INDEX ix_{Requests}_requested ON {Requests} (requested_at, id)",
        $"CREATE INDEX ix_{Requests}_updated ON {Requests} (updated_at, id)",
        $"CREATE INDEX ix_{Requests}_agency ON {Requests} (agency_key, status, requested_at, id)",
        $"CREATE INDEX ix_{Requests}_open_agency ON {Requests} (agency_key, requested_at, id) WHERE status IN ({OpenStatusList})",
        $"CREATE INDEX ix_{Requests}_status ON {Requests} (status, requested_at, id)",
        $"CREATE INDEX ix_{Requests}_service ON {Requests} (service_code_key, requested_at, id)",
        $"CREATE INDEX ix_{Requests}_queue ON {Requests} (queue_key, requested_at, id) WHERE queue_key IS NOT NULL",
        $"CREATE INDEX ix_{Requests}_sla ON {Requests} (next_sla_check_at) WHERE next_sla_check_at IS NOT NULL",
        $"CREATE INDEX ix_{Requests}_duplicate_of ON {Requests} (duplicate_of) WHERE duplicate_of IS NOT NULL",
        $"CREATE INDEX ix_{Requests}_location ON {Requests} (latitude, longitude) WHERE latitude IS NOT NULL",
        $"""
        CREATE TABLE {History} (
            request_id {d.Text} NOT NULL,
            sequence {d.Int} NOT NULL,
            occurred_at {d.BigInt} NOT NULL,
            action {d.Text} NOT NULL,
            actor {d.Text} NOT NULL,
            to_status {d.Text} NOT NULL,
            entry {d.Json} NOT NULL,
            PRIMARY KEY (request_id, sequence)
        )
        """,
        $"""
        CREATE TABLE {Outbox} (
            id {d.Text} NOT NULL PRIMARY KEY,
            request_id {d.Text} NOT NULL,
            channel {d.Text} NOT NULL,
            kind {d.Text} NOT NULL,
            recipient {d.Text} NOT NULL,
            payload {d.Text} NOT NULL,
            created_at {d.BigInt} NOT NULL,
            state {d.Text} NOT NULL,
            attempts {d.Int} NOT NULL,
            next_attempt_at {d.BigInt} NOT NULL,
            locked_until {d.BigInt} NULL,
            locked_by {d.Text} NULL,
            last_error {d.Text} NULL,
            delivered_at {d.BigInt} NULL,
            provider_message_id {d.Text} NULL,
            claimable_at {d.BigInt} NOT NULL,
            version {d.BigInt} NOT NULL
        )
        """,
        $"CREATE INDEX ix_{Outbox}_claimable ON {Outbox} (claimable_at, id) WHERE state = 'Pending'",
        $"CREATE INDEX ix_{Outbox}_created ON {Outbox} (created_at, id)",
        $"CREATE INDEX ix_{Outbox}_request ON {Outbox} (request_id, created_at, id)",
        $"CREATE TABLE {Sequences} (scope {d.Text} NOT NULL PRIMARY KEY, value {d.BigInt} NOT NULL)",
    ];
}
