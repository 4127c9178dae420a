using System;
using System.Collections.Generic;
using System.Linq;

namespace Civic311;

/// <summary>Input was rejected; <see cref="Errors"/> lists every problem found, and nothing was changed.</summary>
public sealed class Civic311ValidationException : Civic311Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="subject">What was being validated, for example "service request submission" or "service catalog".</param>
    /// <param name="errors">Every problem found; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public Civic311ValidationException(string subject, IReadOnlyList<ValidationError> errors)
        : base(BuildMessage(subject, errors))
    {
        Subject = subject;
        Errors = errors.ToArray();
    }

    /// <summary>Gets what was being validated.</summary>
    public string Subject { get; }

    /// <summary>Gets every problem found, in the order they were found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string BuildMessage(string subject, IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A validation exception needs at least one error.", nameof(errors));
        }

        return $"The {subject} is invalid ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):"
            + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
    }
}
