using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>Listing in hash order, and the removal of temporary files crashed writers left.</summary>
public sealed partial class FolderContentCache
{
    /// <summary>
    /// Lists entries in ascending hash order; the continuation is the last hash listed. Only names that
    /// are valid hashes in their right shard count, so temporary files and strays are never listed.
    /// </summary>
    public Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var after = string.Empty;
        if (continuation is not null)
        {
            if (!ContentHash.TryParse(continuation, out var last))
            {
                return Task.FromResult(CacheResult.Fail<CacheListPage>(ErrorCode.CacheKeyInvalid, "The continuation is not one this cache handed out."));
            }

            after = last.ToString();
        }

        var entries = new List<CacheEntryInfo>();
        foreach (var first in SortedNames(Directory.EnumerateDirectories(_root), 2, after.Length == 0 ? string.Empty : after[..2]))
        {
            foreach (var second in SortedNames(Directory.EnumerateDirectories(Path.Combine(_root, first)), 2, after.Length == 0 || first != after[..2] ? string.Empty : after[2..4]))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var shard = Path.Combine(_root, first, second);
                foreach (var name in SortedNames(Directory.EnumerateFiles(shard), ContentHash.TextLength, string.Empty))
                {
                    if (!name.StartsWith(first + second, StringComparison.Ordinal) || string.CompareOrdinal(name, after) <= 0
                        || !ContentHash.TryParse(name, out var hash))
                    {
                        continue;
                    }

                    var file = new FileInfo(Path.Combine(shard, name));
                    if (!file.Exists)
                    {
                        continue; // Deleted while listing.
                    }

                    entries.Add(InfoOf(hash, file));
                    if (entries.Count == maxEntries)
                    {
                        return Task.FromResult(CacheResult.Ok(new CacheListPage(entries, name)));
                    }
                }
            }
        }

        return Task.FromResult(CacheResult.Ok(new CacheListPage(entries, null)));
    }

    /// <summary>
    /// Deletes temporary files at least <paramref name="minimumAge"/> old that no writer holds (a live
    /// writer keeps an exclusive lock on its file; a killed one's lock died with it). Returns how many.
    /// </summary>
    public int RemoveStaleTemporaryFiles(TimeSpan minimumAge)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(_temporary))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(path) < minimumAge)
                {
                    continue;
                }

                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    File.Delete(path);
                }

                removed++;
            }
            catch (IOException)
            {
                // Held by a live writer, or gone already.
            }
        }

        if (removed > 0)
        {
            CacheLog.TemporaryFilesRemoved(_logger, _root, removed);
        }

        return removed;
    }

    /// <summary>File names of <paramref name="paths"/> of the given length that are lowercase hex, sorted, none before <paramref name="from"/>.</summary>
    private static IEnumerable<string> SortedNames(IEnumerable<string> paths, int length, string from) =>
        paths.Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.Length == length && n.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')) && string.CompareOrdinal(n, from) >= 0)
            .Order(StringComparer.Ordinal);
}
