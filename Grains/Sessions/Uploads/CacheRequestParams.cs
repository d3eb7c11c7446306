using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>Parsing of the cache methods' parameters: JSON shape first, then every key, before any storage call.</summary>
internal static class CacheRequestParams
{
    /// <summary>Deserialises <paramref name="parameters"/>; a wrong shape is a false return, never an exception.</summary>
    public static bool TryRead<T>(JsonElement parameters, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? value)
        where T : class => RequestParams.TryRead(parameters, info, out value, out _);

    /// <summary>A parsed key, or the 4500 refusal naming where it was.</summary>
    public static bool TryKey(string? text, string where, out ContentHash hash, out RequestResult refusal)
    {
        if (ContentHash.TryParse(text, out hash))
        {
            refusal = default;
            return true;
        }

        var shown = text is null ? "null" : $"'{(text.Length > 80 ? text[..80] + "…" : text)}'";
        refusal = RequestResult.Fail(ErrorCode.CacheKeyInvalid, $"{where} is {shown}: {ErrorCodes.Describe(ErrorCode.CacheKeyInvalid)}");
        return false;
    }

}
