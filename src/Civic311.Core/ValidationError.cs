using System;
using Civic311.Internal;

namespace Civic311;

/// <summary>
/// One problem found while validating input: which field, a stable machine-readable code, and a message for people.
/// </summary>
/// <remarks>
/// Validation in Civic311 never stops at the first problem: every <see cref="ValidationError"/> found is reported together,
/// so a form or a configuration file can be fixed in one pass.
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record ValidationError
{
    /// <summary>Creates a validation error.</summary>
    /// <param name="field">The path of the offending field, for example <c>attributes[WEIGHT]</c> or <c>serviceTypes[3].agency</c>.</param>
    /// <param name="code">A stable code from <see cref="ValidationErrorCodes"/> (or an integrator's own).</param>
    /// <param name="message">A sentence that says what is wrong and why.</param>
    /// <remarks>Control characters and bidirectional controls in <paramref name="field"/> and <paramref name="message"/> are kept as <c>\uXXXX</c> escapes.</remarks>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public ValidationError(string field, string code, string message)
    {
        // Paths and messages quote input; control and bidirectional characters in them are shown escaped.
        Field = ControlCharacters.Escape(Guard.NotNullOrWhiteSpace(field));
        Code = Guard.NotNullOrWhiteSpace(code);
        Message = ControlCharacters.Escape(Guard.NotNullOrWhiteSpace(message));
    }

    /// <summary>Gets the path of the offending field.</summary>
    public string Field { get; }

    /// <summary>Gets the stable code of the problem (see <see cref="ValidationErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>Gets the human-readable description of the problem.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message} ({Code})";
}
