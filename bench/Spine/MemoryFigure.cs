using OrleansBridge.Client;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// d) Memory per idle session. In one process the managed heap holds the server's and the SDK's
/// objects together, so the same sessions are also opened against the Silo in its own process:
/// its resident set growth is the server's cost alone, and this process's heap growth the client's.
/// </summary>
internal static class MemoryFigure
{
    /// <summary>Sessions opened and closed on a fresh server first, so JIT and pools are not billed to sessions.</summary>
    private const int WarmUpSessions = 50;

    /// <summary>
    /// After opening, each server outbox still holds its session.state event until the client's
    /// standalone ack (20 ms timer) arrives; waiting this long lets every session reach the idle state
    /// a long-lived session is in.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Managed heap growth per session, server and SDK in this process together, in KiB. The server is
    /// a fresh one: after other figures, Kestrel's and the shared array pools are still shrinking
    /// from their traffic, which would be billed to the sessions as a negative cost.
    /// </summary>
    public static async Task<double> InProcessAsync(string token, int count, CancellationToken cancellationToken)
    {
        await using var server = await InProcessServer.StartAsync(token, cancellationToken);
        await SpineClients.CloseAsync(await SpineClients.OpenAsync(server.Url, token, WarmUpSessions, cancellationToken));
        await Task.Delay(Settle, cancellationToken);

        var before = ForcedHeapBytes();
        var sessions = await SpineClients.OpenAsync(server.Url, token, count, cancellationToken);
        try
        {
            await Task.Delay(Settle, cancellationToken);
            var after = ForcedHeapBytes();
            return PerSessionKiB(after - before, count);
        }
        finally
        {
            await SpineClients.CloseAsync(sessions);
        }
    }

    /// <summary>The same sessions against the Silo in its own process.</summary>
    public static async Task<SeparateProcessMemory> SeparateProcessAsync(string token, int count, CancellationToken cancellationToken)
    {
        await using var server = await ExternalServer.StartAsync(token, cancellationToken);
        await SpineClients.CloseAsync(await SpineClients.OpenAsync(server.Url, token, WarmUpSessions, cancellationToken));
        await Task.Delay(Settle, cancellationToken);

        var serverBefore = server.ResidentKiB();
        var clientBefore = ForcedHeapBytes();
        BridgeSession[] sessions = await SpineClients.OpenAsync(server.Url, token, count, cancellationToken);
        try
        {
            await Task.Delay(Settle, cancellationToken);
            var serverAfter = server.ResidentKiB();
            var clientAfter = ForcedHeapBytes();
            return new SeparateProcessMemory(
                (double)(serverAfter - serverBefore) / count,
                PerSessionKiB(clientAfter - clientBefore, count),
                server.Executable);
        }
        finally
        {
            await SpineClients.CloseAsync(sessions);
        }
    }

    /// <summary>Bytes in use on the managed heap after two full, blocking, compacting collections.</summary>
    private static long ForcedHeapBytes()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static double PerSessionKiB(long bytes, int count) => bytes / 1024.0 / count;
}

/// <summary>Memory per idle session measured with the server in its own process.</summary>
/// <param name="ServerResidentKiB">Growth of the Silo's VmRSS per session.</param>
/// <param name="ClientManagedKiB">Growth of this process's managed heap per session (SDK only).</param>
/// <param name="Executable">The Silo that ran.</param>
internal readonly record struct SeparateProcessMemory(double ServerResidentKiB, double ClientManagedKiB, string Executable);
