namespace OrleansBridge.Client;

/// <summary>How a client connects, reconnects and identifies itself.</summary>
public sealed class BridgeClientOptions
{
    /// <summary>Sent in Hello, shown in server logs.</summary>
    public string ClientName { get; set; } = "orleansbridge-sdk";

    /// <summary>Sent in Hello, shown in server logs.</summary>
    public string ClientBuild { get; set; } = typeof(BridgeClientOptions).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>The protocol version offered; the server picks the highest it shares.</summary>
    public int ProtocolVersion { get; set; } = Protocol.ProtocolVersions.Current;

    /// <summary>Resume automatically after an unexpected drop, within the server's grace window.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>First wait before reconnecting; doubles per failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the handshake may take.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lowest server log level to forward to <see cref="BridgeSession.LogReceived"/>, or null for none.</summary>
    public string? LogLevel { get; set; }

    /// <summary>Largest message accepted from the server.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 256 << 20;

    /// <summary>Most unacknowledged request bytes the client holds for replay.</summary>
    public long MaxOutboundBytes { get; set; } = 256L << 20;

    /// <summary>
    /// Payload bytes per <c>cache.upload</c> chunk; capped so that a chunk's frame fits the server's
    /// maxMessageBytes. Larger chunks mean fewer messages; the server's maxInFlightBytes bounds how many
    /// travel unanswered at once.
    /// </summary>
    public int UploadChunkBytes { get; set; } = 1 << 20;

    /// <summary>The Origin header to send, for servers with an allow-list; none by default.</summary>
    public string? Origin { get; set; }

    /// <summary>
    /// Other addresses of the same deployment (servers sharing one blob store), tried in turn after the
    /// session's own URL when resuming: attempt n goes to address n modulo their count. Not needed behind
    /// a load balancer, whose one address already reaches every server.
    /// </summary>
    public IReadOnlyList<Uri> AlternateUrls { get; set; } = [];

    /// <summary>
    /// False (the default): each video frame's MediaAck goes out when the frame handlers return. True: the
    /// application calls <see cref="VideoFrame.Acknowledge"/> once the frame is drawn, so the server's
    /// pacing (at most maxPendingFrames unacknowledged, docs/protocol.md §6.7) follows what is on screen;
    /// a frame never acknowledged holds its context's window.
    /// </summary>
    public bool ManualMediaAck { get; set; }

    /// <summary>The clock for keep-alive and backoff; tests substitute a manual one.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
