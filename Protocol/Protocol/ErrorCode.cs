namespace OrleansBridge.Protocol;

/// <summary>
/// Stable numeric error codes (docs/protocol.md §7). Every code is in 4000–4999 so that a fatal one
/// is also the WebSocket close status (RFC 6455 §7.4.2 reserves that range for applications).
/// Numbers never change meaning; new codes are appended.
/// </summary>
public enum ErrorCode : ushort
{
    /// <summary>No error.</summary>
    None = 0,

    // 41xx: framing and protocol.
    /// <summary>The frame is shorter than its header, or its header breaks a rule of §2.</summary>
    MalformedFrame = 4100,
    /// <summary>The type byte names no message type of the negotiated version.</summary>
    UnknownMessageType = 4101,
    /// <summary>The JSON body does not parse or lacks a required field.</summary>
    MalformedBody = 4102,
    /// <summary>The message exceeds the session's maxMessageBytes.</summary>
    MessageTooLarge = 4103,
    /// <summary>No protocol version is shared by client and server.</summary>
    UnsupportedProtocolVersion = 4104,
    /// <summary>No Hello arrived within the handshake timeout.</summary>
    HandshakeTimeout = 4105,
    /// <summary>A valid message arrived where the protocol does not allow it (a second Hello, a Response from a client).</summary>
    UnexpectedMessage = 4106,
    /// <summary>A sequence number skipped ahead: a message was lost, which the protocol forbids.</summary>
    SequenceGap = 4107,
    /// <summary>More messages per second than the session's maxMessagesPerSecond.</summary>
    RateLimited = 4108,
    /// <summary>Unanswered requests exceed the session's maxInFlightBytes.</summary>
    TooManyInFlight = 4109,
    /// <summary>Unacknowledged outbound messages exceed the server's bound; the session is closed.</summary>
    OutboundBufferFull = 4110,
    /// <summary>The peer did not answer pings within the keep-alive timeout.</summary>
    KeepAliveTimeout = 4111,
    /// <summary>The server is shutting down.</summary>
    ServerShuttingDown = 4112,
    /// <summary>Text WebSocket messages are not part of the protocol.</summary>
    TextMessageNotAllowed = 4113,

    // 42xx: admission.
    /// <summary>No security token was presented.</summary>
    TokenMissing = 4200,
    /// <summary>The token is not one this application accepts.</summary>
    TokenInvalid = 4201,
    /// <summary>The signed token's expiry has passed.</summary>
    TokenExpired = 4202,
    /// <summary>The signed token's signature does not verify.</summary>
    TokenSignatureInvalid = 4203,
    /// <summary>The tenant already has its maximum number of sessions.</summary>
    TenantSessionLimit = 4204,
    /// <summary>The application already has its maximum number of sessions.</summary>
    ApplicationSessionLimit = 4205,
    /// <summary>The application is configured but not open.</summary>
    ApplicationClosed = 4206,
    /// <summary>No application is configured at this path.</summary>
    ApplicationNotFound = 4207,
    /// <summary>The request's Origin is not in the application's allow-list.</summary>
    OriginNotAllowed = 4208,
    /// <summary>The admin request needs an operator's admin token; a tenant's token may not do this.</summary>
    AdminTokenRequired = 4209,

    // 43xx: sessions.
    /// <summary>The session to resume does not exist (never did, or was closed and released).</summary>
    SessionNotFound = 4300,
    /// <summary>The resume token does not match the session.</summary>
    ResumeTokenInvalid = 4301,
    /// <summary>The client's lastReceivedSeq is outside what the server sent and still holds.</summary>
    ResumeSequenceInvalid = 4302,
    /// <summary>Another connection resumed this session; this one is closed.</summary>
    SessionTakenOver = 4303,
    /// <summary>The session was closed on purpose.</summary>
    SessionClosed = 4304,
    /// <summary>The grace window passed while the session was PENDING.</summary>
    SessionExpired = 4305,
    /// <summary>This silo no longer serves the session (another silo owns it now, or this one is draining): resume at once, through the load balancer.</summary>
    SessionMoved = 4306,
    /// <summary>The silo is draining and accepts no new connections; connect to another one.</summary>
    ServerDraining = 4307,
    /// <summary>The PENDING session was closed to admit a new session of its tenant past the tenant's cap.</summary>
    SessionDisplaced = 4308,

    // 44xx: requests.
    /// <summary>The request names a method the server does not have.</summary>
    UnknownMethod = 4400,
    /// <summary>The request's parameters are missing or out of range.</summary>
    InvalidArgument = 4401,
    /// <summary>The server failed while handling the request; the log has details.</summary>
    InternalError = 4402,
    /// <summary>The request was cancelled.</summary>
    Cancelled = 4403,

    // 45xx: content-addressed cache.
    /// <summary>The cache key is not a SHA-256 written as exactly 64 lowercase hex characters.</summary>
    CacheKeyInvalid = 4500,
    /// <summary>No cache entry has this key.</summary>
    CacheEntryNotFound = 4501,
    /// <summary>The uploaded content's SHA-256 differs from its key; nothing was stored.</summary>
    CacheHashMismatch = 4502,
    /// <summary>The entry is larger than the cache's maximum entry size; nothing was stored.</summary>
    CacheEntryTooLarge = 4503,
    /// <summary>The cache's storage did not answer (down, unreachable, or failing) after retries.</summary>
    CacheUnavailable = 4504,
    /// <summary>The cache's storage refused the operation (credentials, permissions, an unexpected answer).</summary>
    CacheStorageError = 4505,
    /// <summary>Storing the entry would take the tenant past its cache quota; nothing was stored.</summary>
    CacheQuotaExceeded = 4506,
    /// <summary>An upload chunk does not continue an upload: wrong offset, no upload in progress, or a length that disagrees.</summary>
    CacheUploadOutOfOrder = 4507,
    /// <summary>The session already has the most uploads in progress it may have.</summary>
    CacheTooManyUploads = 4508,

