using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>The persisted state of a scene grain: the head manifest's hash (the manifest and its elements are in the cache) and the version.</summary>
internal sealed record SceneRecord(ContentHash Manifest, long Version);
