using System.Diagnostics.CodeAnalysis;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// An Azure Storage account parsed from a connection string: the keys this product uses are
/// <c>AccountName</c>, <c>AccountKey</c>, <c>BlobEndpoint</c>, <c>DefaultEndpointsProtocol</c>,
/// <c>EndpointSuffix</c> and <c>UseDevelopmentStorage=true</c> (Azurite's well-known account on
/// 127.0.0.1:10000). Other keys (queue, table, file endpoints) are ignored. Key names are case-insensitive.
/// </summary>
/// <param name="AccountName">The account name, part of every signature.</param>
/// <param name="Key">The decoded account key.</param>
/// <param name="BlobEndpoint">The blob service's base URI, without a trailing slash; path-style for emulators.</param>
internal sealed record AzureStorageAccount(string AccountName, byte[] Key, Uri BlobEndpoint)
{
    /// <summary>The emulator's account name (published by Microsoft for Azurite and the storage emulator).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's account key, published with it; it protects nothing.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses a connection string; on failure <paramref name="error"/> says what is wrong without repeating secrets.</summary>
    public static bool TryParse(string connectionString, [NotNullWhen(true)] out AzureStorageAccount? account, [NotNullWhen(false)] out string? error)
    {
        account = null;
        if (!TryParseSettings(connectionString, out var settings, out error))
        {
            return false;
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            if (settings.ContainsKey("AccountName") || settings.ContainsKey("AccountKey"))
            {
                error = "UseDevelopmentStorage=true cannot be combined with AccountName or AccountKey.";
                return false;
            }

            var endpoint = settings.TryGetValue("BlobEndpoint", out var given) ? given : $"http://127.0.0.1:10000/{DevelopmentAccountName}";
            return TryCreate(DevelopmentAccountName, DevelopmentAccountKey, endpoint, out account, out error);
        }

        if (!settings.TryGetValue("AccountName", out var name) || !settings.TryGetValue("AccountKey", out var key))
        {
            error = "The connection string needs AccountName and AccountKey (or UseDevelopmentStorage=true).";
            return false;
        }

        if (!settings.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
            var suffix = settings.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            blobEndpoint = $"{protocol}://{name}.blob.{suffix}";
        }

        return TryCreate(name, key, blobEndpoint, out account, out error);
    }

    /// <summary>The connection string with the value of <c>AccountKey</c> (and any SAS) replaced by <c>***</c>, for logs and banners.</summary>
    public static string Redact(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? parts[i] : parts[i][..eq].Trim();
            if (name.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) || name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = name + "=***";
            }
        }

        return string.Join(';', parts);
    }

    /// <summary>Splits <c>Key=Value;…</c>; values may contain '=' (base64 keys do).</summary>
    internal static bool TryParseSettings(string text, out Dictionary<string, string> settings, [NotNullWhen(false)] out string? error)
    {
        settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"'{(part.Length > 24 ? part[..24] + "…" : part)}' is not a Key=Value setting.";
                return false;
            }

            var key = part[..eq].Trim();
            if (!settings.TryAdd(key, part[(eq + 1)..].Trim()))
            {
                error = $"The setting {key} appears twice.";
                return false;
            }
        }

        return true;
    }

    private static bool TryCreate(string name, string key, string endpoint, [NotNullWhen(true)] out AzureStorageAccount? account, [NotNullWhen(false)] out string? error)
    {
        account = null;
        error = null;
        var decoded = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, decoded, out var length) || length == 0)
        {
            error = $"The AccountKey of account '{name}' is not base64.";
            return false;
        }

        if (!Uri.TryCreate(endpoint.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query))
        {
            error = $"BlobEndpoint '{endpoint}' is not an http(s) URL without a query.";
            return false;
        }

        account = new AzureStorageAccount(name, decoded[..length], uri);
        return true;
    }
}
