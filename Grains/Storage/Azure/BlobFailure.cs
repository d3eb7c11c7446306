namespace OrleansBridge.Storage.Azure;

/// <summary>Words a failed Blob service call so that an operator knows where to look.</summary>
internal static class BlobFailure
{
    /// <summary>"…is unavailable", "…refused … check the key", or "…answered … with …".</summary>
    public static string Describe(BlobResponse response, string target, string operation) =>
        response.IsTransient ? $"{target} is unavailable: {operation} got {response}."
        : response.Status == 403 ? $"{target} refused {operation} ({response}): check AccountName and AccountKey."
        : $"{target} answered {operation} with {response}.";
}
