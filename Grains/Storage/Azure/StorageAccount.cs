namespace OrleansBridge.Storage.Azure;

/// <summary>The storage account behind an <c>azure:</c> spec, for the services beside its blobs (the membership table).</summary>
public static class StorageAccount
{
    /// <summary>
    /// The connection string of the account in <c>azure:&lt;connection string&gt;;container=&lt;name&gt;</c>
    /// (without <c>container=</c>; <c>UseDevelopmentStorage=true</c> expanded, with Azurite's table
    /// endpoint), or null with <paramref name="error"/> when the spec is not one.
    /// </summary>
    public static string? ConnectionStringOf(string spec, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        error = null;
        if (!spec.StartsWith("azure:", StringComparison.Ordinal))
        {
            error = "not an azure: spec";
            return null;
        }

        return AzureBlobLocation.TryParse(spec["azure:".Length..], out var location, out error) ? location.ConnectionString : null;
    }
}
