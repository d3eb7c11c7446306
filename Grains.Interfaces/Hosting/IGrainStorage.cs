namespace OrleansBridge.Hosting;

/// <summary>A stored grain state record: its bytes and ETag.</summary>
public sealed record GrainStateRecord(ReadOnlyMemory<byte> Data, string Etag);

/// <summary>
/// Where grain state lives (a folder, Azure Blob Storage). Writes follow HTTP conditional semantics:
/// <c>etag == null</c> means create only if absent (<c>If-None-Match: *</c>); otherwise replace only
/// if the stored ETag matches (<c>If-Match</c>). A failed condition throws <see cref="GrainStateConflictException"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a record, or null when none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(string grainType, string key, CancellationToken cancellationToken);

    /// <summary>Writes a record conditionally and returns its new ETag.</summary>
    Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken);

    /// <summary>Deletes a record if its ETag matches.</summary>
    Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken);
}
