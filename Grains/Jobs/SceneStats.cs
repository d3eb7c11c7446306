namespace OrleansBridge.Jobs;

/// <summary>The result of <c>scene.stats</c>.</summary>
/// <param name="Version">The committed head's version.</param>
/// <param name="Elements">Committed elements.</param>
/// <param name="ByKind">Elements per kind.</param>
/// <param name="Triangles">Triangles over all meshes (not multiplied by instances).</param>
/// <param name="BulkEntries">Distinct cache entries the elements reference.</param>
/// <param name="BulkBytes">Their bytes, as the cache reports them.</param>
/// <param name="MissingBulk">Referenced entries the cache no longer reports.</param>
/// <param name="Bounds">Bounds of all mesh positions in mesh space, or null when not computed.</param>
internal sealed record SceneStats(long Version, int Elements, SortedDictionary<string, int> ByKind, long Triangles, int BulkEntries, long BulkBytes, int MissingBulk, SceneBounds? Bounds);
