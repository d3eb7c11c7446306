namespace OrleansBridge.Storage.Azure;

/// <summary>HTTP conditional headers of a write (Blob service "Specifying conditional headers").</summary>
/// <param name="IfMatch">Write only if the blob's ETag is this one.</param>
/// <param name="IfNoneMatch">With <c>*</c>: write only if no blob exists (create-only).</param>
/// <param name="LeaseId">The lease the writer holds (<c>x-ms-lease-id</c>): a leased blob refuses writes without it (412).</param>
internal readonly record struct BlobConditions(string? IfMatch, string? IfNoneMatch, string? LeaseId = null)
{
    /// <summary>Unconditional.</summary>
    public static BlobConditions None => default;

    /// <summary><c>If-None-Match: *</c>: create, never overwrite. An existing blob answers 409 (or 412).</summary>
    public static BlobConditions IfNotExists => new(null, "*");

    /// <summary><c>If-Match: etag</c>: replace or delete only the version we read. A changed blob answers 412.</summary>
    public static BlobConditions IfMatches(string etag) => new(etag, null);

    /// <summary>Adds the headers to a request.</summary>
    public void Apply(HttpRequestMessage request)
    {
        if (IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", IfMatch);
        }

        if (IfNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", IfNoneMatch);
        }

        if (LeaseId is not null)
        {
            request.Headers.TryAddWithoutValidation("x-ms-lease-id", LeaseId);
        }
    }
}
