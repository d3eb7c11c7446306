using Orleans.Runtime;

namespace OrleansBridge.Hosting;

/// <summary>Grain-call failures that mean "not now, not here", after which a caller may try again.</summary>
public static class ClusterFailure
{
    /// <summary>
    /// True for a silo that is unreachable (dead but not yet declared so by membership), a message the
    /// cluster rejected, a call that timed out, and a process-local argument sent to another silo
    /// (the grain moved between two calls).
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ProcessLocalTransferException)
            {
                return true;
            }
        }

        return false;
    }
}
