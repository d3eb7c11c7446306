namespace OrleansBridge.Hosting;

/// <summary>
/// A grain's persisted state with an ETag (Orleans' <c>IPersistentState</c> shape). Writes are
/// conditional on the ETag last read or written; a mismatch throws <see cref="GrainStateConflictException"/>,
/// meaning another owner wrote it and this activation must stop serving.
/// </summary>
public interface IPersistentState<TState>
    where TState : class
{
    /// <summary>The current value; null when no record exists.</summary>
    TState? State { get; set; }

    /// <summary>The ETag of the stored record, or null when none exists.</summary>
    string? Etag { get; }

    /// <summary>True when a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the record from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>: create-if-absent when no record was read, replace-if-unchanged otherwise.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the record, conditional on the ETag.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>The stored record changed under this activation: someone else owns the grain now.</summary>
public sealed class GrainStateConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainStateConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainStateConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public GrainStateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
