using System;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Relational;

/// <summary>
/// Runs a provider's start-up work (checks and migrations) once, before the first use, for all callers at once; a
/// failure is not remembered, so the next call tries again once its cause is gone.
/// </summary>
internal sealed class InitializeOnce : IDisposable
{
    private readonly Func<CancellationToken, Task> _initialize;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public InitializeOnce(Func<CancellationToken, Task> initialize)
    {
        _initialize = initialize;
    }

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await _initialize(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
