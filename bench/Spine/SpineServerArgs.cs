namespace OrleansBridge.Bench.Spine;

/// <summary>
/// The command line both servers of the bench get, in-process and as a separate Silo process, so
/// they run the same configuration: Production, a static token, a temporary data folder, logging at
/// Warning (per-connection Information lines would be timed too), and limits raised so no figure
/// meets an admission or rate limit instead of the code path it measures.
/// </summary>
internal static class SpineServerArgs
{
    /// <summary>Sessions open at once at most: the idle-memory phase plus headroom.</summary>
    public const int MaxSessions = 12_000;

    /// <summary>Per-session request rate: far above what two cores can drive, so echo never sees RateLimited.</summary>
    public const int MaxMessagesPerSecond = 10_000_000;

    private const string Limits = "--Bridge:Applications:bridge:Limits:";

    public static string[] Build(string token, string dataFolder, int port = 0) =>
    [
        "--environment", "Production",
        "--host", "127.0.0.1",
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--token", token,
        "--data", dataFolder,
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        $"{Limits}MaxSessions={MaxSessions}",
        $"{Limits}MaxSessionsPerTenant={MaxSessions}",
        $"{Limits}MaxMessagesPerSecond={MaxMessagesPerSecond}",
    ];

    /// <summary>The limits, as printed under the table.</summary>
    public static string Describe() =>
        $"MaxSessions=MaxSessionsPerTenant={MaxSessions}, MaxMessagesPerSecond={MaxMessagesPerSecond}, other limits default";
}
