using System;

namespace Civic311;

/// <summary>The base of every exception Civic311 throws for a domain or storage failure.</summary>
/// <remarks>Argument misuse (a null where a value is required) throws the usual <see cref="ArgumentException"/> family instead.</remarks>
public abstract class Civic311Exception : Exception
{
    /// <summary>Initializes the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    protected Civic311Exception(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    protected Civic311Exception(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
