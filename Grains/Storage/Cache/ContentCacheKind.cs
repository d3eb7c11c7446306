namespace OrleansBridge.Storage.Cache;

/// <summary>Which backend a cache spec names.</summary>
public enum ContentCacheKind
{
    /// <summary><c>path:&lt;dir&gt;</c>: a folder.</summary>
    Folder,

    /// <summary><c>azure:&lt;connection string&gt;;container=&lt;name&gt;</c>: Azure Blob Storage.</summary>
    Azure,

    /// <summary><c>address:&lt;http://host:port&gt;</c>: a cache server.</summary>
    Address,
}
