using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Civic311.Notifications.Channels.Outbox;

/// <summary>Runs the <see cref="OutboxDispatcher"/> loop for the lifetime of the host.</summary>
internal sealed class OutboxDispatcherService : BackgroundService
{
    private readonly OutboxDispatcher _dispatcher;

    public OutboxDispatcherService(OutboxDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _dispatcher.RunAsync(stoppingToken);
}
