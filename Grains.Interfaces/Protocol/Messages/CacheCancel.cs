namespace OrleansBridge.Protocol.Messages;

/// <summary>Parameters of <c>cache.cancel</c>: the upload of this session to drop.</summary>
/// <param name="Hash">The key of the entry being uploaded.</param>
public sealed record CacheCancelParams(string? Hash);

/// <summary>Result of <c>cache.cancel</c>.</summary>
/// <param name="Cancelled">True when an upload was in progress and its partial content was discarded.</param>
public sealed record CacheCancelResult(bool Cancelled);
