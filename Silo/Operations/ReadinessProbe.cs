using OrleansBridge.Gateway;
using OrleansBridge.Storage;

namespace OrleansBridge.Silo.Operations;

/// <summary>
/// What <c>GET /readyz</c> answers: ready when the applications are open, grain storage answers, and
/// the server is not draining. Liveness (<c>/healthz</c>) asks none of this: a silo whose storage is
/// down is alive (restarting it would not help) but must get no new sessions.
/// </summary>
internal sealed class ReadinessProbe
{
    /// <summary>How long the storage check may take before it counts as unreachable.</summary>
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(3);

    private readonly GatewayDrain _drain;
    private readonly GrainStorageSetup _storage;
    private readonly TimeProvider _time;
    private volatile bool _applicationsOpen;

    public ReadinessProbe(GatewayDrain drain, GrainStorageSetup storage, TimeProvider time)
    {
        _drain = drain;
        _storage = storage;
        _time = time;
    }

    /// <summary>Set once every application marked Open was opened at start.</summary>
    public void ApplicationsOpened() => _applicationsOpen = true;

    /// <summary>Ready, or why not.</summary>
    public async Task<(bool Ready, string Reason)> CheckAsync(CancellationToken cancellationToken)
    {
        if (_drain.IsDraining)
        {
            return (false, "draining");
        }

        if (!_applicationsOpen)
        {
            return (false, "applications are not open yet");
        }

        try
        {
            using var timeout = new CancellationTokenSource(StorageTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            await _storage.ProbeAsync(linked.Token);
            return (true, "ready");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"grain storage is unreachable: {ex.Message}");
        }
    }
}
