using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Applications;

/// <summary>Protocol features of this build plus every registered request method.</summary>
internal sealed class ServerCapabilities : IServerCapabilities
{
    private static readonly string[] Features = ["resume", "logs", "session.info", "session.logs", "session.close"];

    public ServerCapabilities(RequestHandlerRegistry handlers) =>
        Capabilities = [.. Features, .. handlers.Methods.Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Capabilities { get; }
}
