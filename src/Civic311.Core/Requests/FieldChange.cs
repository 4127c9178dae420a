namespace Civic311.Requests;

/// <summary>One value a lifecycle operation changed, recorded in the history as "from -> to".</summary>
/// <param name="Field">The field, for example <c>queue</c>, <c>assignee</c>, <c>holdReason</c> or <c>resolutionCode</c>.</param>
/// <param name="From">The value before; <see langword="null"/> when it was not set.</param>
/// <param name="To">The value after; <see langword="null"/> when it was cleared.</param>
public sealed record FieldChange(string Field, string? From, string? To);