    // 46xx: scene database.
    /// <summary>An element is malformed or a value is out of range.</summary>
    SceneElementInvalid = 4600,
    /// <summary>An element refers to a name that does not exist.</summary>
    SceneDanglingReference = 4601,
    /// <summary>An element refers to an element of the wrong kind.</summary>
    SceneTypeMismatch = 4602,
    /// <summary>An element refers to bulk data the cache does not hold.</summary>
    SceneMissingCacheEntry = 4603,
    /// <summary>Another transaction committed a change to an element this one changes.</summary>
    SceneConflict = 4604,
    /// <summary>Groups contain each other in a cycle.</summary>
    SceneReferenceCycle = 4605,
    /// <summary>A manifest or snapshot is not valid JSON of the expected shape.</summary>
    SceneFormatInvalid = 4606,
    /// <summary>A manifest or snapshot carries a format version this build does not know.</summary>
    SceneFormatVersionUnknown = 4607,

    // 4700–4719: jobs.
    /// <summary>The server has no job of that name.</summary>
    JobUnknown = 4700,
    /// <summary>The session already runs the most jobs it may run at once.</summary>
    JobTooMany = 4701,
    /// <summary>No running job of this session has that id (it may have finished).</summary>
    JobNotFound = 4702,
    // 4720–4739: scene snapshots.
    /// <summary>The snapshot policy does not let this tenant save snapshots.</summary>
    SnapshotDenied = 4720,
    /// <summary>The tenant already holds the most snapshots the policy allows; remove one first.</summary>
    SnapshotLimitReached = 4721,
    /// <summary>No snapshot of that name exists for this application and tenant.</summary>
    SnapshotNotFound = 4722,
    /// <summary>A snapshot of that name already exists; remove it or choose another name.</summary>
    SnapshotExists = 4723,
    /// <summary>An incremental snapshot needs an earlier snapshot saved by the same session.</summary>
    SnapshotNoParent = 4724,
    // 4730–4739: glTF import.
    /// <summary>The file is not a readable glTF 2.0 asset: bad GLB magic, version or lengths, a truncated chunk, invalid JSON, no asset object.</summary>
    GltfMalformed = 4730,
    /// <summary>The glTF document breaks a rule of the specification: a reference to something that does not exist, an accessor outside its buffer, an index beyond the vertices.</summary>
    GltfInvalid = 4731,
    /// <summary>A buffer or image the glTF file refers to by URI was not supplied (or is not in the cache).</summary>
    GltfResourceMissing = 4732,
    /// <summary>The file requires an extension (extensionsRequired) or a glTF version the importer cannot honour.</summary>
    GltfExtensionRequired = 4733,
    /// <summary>The file declares sizes beyond the importer's limits (vertices, bytes, elements).</summary>
    GltfTooLarge = 4734,
    /// <summary>An image is not a readable PNG or JPEG.</summary>
    GltfImageInvalid = 4735,
    // 4800–4819: rendering.
    /// <summary>The scene has no camera and no geometry a default camera could frame.</summary>
    RenderNoCamera = 4800,
    /// <summary>The requested camera names no camera (or camera instance) of the scene.</summary>
    RenderCameraNotFound = 4801,
    /// <summary>The image size is outside 1 to the server's maximum width and height.</summary>
    RenderSizeInvalid = 4802,
    /// <summary>Samples per pixel or the time budget is outside the server's limits.</summary>
    RenderBudgetInvalid = 4803,
    /// <summary>The output format or tone mapping is not one the renderer writes.</summary>
    RenderFormatInvalid = 4804,
    /// <summary>A texture's image cannot be decoded, or its size differs from the element's.</summary>
    RenderTextureInvalid = 4805,
    /// <summary>A mesh's bulk data has the wrong length or an index past its vertices.</summary>
    RenderMeshInvalid = 4806,
    /// <summary>The image could not be encoded (ffmpeg missing, failing or too slow).</summary>
    RenderEncodeFailed = 4807,
    /// <summary>The scene's bulk data exceeds what one render may load.</summary>
    RenderSceneTooLarge = 4808,
    // 4820–4849: video contexts.
    /// <summary>The session has no video context of that id (it may have been closed).</summary>
    VideoContextNotFound = 4820,
    /// <summary>The session already has the most video contexts it may have.</summary>
    VideoTooManyContexts = 4821,
    /// <summary>A video setting is out of range (size, format, rates, mode).</summary>
    VideoSettingsInvalid = 4822,
    /// <summary>The video encoder failed (its process died or hung); it is restarted with a keyframe.</summary>
    VideoEncoderFailed = 4823,
    /// <summary>The scene cannot be rendered: no committed scene, no such camera, or the scene does not adapt.</summary>
    VideoSceneUnavailable = 4824,
    // 4900–4919: scale-out.
    /// <summary>The silo that ran this request stopped before answering; its effect is unknown unless the request is idempotent.</summary>
    RequestInterrupted = 4900,
    /// <summary>The cache ledger could not be written: other silos kept writing it first; nothing was changed, the request may be retried.</summary>
    CacheLedgerContended = 4910,
    // 4920–4929: retired (render silos over HTTP); render silos are Orleans silos now.
    // 4950–4959: browser clients.
    /// <summary>Local to the JavaScript client: the WebSocket could not be opened, and a browser does not reveal the HTTP status of a refused upgrade.</summary>
    ConnectionRefused = 4950,
}
