using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// Signs Blob service requests with Shared Key ("Authorize with Shared Key", Azure Storage REST
/// reference): <c>Authorization: SharedKey &lt;account&gt;:&lt;base64 HMAC-SHA256(key, StringToSign)&gt;</c>,
/// where StringToSign is the verb, twelve standard headers (Content-Length empty when zero, as versions
/// 2015-02-21 and later require; Date empty because x-ms-date is sent), the canonicalized x-ms- headers
/// and the canonicalized resource.
/// </summary>
internal static class SharedKeySigner
{
    /// <summary>The REST API version every request asks for.</summary>
    public const string ApiVersion = "2023-11-03";

    /// <summary>Adds x-ms-date, x-ms-version and Authorization. Call last, when every other header is set.</summary>
    public static void Sign(HttpRequestMessage request, AzureStorageAccount account, DateTimeOffset now)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-version");
        request.Headers.TryAddWithoutValidation("x-ms-date", now.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", ApiVersion);
        var toSign = StringToSign(request, account.AccountName);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(account.Key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{account.AccountName}:{signature}");
    }

    /// <summary>The exact string the signature covers.</summary>
    internal static string StringToSign(HttpRequestMessage request, string accountName)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength;
        var builder = new StringBuilder(256);
        builder.Append(request.Method.Method).Append('\n')
            .Append(Join(content, "Content-Encoding")).Append('\n')
            .Append(Join(content, "Content-Language")).Append('\n')
            .Append(length is null or 0 ? string.Empty : length.Value.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Join(content, "Content-MD5")).Append('\n')
            .Append(Join(content, "Content-Type")).Append('\n')
            .Append(string.Empty).Append('\n') // Date: x-ms-date is sent instead.
            .Append(Join(request.Headers, "If-Modified-Since")).Append('\n')
            .Append(Join(request.Headers, "If-Match")).Append('\n')
            .Append(Join(request.Headers, "If-None-Match")).Append('\n')
            .Append(Join(request.Headers, "If-Unmodified-Since")).Append('\n')
            .Append(Join(request.Headers, "Range")).Append('\n');
        AppendCanonicalizedHeaders(builder, request.Headers);
        AppendCanonicalizedResource(builder, accountName, request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request)));
        return builder.ToString();
    }

    /// <summary>Every x-ms- header, lowercased, sorted, <c>name:value\n</c>.</summary>
    private static void AppendCanonicalizedHeaders(StringBuilder builder, HttpRequestHeaders headers)
    {
        var xms = headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(',', h.Value.Select(v => v.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in xms)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    /// <summary><c>/account/encoded-path</c>, then each query parameter as <c>\nname:value</c>, names lowercased and sorted, values decoded.</summary>
    private static void AppendCanonicalizedResource(StringBuilder builder, string accountName, Uri uri)
    {
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return;
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.UnescapeDataString(p[0]).ToLowerInvariant(), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            builder.Append('\n').Append(parameter.Key).Append(':')
                .Append(string.Join(',', parameter.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }
    }

    private static string Join(HttpHeaders? headers, string name) =>
        headers is not null && headers.NonValidated.TryGetValues(name, out var values) ? string.Join(',', values) : string.Empty;
}
