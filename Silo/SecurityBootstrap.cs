using System.Security.Cryptography;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Silo;

/// <summary>
/// Makes sure every application can authenticate someone. <c>--token</c> adds a static token to the
/// default application. In Development, an application with no way to authenticate gets a generated
/// token, kept in <c>&lt;data&gt;/dev-token</c> so it survives restarts, and printed at start.
/// Outside Development such an application stops the server from starting.
/// </summary>
internal sealed class SecurityBootstrap
{
    private const string DefaultApplication = "bridge";
    private readonly IHostEnvironment _environment;

    public SecurityBootstrap(IHostEnvironment environment) => _environment = environment;

    /// <summary>The generated development token, when one was needed.</summary>
    public string? DevelopmentToken { get; private set; }

    /// <summary>The token given with <c>--token</c>, if any.</summary>
    public string? CommandLineToken { get; private set; }

    public void Apply(BridgeOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token) && options.Applications.Count > 0)
        {
            var target = options.Applications.TryGetValue(DefaultApplication, out var named) ? named : options.Applications.Values.First();
            target.Auth.Tokens.Add(new StaticTokenOptions { Token = options.Token, Tenant = "default" });
            CommandLineToken = options.Token;
        }

        var unauthenticated = options.Applications.Where(a => !a.Value.Auth.IsConfigured).Select(a => a.Key).ToList();
        if (unauthenticated.Count == 0)
        {
            return;
        }

        if (!_environment.IsDevelopment())
        {
            throw new BridgeConfigurationException([
                $"Application(s) {string.Join(", ", unauthenticated)} have no way to authenticate clients. " +
                "Pass --token T, or configure Bridge:Applications:<name>:Auth:Tokens or :SigningKeys. " +
                "(Only the Development environment generates a token by itself.)",
            ]);
        }

        DevelopmentToken = LoadOrCreateDevelopmentToken(BridgeServer.DataRoot(options));
        foreach (var name in unauthenticated)
        {
            options.Applications[name].Auth.Tokens.Add(new StaticTokenOptions { Token = DevelopmentToken, Tenant = "dev" });
        }
    }

    private static string LoadOrCreateDevelopmentToken(string dataRoot)
    {
        var path = Path.Combine(dataRoot, "dev-token");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(dataRoot);
        var token = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, token);
        return token;
    }
}
