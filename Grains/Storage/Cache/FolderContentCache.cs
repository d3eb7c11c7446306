using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// The <c>path:</c> backend: entries are files under a folder, sharded by the first two bytes of the
/// hash (<c>ab/cd/abcd…</c>) so that no folder grows past 65,536 neighbours. A put writes a temporary
/// file under <c>.tmp/</c> in the same folder tree, hashes while writing, flushes it to disk and only
/// then, if the hash matches, renames it into place without replacing anything. A reader therefore
/// sees a whole, verified entry or none; a crash leaves at most a temporary file, which reads and
/// listings never look at and <see cref="RemoveStaleTemporaryFiles"/> deletes. Several processes and
/// nodes may share the folder (a network file system with atomic rename).
/// </summary>
public sealed partial class FolderContentCache : IContentCache
{
    /// <summary>The folder of temporary files, inside the root so that the final rename never crosses file systems.</summary>
    public const string TemporaryFolder = ".tmp";

    private const FileShare ReadShare = FileShare.Read | FileShare.Delete;
    private readonly string _root;
    private readonly string _temporary;
    private readonly ContentCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Opens (and creates) the cache under <paramref name="root"/>, deleting stale temporary files.</summary>
    public FolderContentCache(string root, ContentCacheOptions options, TimeProvider time, ILogger<FolderContentCache> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(root);
        _temporary = Path.Combine(_root, TemporaryFolder);
        _options = options;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_temporary);
        RemoveStaleTemporaryFiles(options.StaleTemporaryFileAge);
    }

    /// <summary>The cache's root folder.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public long MaxEntryBytes => _options.MaxEntryBytes;

    /// <summary>Where the entry of <paramref name="hash"/> lives: <c>&lt;root&gt;/ab/cd/&lt;hash&gt;</c>.</summary>
    public string EntryPath(ContentHash hash) => Path.Combine(ShardOf(hash), hash.ToString());

    /// <inheritdoc />
    public Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        IReadOnlyList<ContentHash> missing = [.. hashes.Distinct().Where(h => !File.Exists(EntryPath(h)))];
        return Task.FromResult(CacheResult.Ok(missing));
    }

    /// <inheritdoc />
    public Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var file = new FileInfo(EntryPath(hash));
        return Task.FromResult(file.Exists
            ? CacheResult.Ok(InfoOf(hash, file))
            : CacheResult.Fail<CacheEntryInfo>(ErrorCode.CacheEntryNotFound));
    }

    /// <inheritdoc />
    public Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new FileStream(EntryPath(hash), FileMode.Open, FileAccess.Read, ReadShare, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(CacheResult.Ok(stream));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(CacheResult.Fail<Stream>(ErrorCode.CacheEntryNotFound));
        }
    }

    /// <inheritdoc />
    public Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var path = EntryPath(hash);
        if (!File.Exists(path))
        {
            return Task.FromResult(CacheResult.Fail(ErrorCode.CacheEntryNotFound));
        }

        File.Delete(path); // Readers that have it open keep reading: FileShare.Delete.
        return Task.FromResult(CacheResult.Success);
    }

    /// <summary>
    /// Records a use of an entry by setting its file's access time, which LRU eviction orders by. Set
    /// explicitly because <c>relatime</c>/<c>noatime</c> mounts do not update it on reads; an explicit
    /// set is honoured on every mount and survives a restart. False when the entry is absent.
    /// </summary>
    public bool MarkUsed(ContentHash hash, DateTimeOffset at)
    {
        try
        {
            File.SetLastAccessTimeUtc(EntryPath(hash), at.UtcDateTime);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private string ShardOf(ContentHash hash)
    {
        var name = hash.ToString();
        return Path.Combine(_root, name[..2], name[2..4]);
    }

    private static CacheEntryInfo InfoOf(ContentHash hash, FileInfo file) =>
        new(hash, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), new DateTimeOffset(file.LastAccessTimeUtc, TimeSpan.Zero));
}
