namespace OrleansBridge.Storage.Http;

/// <summary>What a request with retries ended with: a response, or why none came.</summary>
/// <param name="Response">The last response; the caller disposes it. Null when the service never answered.</param>
/// <param name="Failure">Why no response came (connection refused, timed out), when <paramref name="Response"/> is null.</param>
/// <param name="Attempts">How many attempts were made.</param>
internal readonly record struct HttpOutcome(HttpResponseMessage? Response, string? Failure, int Attempts);
