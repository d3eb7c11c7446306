using System.Diagnostics.CodeAnalysis;
using OrleansBridge.Cache;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// What one session holds in its application's cache: its pin owner in the cache's ledger and its
/// uploads in progress, by key. Released by <see cref="SessionCacheRegistry"/> when the session closes.
/// Uploads are added in the session's turn and removed when their put ends, so access is locked.
/// </summary>
internal sealed class SessionCacheState(CacheHandle cache, ICacheLedgerGrain ledger, PinOwner owner, long tenantQuota)
{
    private readonly Dictionary<ContentHash, CacheUpload> _uploads = [];
    private bool _released;

    /// <summary>The application's cache.</summary>
    public CacheHandle Cache { get; } = cache;

    /// <summary>The cache's pin set and quota ledger.</summary>
    public ICacheLedgerGrain Ledger { get; } = ledger;

    /// <summary>The session as a pin owner.</summary>
    public PinOwner Owner { get; } = owner;

    /// <summary>The application's MaxTenantCacheBytes (0: none).</summary>
    public long TenantQuota { get; } = tenantQuota;

    /// <summary>The upload of <paramref name="hash"/> in progress, if any.</summary>
    public bool TryGet(ContentHash hash, [NotNullWhen(true)] out CacheUpload? upload)
    {
        lock (_uploads)
        {
            return _uploads.TryGetValue(hash, out upload);
        }
    }

    /// <summary>
    /// Starts an upload of <paramref name="hash"/>; one already in progress for it is aborted first (a
    /// client that starts again at offset 0 gave up on it). False when the session has too many.
    /// </summary>
    public bool TryBegin(ContentHash hash, long length, Func<CacheUpload, Stream, CancellationToken, Task<CachePutResult>> put, [NotNullWhen(true)] out CacheUpload? upload)
    {
        lock (_uploads)
        {
            if (_uploads.Remove(hash, out var previous))
            {
                previous.Abort();
            }

            if (_released || _uploads.Count >= Protocol.Messages.CacheMethods.MaxUploadsPerSession)
            {
                upload = null;
                return false;
            }

            upload = CacheUpload.Start(hash, length, put);
            _uploads[hash] = upload;
        }

        _ = ForgetWhenEndedAsync(upload);
        return true;
    }

    /// <summary>Aborts the upload of <paramref name="hash"/> and waits until its put has ended; false when none was in progress.</summary>
    public async Task<bool> CancelAsync(ContentHash hash)
    {
        CacheUpload? upload;
        lock (_uploads)
        {
            if (!_uploads.Remove(hash, out upload))
            {
                return false;
            }
        }

        upload.Abort();
        try
        {
            await upload.Completion;
        }
        catch (OperationCanceledException)
        {
            // The expected end of an aborted put: whatever it wrote is gone now.
        }

        return true;
    }

    /// <summary>Aborts every upload and refuses new ones: the session is closing.</summary>
    public IReadOnlyList<CacheUpload> Release()
    {
        List<CacheUpload> uploads;
        lock (_uploads)
        {
            _released = true;
            uploads = [.. _uploads.Values];
            _uploads.Clear();
        }

        foreach (var upload in uploads)
        {
            upload.Abort();
        }

        return uploads;
    }

    private async Task ForgetWhenEndedAsync(CacheUpload upload)
    {
        try
        {
            await upload.Completion;
        }
        catch
        {
            // Observed by the requests that wait on it; here only the bookkeeping matters.
        }

        lock (_uploads)
        {
            if (_uploads.TryGetValue(upload.Hash, out var current) && ReferenceEquals(current, upload))
            {
                _uploads.Remove(upload.Hash);
            }
        }

        upload.Dispose();
    }
}
