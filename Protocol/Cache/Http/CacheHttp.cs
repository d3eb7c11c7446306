using OrleansBridge.Protocol;

namespace OrleansBridge.Cache.Http;

/// <summary>
/// The HTTP surface of the cache server role (docs/cache.md), shared by the server and the
/// <c>address:</c> client so that both speak exactly the same paths, headers and status codes.
/// </summary>
public static class CacheHttp
{
    /// <summary>Entries live under <c>/cache/{hash}</c> (GET, HEAD, PUT, DELETE); GET <c>/cache</c> lists.</summary>
    public const string Prefix = "/cache";

    /// <summary>POST a <see cref="CacheHashesBody"/>; the answer lists the hashes that are missing.</summary>
    public const string MissingPath = "/cache/missing";

    /// <summary>Header carrying the numeric <see cref="ErrorCode"/> of a refused request.</summary>
    public const string ErrorHeader = "Bridge-Error";

    /// <summary>List query parameter: the continuation of the previous page.</summary>
    public const string ContinuationParameter = "continuation";

    /// <summary>List query parameter: the most entries a page may hold.</summary>
    public const string MaxParameter = "max";

    /// <summary>Hashes per missing-query: bounds the request body and the work one request makes.</summary>
    public const int MaxHashesPerQuery = 10_000;

    /// <summary>Entries per list page.</summary>
    public const int MaxListPage = 5_000;

    /// <summary>The path of one entry.</summary>
    public static string EntryPath(ContentHash hash) => $"{Prefix}/{hash}";

    /// <summary>The HTTP status that carries a cache error.</summary>
    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.None => 200,
        ErrorCode.TokenMissing or ErrorCode.TokenInvalid or ErrorCode.TokenExpired or ErrorCode.TokenSignatureInvalid => 401,
        ErrorCode.OriginNotAllowed or ErrorCode.AdminTokenRequired => 403,
        ErrorCode.CacheEntryNotFound => 404,
        ErrorCode.CacheEntryTooLarge => 413,
        ErrorCode.CacheHashMismatch => 422,
        ErrorCode.CacheStorageError => 502,
        ErrorCode.CacheUnavailable => 503,
        ErrorCode.InternalError => 500,
        _ => 400,
    };
}
