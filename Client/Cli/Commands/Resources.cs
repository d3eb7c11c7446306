namespace OrleansBridge.Cli.Commands;

/// <summary>External resources of a .gltf file: relative URIs resolved beside it, never outside its folder.</summary>
internal static class Resources
{
    public static ReadOnlyMemory<byte>? Resolve(FileInfo gltf, string uri)
    {
        var folder = gltf.DirectoryName ?? ".";
        var path = Path.GetFullPath(Uri.UnescapeDataString(uri), folder);
        var inside = path.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(path) ? File.ReadAllBytes(path) : null;
    }
}
