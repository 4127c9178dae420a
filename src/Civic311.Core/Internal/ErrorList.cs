using System.Collections.Generic;

namespace Civic311.Internal;

/// <summary>Collects validation errors; allocates nothing until the first error, so valid input stays cheap.</summary>
internal struct ErrorList
{
    private List<ValidationError>? _errors;

    public readonly bool HasErrors => _errors is not null;

    public readonly int Count => _errors?.Count ?? 0;

    public void Add(string field, string code, string message) => (_errors ??= []).Add(new ValidationError(field, code, message));

    public void AddRange(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            (_errors ??= []).Add(error);
        }
    }

    public readonly IReadOnlyList<ValidationError> ToList() => _errors is null ? [] : _errors.ToArray();

    public readonly void ThrowIfAny(string subject)
    {
        if (_errors is not null)
        {
            throw new Civic311ValidationException(subject, _errors);
        }
    }
}
