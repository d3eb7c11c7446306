namespace OrleansBridge.Applications;

/// <summary>The persisted state of an application grain.</summary>
internal sealed record ApplicationRecord(bool IsOpen, DateTimeOffset ChangedAt);
