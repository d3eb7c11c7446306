using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace OrleansBridge.Gateway.Viewer;

/// <summary>
/// The viewer's files (<c>Gateway/wwwroot</c>), embedded in the gateway assembly so the server needs
/// no content root and serves the same bytes wherever it is deployed. Loaded once; every asset is
/// small (the page, its script, its style sheet and the JavaScript client module).
/// </summary>
internal static class ViewerAssets
{
    /// <summary>Prefix of the embedded resources' logical names (see Gateway.csproj).</summary>
    private const string ResourcePrefix = "wwwroot/";

    /// <summary>URL prefix of everything but the page itself.</summary>
    public const string UrlPrefix = "/viewer/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // RFC 9239: text/javascript is the one type for JavaScript; module scripts are refused
        // without a JavaScript MIME type (HTML §8.1.1 "fetch a single module script").
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every asset by URL path; <c>index.html</c> is served at <c>/</c>.</summary>
    public static FrozenDictionary<string, ViewerAsset> ByPath { get; } = Load();

    private static FrozenDictionary<string, ViewerAsset> Load()
    {
        var assembly = typeof(ViewerAssets).Assembly;
        var assets = new Dictionary<string, ViewerAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var file = name[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType))
            {
                throw new InvalidOperationException($"The viewer asset {file} has no known content type; add its extension to ViewerAssets.");
            }

            var content = Read(assembly, name);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\"";
            var path = file == "index.html" ? "/" : UrlPrefix + file;
            assets[path] = new ViewerAsset(path, contentType, content, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} cannot be opened.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
