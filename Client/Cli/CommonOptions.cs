using System.CommandLine;
using OrleansBridge.Client;

namespace OrleansBridge.Cli;

/// <summary>Options every command takes. Defaults come from BRIDGE_SERVER and BRIDGE_TOKEN.</summary>
internal static class CommonOptions
{
    public static Option<Uri> Server { get; } = new("--server")
    {
        Description = "The application's WebSocket URL, e.g. ws://127.0.0.1:5080/bridge (default: $BRIDGE_SERVER)",
        Recursive = true,
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("BRIDGE_SERVER") ?? "ws://127.0.0.1:5080/bridge"),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss")
            {
                return uri;
            }

            result.AddError($"--server must be a ws:// or wss:// URL, not '{text}'.");
            return null;
        },
    };

    public static Option<string> Token { get; } = new("--token")
    {
        Description = "The security token (default: $BRIDGE_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRIDGE_TOKEN") ?? string.Empty,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object with the results, for scripts",
        Recursive = true,
    };

    /// <summary>
    /// A session client for <c>--server</c> and <c>--token</c>, not yet connected. One-shot commands do not
    /// reconnect: a dropped connection is a failure to report, not something to wait out.
    /// </summary>
    public static BridgeSession CreateSession(ParseResult parse, bool autoReconnect = false) =>
        BridgeClient.Create(
            parse.GetValue(Server)!,
            parse.GetValue(Token) ?? string.Empty,
            new BridgeClientOptions { ClientName = "bridge-cli", AutoReconnect = autoReconnect });
}
