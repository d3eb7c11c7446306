using System.Diagnostics.CodeAnalysis;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Storage.Cache;

/// <summary>A parsed cache spec: the backend and what follows its prefix.</summary>
/// <param name="Kind">The backend.</param>
/// <param name="Value">The folder, the Azure location, or the server's URL.</param>
public sealed record ContentCacheSpec(ContentCacheKind Kind, string Value)
{
    /// <summary>Parses a spec; on failure <paramref name="error"/> says what is wrong, without secrets.</summary>
    public static bool TryParse(string? spec, [NotNullWhen(true)] out ContentCacheSpec? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        error = null;
        var (kind, value) = spec switch
        {
            null => (default(ContentCacheKind?), string.Empty),
            _ when spec.StartsWith("path:", StringComparison.Ordinal) => (ContentCacheKind.Folder, spec["path:".Length..]),
            _ when spec.StartsWith("azure:", StringComparison.Ordinal) => (ContentCacheKind.Azure, spec["azure:".Length..]),
            _ when spec.StartsWith("address:", StringComparison.Ordinal) => (ContentCacheKind.Address, spec["address:".Length..]),
            _ => (default(ContentCacheKind?), string.Empty),
        };

        switch (kind)
        {
            case null:
                error = $"'{Describe(spec ?? string.Empty)}' names no cache backend; use path:<dir>, azure:<connection string>;container=<name> or address:<http://host:port>.";
                return false;
            case ContentCacheKind.Folder when value.Length == 0:
                error = "path: needs a folder.";
                return false;
            case ContentCacheKind.Azure when !AzureBlobLocation.TryParse(value, out _, out var azureError):
                error = $"azure: {azureError}";
                return false;
            case ContentCacheKind.Address when !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps):
                error = $"address: '{value}' is not an http(s) URL.";
                return false;
            default:
                parsed = new ContentCacheSpec(kind.Value, value);
                return true;
        }
    }

    /// <summary>The spec as it may be printed: Azure account keys replaced by <c>***</c>.</summary>
    public static string Describe(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.StartsWith("azure:", StringComparison.Ordinal) ? "azure:" + AzureBlobLocation.Redact(spec["azure:".Length..]) : spec;
    }
}
