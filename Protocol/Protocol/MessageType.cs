namespace OrleansBridge.Protocol;

/// <summary>The first byte of every frame (docs/protocol.md §3).</summary>
public enum MessageType : byte
{
    /// <summary>Client → server, first frame: version, token, optional resume.</summary>
    Hello = 0x01,
    /// <summary>Server → client: the session is admitted.</summary>
    Welcome = 0x02,
    /// <summary>Server → client: the handshake is refused; the socket closes.</summary>
    Reject = 0x03,
    /// <summary>Either side: keep-alive probe; the peer answers with <see cref="Pong"/>.</summary>
    Ping = 0x04,
    /// <summary>Either side: answer to <see cref="Ping"/>, echoing its request id.</summary>
    Pong = 0x05,
    /// <summary>Either side: carries only the acknowledgement field of the header.</summary>
    Ack = 0x06,
    /// <summary>Either side: ends the session on purpose, with a code and reason.</summary>
    Close = 0x07,
    /// <summary>Client → server, sequenced: a method call.</summary>
    Request = 0x10,
    /// <summary>Server → client, sequenced: the answer to one request.</summary>
    Response = 0x11,
    /// <summary>Server → client, sequenced: a pushed event (session state, forwarded logs).</summary>
    Event = 0x12,
    /// <summary>
    /// Server → client, unsequenced, Bulk layout: one video frame (docs/protocol.md §6.7). Not kept in the
    /// outbox and never replayed: a stale frame is worth nothing after a resume. <c>requestId</c> is the
    /// session's media id, which the client acknowledges with <see cref="MediaAck"/>.
    /// </summary>
    Media = 0x13,
    /// <summary>Client → server, unsequenced, empty: <c>requestId</c> = the highest media id the client has consumed.</summary>
    MediaAck = 0x14,
}

/// <summary>Facts about message types shared by both ends.</summary>
public static class MessageTypes
{
    /// <summary>True for the types that carry a sequence number and are replayed after a resume.</summary>
    public static bool IsSequenced(MessageType type) =>
        type is MessageType.Request or MessageType.Response or MessageType.Event;

    /// <summary>True for the types defined by this protocol version.</summary>
    public static bool IsKnown(MessageType type) => type switch
    {
        MessageType.Hello or MessageType.Welcome or MessageType.Reject or MessageType.Ping or MessageType.Pong
            or MessageType.Ack or MessageType.Close or MessageType.Request or MessageType.Response
            or MessageType.Event or MessageType.Media or MessageType.MediaAck => true,
        _ => false,
    };
}
