using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Civic311.Testing;

/// <summary>
/// A logger provider (and factory) that keeps every entry at every level, Trace included, so a test can check what an
/// integration logs: for example that no resident's e-mail address or phone number ever reaches a log.
/// </summary>
/// <example>
/// <code>
/// var logs = new CapturingLoggerProvider();
/// services.AddSingleton&lt;ILoggerFactory&gt;(logs).AddSingleton(typeof(ILogger&lt;&gt;), typeof(Logger&lt;&gt;));
/// // ... run the code under test ...
/// Assert.DoesNotContain(logs.Entries, entry => entry.AllText.Contains("ana@example.org"));
/// </code>
/// </example>
/// <threadsafety>Thread-safe: loggers may write from any thread while a test reads <see cref="Entries"/>.</threadsafety>
public sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    /// <summary>Gets a snapshot of the entries written so far, oldest first.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries => _entries.ToArray();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new CapturingLogger(this, categoryName);
    }

    /// <summary>Does nothing: a provider given to a factory is its own.</summary>
    /// <param name="provider">Ignored.</param>
    void ILoggerFactory.AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Keeps the entries: a test reads them after the host that used the provider is disposed.</summary>
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            // Values as text now: a logged object may change or be disposed after the call.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, Convert.ToString(pair.Value, CultureInfo.InvariantCulture))).ToArray()
                : [];
            owner._entries.Enqueue(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

/// <summary>One entry captured by <see cref="CapturingLoggerProvider"/>.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="State">The structured values (for a message template, each placeholder's value and <c>{OriginalFormat}</c>), as invariant text.</param>
/// <param name="Exception">The exception's <see cref="object.ToString"/>, or <see langword="null"/>.</param>
public sealed record CapturedLogEntry(
    string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string?>> State, string? Exception)
{
    /// <summary>Gets everything a log sink could write for the entry: the message, every value and the exception, one per line.</summary>
    public string AllText =>
        string.Join('\n', new[] { Category, Message }.Concat(State.Select(pair => $"{pair.Key}={pair.Value}")).Append(Exception ?? string.Empty));
}
