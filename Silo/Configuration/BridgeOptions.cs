using OrleansBridge.Sessions.Ownership;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Silo.Configuration;

/// <summary>The <c>Bridge</c> configuration section (docs/operations.md lists every key).</summary>
public sealed class BridgeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Bridge";

    /// <summary>The address Kestrel listens on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port Kestrel listens on; 0 picks a free one.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Root folder of caches, snapshots and grain state given as relative paths.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>A static token added to the default application (<c>--token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Operators' admin tokens for <c>/admin/cache/*</c> (<c>Bridge:AdminTokens:0</c>, …): they may collect
    /// every tenant's cache entries at any minimum age. Without one, only tenants' own collections run.
    /// </summary>
    public List<string> AdminTokens { get; set; } = [];

    /// <summary>What this process runs (<c>--role</c>): <c>bridge</c> (grain host and gateway), <c>render</c> (a bridge that also renders for other silos) or <c>cache-server</c>.</summary>
    public string Role { get; set; } = "bridge";

    /// <summary>Limits and tuning of the content caches (docs/cache.md).</summary>
    public ContentCacheOptions Cache { get; set; } = new();

    /// <summary>The grains: their storage and the embedded Orleans silo.</summary>
    public Hosting.GrainsOptions Grains { get; set; } = new();

    /// <summary>The longest a graceful stop (SIGTERM) waits for sessions to be handed off and connections to end.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Orleans' dashboard of the cluster, for operators (off by default).</summary>
    public Operations.DashboardSettings Dashboard { get; set; } = new();

    /// <summary>Session ownership across silos (blob grain storage only).</summary>
    public SessionOwnershipOptions Sessions { get; set; } = new();

    /// <summary>Render workers and render silos (section <c>Bridge:Rendering</c>; bound on its own too, listed here so the whole tree is one type).</summary>
    public OrleansBridge.Rendering.RenderingOptions Rendering { get; set; } = new();

    /// <summary>The applications, by name.</summary>
    public Dictionary<string, ApplicationOptions> Applications { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One application's configuration.</summary>
public sealed class ApplicationOptions
{
    public string Path { get; set; } = "/bridge";

    public string Cache { get; set; } = "path:cache";

    /// <summary>Size budget of a <c>path:</c> cache with LRU eviction of unpinned entries; 0 for none.</summary>
    public long CacheBudgetBytes { get; set; }

    public string Snapshots { get; set; } = "snapshots";

    public bool Open { get; set; } = true;

    public TimeSpan GraceWindow { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public List<string> AllowedOrigins { get; set; } = [];

    public LimitsOptions Limits { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();
}

/// <summary>An application's limits (see <see cref="Applications.ApplicationLimits"/> for meanings).</summary>
public sealed class LimitsOptions
{
    public int MaxSessions { get; set; } = 1000;

    public int MaxSessionsPerTenant { get; set; } = 100;

    public int MaxMessageBytes { get; set; } = 4 << 20;

    public long MaxInFlightBytes { get; set; } = 16 << 20;

    public int MaxMessagesPerSecond { get; set; } = 20_000;

    public long MaxOutboundBytes { get; set; } = 64 << 20;

    public int MaxOutboundMessages { get; set; } = 65_536;

    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public string MaxForwardedLogLevel { get; set; } = "Information";

    /// <summary>Bytes of cache entries one tenant's uploads may store; 0 for no quota.</summary>
    public long MaxTenantCacheBytes { get; set; }
}

/// <summary>How an application authenticates clients.</summary>
public sealed class AuthOptions
{
    /// <summary>Static tokens with their tenants.</summary>
    public List<StaticTokenOptions> Tokens { get; set; } = [];

    /// <summary>HMAC-SHA256 secrets for signed tokens, base64, by key id.</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when any way to authenticate is configured.</summary>
    public bool IsConfigured => Tokens.Count > 0 || SigningKeys.Count > 0;
}

/// <summary>One static token.</summary>
public sealed class StaticTokenOptions
{
    public string Token { get; set; } = string.Empty;

    public string Tenant { get; set; } = "default";

    public int? MaxSessions { get; set; }
}
