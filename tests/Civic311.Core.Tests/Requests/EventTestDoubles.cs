using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Requests;
using Microsoft.Extensions.Logging;
using Civic311.Application;

namespace Civic311.Core.Tests.Requests;

/// <summary>Records every event it receives, in order, optionally into a log shared with other handlers.</summary>
internal sealed class CapturingEventHandler(string name = "capturing", List<string>? sharedLog = null) : IServiceRequestEventHandler
{
    public List<ServiceRequestEvent> Events { get; } = [];

    public ValueTask HandleAsync(ServiceRequestEvent serviceRequestEvent, CancellationToken cancellationToken = default)
    {
        Events.Add(serviceRequestEvent);
        sharedLog?.Add($"{name}:{serviceRequestEvent.Action}");
        return ValueTask.CompletedTask;
    }
}

/// <summary>Fails on every event, after recording that it was called.</summary>
internal sealed class ThrowingEventHandler(List<string>? sharedLog = null) : IServiceRequestEventHandler
{
    public int Calls { get; private set; }

    public async ValueTask HandleAsync(ServiceRequestEvent serviceRequestEvent, CancellationToken cancellationToken = default)
    {
        Calls++;
        sharedLog?.Add($"throwing:{serviceRequestEvent.Action}");
        await Task.Yield();
        throw new InvalidOperationException("The notification gateway is down.");
    }
}

/// <summary>Keeps every log entry written to it.</summary>
internal sealed class CapturingLogger : ILogger<ServiceRequests>
{
    public List<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId, formatter(state, exception), exception));
}
