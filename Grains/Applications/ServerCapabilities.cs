using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Applications;

/// <summary>
/// Protocol features of this build plus every registered request method, and where this server renders
/// (<c>render.device.cpu</c>, <c>render.device.cuda</c>, …) when it renders at all.
/// </summary>
internal sealed class ServerCapabilities : IServerCapabilities
{
    private static readonly string[] Features = ["resume", "logs", "session.info", "session.logs", "session.close"];

    public ServerCapabilities(RequestHandlerRegistry handlers, Rendering.RenderServices? render = null) =>
        Capabilities = [.. Features, .. handlers.Methods.Order(StringComparer.Ordinal), .. render is null ? [] : new[] { $"render.device.{render.Backend.Device}" }];

    public IReadOnlyList<string> Capabilities { get; }
}
