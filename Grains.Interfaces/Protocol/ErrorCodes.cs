namespace OrleansBridge.Protocol;

/// <summary>Default human-readable messages for <see cref="ErrorCode"/>s.</summary>
public static class ErrorCodes
{
    /// <summary>A message a person can act on, used when the raising site has nothing more specific.</summary>
    public static string Describe(ErrorCode code) => code switch
    {
        ErrorCode.None => "No error.",
        ErrorCode.MalformedFrame => "The frame is malformed: it is shorter than 16 bytes or its header breaks a rule.",
        ErrorCode.UnknownMessageType => "The frame's type byte is not a message type of this protocol version.",
        ErrorCode.MalformedBody => "The message body is not valid JSON of the expected shape.",
        ErrorCode.MessageTooLarge => "The message is larger than the session's maxMessageBytes limit; split bulk data into chunks.",
        ErrorCode.UnsupportedProtocolVersion => "The server supports none of the protocol versions the client offered.",
        ErrorCode.HandshakeTimeout => "No Hello message arrived in time after the WebSocket opened.",
        ErrorCode.UnexpectedMessage => "This message type is not allowed here.",
        ErrorCode.SequenceGap => "A sequence number skipped ahead; a message was lost.",
        ErrorCode.RateLimited => "Too many messages per second; slow down.",
        ErrorCode.TooManyInFlight => "Too many unanswered request bytes; wait for responses before sending more.",
        ErrorCode.OutboundBufferFull => "The client did not acknowledge messages fast enough and the server's buffer for it is full.",
        ErrorCode.KeepAliveTimeout => "The peer did not answer pings in time.",
        ErrorCode.ServerShuttingDown => "The server is shutting down; reconnect to resume.",
        ErrorCode.TextMessageNotAllowed => "Text WebSocket messages are not part of the protocol; send binary frames.",
        ErrorCode.TokenMissing => "No security token was presented.",
        ErrorCode.TokenInvalid => "The security token is not valid for this application.",
        ErrorCode.TokenExpired => "The security token has expired; obtain a new one.",
        ErrorCode.TokenSignatureInvalid => "The security token's signature does not verify.",
        ErrorCode.TenantSessionLimit => "The tenant already has its maximum number of concurrent sessions.",
        ErrorCode.ApplicationSessionLimit => "The application already has its maximum number of sessions.",
        ErrorCode.ApplicationClosed => "The application is not open for sessions.",
        ErrorCode.ApplicationNotFound => "No application is configured at this path.",
        ErrorCode.OriginNotAllowed => "The page's origin is not allowed to connect to this application.",
        ErrorCode.SessionNotFound => "The session does not exist or has been closed.",
        ErrorCode.ResumeTokenInvalid => "The resume token does not match the session.",
        ErrorCode.ResumeSequenceInvalid => "The resume position is outside what the server sent and still holds.",
        ErrorCode.SessionTakenOver => "Another connection resumed this session.",
        ErrorCode.SessionClosed => "The session was closed.",
        ErrorCode.SessionExpired => "The session's grace window passed before the client came back.",
        ErrorCode.UnknownMethod => "The server has no such method.",
        ErrorCode.InvalidArgument => "The request's parameters are missing or out of range.",
        ErrorCode.InternalError => "The server failed while handling the request; see the server log.",
        ErrorCode.Cancelled => "The request was cancelled.",
        ErrorCode.CacheKeyInvalid => "The cache key must be a SHA-256 written as exactly 64 lowercase hexadecimal characters.",
        ErrorCode.CacheEntryNotFound => "The cache has no entry with this hash; upload it first.",
        ErrorCode.CacheHashMismatch => "The uploaded content's SHA-256 does not match the hash it was sent under; nothing was stored. Hash the exact bytes you send.",
        ErrorCode.CacheEntryTooLarge => "The entry is larger than the cache's maximum entry size; nothing was stored. Split the data into smaller entries.",
        ErrorCode.CacheUnavailable => "The cache's storage cannot be reached right now; retry later. The server log names the storage.",
        ErrorCode.CacheStorageError => "The cache's storage refused the operation; check its credentials and permissions in the server log.",
        ErrorCode.CacheQuotaExceeded => "Storing this entry would exceed the tenant's cache quota; nothing was stored. Free space with 'bridge cache gc' or ask for a larger quota.",
        ErrorCode.CacheUploadOutOfOrder => "The chunk does not continue an upload: send chunks in order from offset 0, with the entry's length on the first one.",
        ErrorCode.CacheTooManyUploads => "This session has too many uploads in progress; finish or cancel one before starting another.",
        ErrorCode.SceneElementInvalid => "A scene element is malformed or has a value out of range.",
        ErrorCode.SceneDanglingReference => "A scene element refers to a name that does not exist.",
        ErrorCode.SceneTypeMismatch => "A scene element refers to an element of the wrong kind.",
        ErrorCode.SceneMissingCacheEntry => "A scene element refers to bulk data the cache does not hold; upload it first.",
        ErrorCode.SceneConflict => "Another transaction changed the same element first; begin again from the new head.",
        ErrorCode.SceneReferenceCycle => "Groups contain each other in a cycle.",
        ErrorCode.SceneFormatInvalid => "The manifest or snapshot is not valid JSON of the expected shape.",
        ErrorCode.SceneFormatVersionUnknown => "The manifest or snapshot has a format version this server does not know.",
        ErrorCode.JobUnknown => "The server has no job of that name; see docs/jobs.md for the built-ins and plugins.",
        ErrorCode.JobTooMany => "This session runs the most jobs it may run at once; wait for one to finish or cancel one.",
        ErrorCode.JobNotFound => "No running job of this session has that id; it may have finished already.",
        _ => $"Error {(ushort)code}.",
    };

    /// <summary>The HTTP status that refuses a WebSocket upgrade for an admission error.</summary>
    public static int HttpStatus(ErrorCode code) => code switch
    {
        ErrorCode.TokenMissing or ErrorCode.TokenInvalid or ErrorCode.TokenExpired or ErrorCode.TokenSignatureInvalid => 401,
        ErrorCode.OriginNotAllowed => 403,
        ErrorCode.TenantSessionLimit or ErrorCode.ApplicationSessionLimit => 429,
        ErrorCode.ApplicationNotFound => 404,
        ErrorCode.ApplicationClosed or ErrorCode.ServerShuttingDown => 503,
        _ => 400,
    };
}
