using System.Diagnostics.CodeAnalysis;
using Azure.Storage.Blobs;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// A container in a storage account, written as a connection string with one more setting,
/// <c>container=&lt;name&gt;</c> (the text after <c>azure:</c> in a cache or grain storage spec).
/// Parsed once: the container setting is taken off, <c>UseDevelopmentStorage=true</c> becomes
/// Azurite's well-known account (so that a <c>BlobEndpoint</c> on another port may go with it), and
/// the rest is checked by the SDK's own connection-string parser.
/// </summary>
/// <param name="ConnectionString">What <see cref="BlobServiceClient"/> is given: the spec without <c>container=</c>.</param>
/// <param name="Container">The container's name.</param>
/// <param name="BlobEndpoint">The blob service's URI, for messages.</param>
internal sealed record AzureBlobLocation(string ConnectionString, string Container, Uri BlobEndpoint)
{
    /// <summary>The emulator's account name (published by Microsoft for Azurite and the storage emulator).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's account key, published with it; it protects nothing.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// Setting names as the SDK spells them. Our specs have always taken them in any case; the SDK's
    /// parser is case-sensitive, so known names are respelled before it sees them.
    /// </summary>
    private static readonly string[] KnownSettings =
    [
        "AccountName", "AccountKey", "BlobEndpoint", "DefaultEndpointsProtocol", "EndpointSuffix", "SharedAccessSignature",
        "BlobSecondaryEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint", "UseDevelopmentStorage", "DevelopmentStorageProxyUri",
    ];

    /// <summary>Parses <c>&lt;connection string&gt;;container=&lt;name&gt;</c>; on failure <paramref name="error"/> says what is wrong without repeating secrets.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out AzureBlobLocation? location, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        location = null;
        if (!TryParseSettings(text, out var settings, out error))
        {
            return false;
        }

        if (!settings.Remove("container", out var container))
        {
            error = "The Azure spec needs ';container=<name>' after the connection string.";
            return false;
        }

        if (!IsValidContainerName(container))
        {
            error = $"'{container}' is not a container name: 3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit.";
            return false;
        }

        if (settings.Remove("UseDevelopmentStorage", out var development))
        {
            if (!development.Equals("true", StringComparison.OrdinalIgnoreCase) || settings.ContainsKey("AccountName") || settings.ContainsKey("AccountKey"))
            {
                error = "UseDevelopmentStorage=true cannot be combined with AccountName or AccountKey.";
                return false;
            }

            settings["DefaultEndpointsProtocol"] = "http";
            settings["AccountName"] = DevelopmentAccountName;
            settings["AccountKey"] = DevelopmentAccountKey;
            settings.TryAdd("BlobEndpoint", $"http://127.0.0.1:10000/{DevelopmentAccountName}");
            settings.TryAdd("TableEndpoint", $"http://127.0.0.1:10002/{DevelopmentAccountName}");
        }

        var connectionString = string.Join(';', settings.Select(s => $"{Canonical(s.Key)}={s.Value}"));
        Uri endpoint;
        try
        {
            endpoint = new BlobServiceClient(connectionString).Uri;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            // The SDK's messages name the setting at fault, never its value.
            error = $"The connection string is not one Azure Storage accepts: {ex.Message} (it needs AccountName and AccountKey, or UseDevelopmentStorage=true).";
            return false;
        }

        if (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            error = $"BlobEndpoint '{endpoint}' is not an http(s) URL.";
            return false;
        }

        location = new AzureBlobLocation(connectionString, container, endpoint);
        return true;
    }

    /// <summary>Container naming rules of the Blob service.</summary>
    public static bool IsValidContainerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>For messages: the container and endpoint, never the key.</summary>
    public override string ToString() => $"container '{Container}' at {BlobEndpoint.ToString().TrimEnd('/')}";

    /// <summary>Splits <c>Key=Value;…</c>; values may contain '=' (base64 keys do).</summary>
    private static bool TryParseSettings(string text, out Dictionary<string, string> settings, [NotNullWhen(false)] out string? error)
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

    private static string Canonical(string key) =>
        Array.Find(KnownSettings, k => k.Equals(key, StringComparison.OrdinalIgnoreCase)) ?? key;
}
