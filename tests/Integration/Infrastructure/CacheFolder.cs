using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// Looks into a <c>path:</c> cache on disk, as an operator would: which entries exist, and whether
/// any temporary file of an unfinished put was left behind.
/// </summary>
public sealed class CacheFolder(string root)
{
    /// <summary>The default application's cache of a test server (<c>path:cache</c> under its data folder).</summary>
    public static CacheFolder Of(BridgeTestServer server) => new(Path.Combine(server.DataPath, "cache"));

    public string Root { get; } = root;

    /// <summary>Every entry's key, from the file names in their shards.</summary>
    public IReadOnlyList<ContentHash> Entries() => Directory.Exists(Root)
        ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains(FolderContentCache.TemporaryFolder, StringComparison.Ordinal))
            .Select(p => ContentHash.TryParse(Path.GetFileName(p), out var hash) ? hash : (ContentHash?)null)
            .OfType<ContentHash>()]
        : [];

    /// <summary>Temporary files of puts in progress or abandoned.</summary>
    public int TemporaryFiles()
    {
        var temporary = Path.Combine(Root, FolderContentCache.TemporaryFolder);
        return Directory.Exists(temporary) ? Directory.EnumerateFiles(temporary).Count() : 0;
    }

    /// <summary>The bytes of an entry.</summary>
    public byte[] Read(ContentHash hash)
    {
        var text = hash.ToString();
        return File.ReadAllBytes(Path.Combine(Root, text[..2], text[2..4], text));
    }
}
