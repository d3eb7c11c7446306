using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>
/// The persisted state of a scene grain: the head manifest's hash (the manifest and its elements are in
/// the cache), the version, and in <c>Applied</c> the latest commits with the client sequence of the request that made each, newest last, at most
/// <see cref="AppliedCommit.Kept"/>: written in the same record as the head they produced, so a
/// successor silo tells a commit that took effect from one that did not (docs/architecture.md).
/// </summary>
internal sealed record SceneRecord(ContentHash Manifest, long Version, IReadOnlyList<AppliedCommit>? Applied = null);

/// <summary>One commit and the request that made it.</summary>
internal sealed record AppliedCommit(uint Sequence, string Transaction, ContentHash Manifest, long Version, int Elements)
{
    /// <summary>
    /// How many are kept: every commit whose answer a client may still be waiting for has its own open
    /// transaction, and a scene holds at most 64 of those.
    /// </summary>
    public const int Kept = 64;
}
