using System.Collections.Generic;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>What the receiver answers: a status and the reason, plus what was done or what is wrong.</summary>
internal sealed record WebhookResult(int Status, string Outcome, string Detail)
{
    public const string Processed = "processed";
    public const string Ignored = "ignored";
    public const string Duplicate = "duplicate";

    public string? TrackingNumber { get; init; }

    public IReadOnlyList<string> Actions { get; init; } = [];

    public string? Path { get; init; }

    public IReadOnlyList<ValidationError> Errors { get; init; } = [];

    public int? RetryAfterSeconds { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public static WebhookResult Ignore(string detail) => new(200, Ignored, detail);

    public static WebhookResult Fail(int status, string outcome, string detail) => new(status, outcome, detail);
}
