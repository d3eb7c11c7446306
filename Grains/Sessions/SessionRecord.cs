namespace OrleansBridge.Sessions;

/// <summary>The persisted state of a session grain. The resume token is kept only as its SHA-256.</summary>
internal sealed record SessionRecord(
    string Application,
    string Tenant,
    SessionState State,
    byte[] ResumeTokenHash,
    DateTimeOffset CreatedAt,
    string ClientName,
    string ClientBuild);
