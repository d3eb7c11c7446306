using OrleansBridge.Admission;
using OrleansBridge.Applications;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Silo.Configuration;

/// <summary>
/// Turns <see cref="BridgeOptions"/> into validated application settings. Every problem is collected
/// and reported at once, naming the configuration key, because a server that starts half-configured
/// is worse than one that refuses to start.
/// </summary>
internal static class CatalogBuilder
{
    public static ApplicationCatalog Build(BridgeOptions options, string dataRoot, TimeProvider time)
    {
        var problems = new List<string>();
        var applications = new List<ApplicationSettings>();
        var handlers = new Dictionary<string, ISessionHandler>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!System.Net.IPAddress.TryParse(options.Host, out _))
        {
            problems.Add($"Bridge:Host must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{options.Host}'.");
        }

        if (options.Applications.Count == 0)
        {
            problems.Add("Bridge:Applications is empty: configure at least one application.");
        }

        foreach (var (name, app) in options.Applications)
        {
            var key = $"Bridge:Applications:{name}";
            if (!app.Path.StartsWith('/') || app.Path.Length < 2 || app.Path.Contains("//", StringComparison.Ordinal))
            {
                problems.Add($"{key}:Path must be an absolute URL path like /bridge, not '{app.Path}'.");
            }
            else if (!paths.Add(app.Path.TrimEnd('/')))
            {
                problems.Add($"{key}:Path '{app.Path}' is used by another application.");
            }

            Validate(problems, key, app.Limits);
            if (!ContentCacheSpec.TryParse(ResolveSpec(app.Cache, dataRoot), out var cacheSpec, out var cacheProblem))
            {
                problems.Add($"{key}:Cache: {cacheProblem}");
            }
            else if (app.CacheBudgetBytes < 0 || (app.CacheBudgetBytes > 0 && cacheSpec.Kind != ContentCacheKind.Folder))
            {
                problems.Add($"{key}:CacheBudgetBytes must be 0 (none) or a positive size of a path: cache; LRU eviction runs on local folders only.");
            }

            if (app.GraceWindow <= TimeSpan.Zero || app.HandshakeTimeout <= TimeSpan.Zero)
            {
                problems.Add($"{key}: GraceWindow and HandshakeTimeout must be positive.");
            }

            var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (kid, secret) in app.Auth.SigningKeys)
            {
                try
                {
                    var bytes = Convert.FromBase64String(secret);
                    if (bytes.Length < 32)
                    {
                        problems.Add($"{key}:Auth:SigningKeys:{kid} must be at least 32 bytes (base64).");
                    }

                    keys[kid] = bytes;
                }
                catch (FormatException)
                {
                    problems.Add($"{key}:Auth:SigningKeys:{kid} is not base64.");
                }
            }

            var tokens = app.Auth.Tokens.Select(t => new StaticToken(t.Token, t.Tenant, t.MaxSessions)).ToList();
            if (tokens.Any(t => t.Token.Length < 16))
            {
                problems.Add($"{key}:Auth:Tokens: every token must be at least 16 characters.");
            }

            handlers[name] = new SignedTokenSessionHandler(keys, new StaticTokenSessionHandler(tokens), time);
            applications.Add(new ApplicationSettings(
                name,
                app.Path.TrimEnd('/'),
                ResolveSpec(app.Cache, dataRoot),
                Path.GetFullPath(app.Snapshots, dataRoot),
                app.Open,
                app.GraceWindow,
                app.HandshakeTimeout,
                app.AllowedOrigins,
                new ApplicationLimits(
                    app.Limits.MaxSessions,
                    app.Limits.MaxSessionsPerTenant,
                    app.Limits.MaxMessageBytes,
                    app.Limits.MaxInFlightBytes,
                    app.Limits.MaxMessagesPerSecond,
                    app.Limits.MaxOutboundBytes,
                    app.Limits.MaxOutboundMessages,
                    app.Limits.PingInterval,
                    app.Limits.PingTimeout,
                    app.Limits.MaxForwardedLogLevel,
                    app.Limits.MaxTenantCacheBytes),
                app.CacheBudgetBytes));
        }

        if (problems.Count > 0)
        {
            throw new BridgeConfigurationException(problems);
        }

        return new ApplicationCatalog(applications, handlers);
    }

    /// <summary>Makes a <c>path:</c> spec absolute under the data root; other specs pass through.</summary>
    public static string ResolveSpec(string spec, string dataRoot) =>
        spec.StartsWith("path:", StringComparison.Ordinal) ? "path:" + Path.GetFullPath(spec["path:".Length..], dataRoot) : spec;

    private static void Validate(List<string> problems, string key, LimitsOptions limits)
    {
        if (limits.MaxSessions < 1 || limits.MaxSessionsPerTenant < 1 || limits.MaxMessagesPerSecond < 1 || limits.MaxOutboundMessages < 1)
        {
            problems.Add($"{key}:Limits: session counts, message rate and outbound message count must be at least 1.");
        }

        if (limits.MaxMessageBytes < 1024 || limits.MaxInFlightBytes < limits.MaxMessageBytes || limits.MaxOutboundBytes < limits.MaxMessageBytes)
        {
            problems.Add($"{key}:Limits: MaxMessageBytes must be at least 1024 and no larger than MaxInFlightBytes and MaxOutboundBytes.");
        }

        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(limits.MaxForwardedLogLevel, ignoreCase: true, out var level) || level == Microsoft.Extensions.Logging.LogLevel.None)
        {
            problems.Add($"{key}:Limits:MaxForwardedLogLevel must be Trace, Debug, Information, Warning, Error or Critical, not '{limits.MaxForwardedLogLevel}'.");
        }

        if (limits.MaxTenantCacheBytes < 0)
        {
            problems.Add($"{key}:Limits:MaxTenantCacheBytes must be 0 (no quota) or positive.");
        }

        if (limits.PingInterval <= TimeSpan.Zero || limits.PingTimeout <= limits.PingInterval)
        {
            problems.Add($"{key}:Limits: PingInterval must be positive and PingTimeout longer than it.");
        }
    }
}

/// <summary>The configuration is invalid; the message lists every problem.</summary>
public sealed class BridgeConfigurationException : Exception
{
    public BridgeConfigurationException(IReadOnlyList<string> problems)
        : base("The server configuration is invalid:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Problems = problems;
    }

    public BridgeConfigurationException()
        : this([])
    {
    }

    public BridgeConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public BridgeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
