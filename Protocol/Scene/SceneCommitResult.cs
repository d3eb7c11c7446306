using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>The outcome of applying a transaction: the new manifest and its new elements, or the problems.</summary>
/// <param name="Manifest">The new head when <see cref="Problems"/> is empty; the old head otherwise.</param>
/// <param name="NewElements">Canonical bytes of the elements the new head adds, by hash, to store in the cache.</param>
/// <param name="Problems">Why the commit is refused; nothing is applied when there is any.</param>
public sealed record SceneCommitResult(SceneManifest Manifest, IReadOnlyDictionary<ContentHash, byte[]> NewElements, IReadOnlyList<SceneProblem> Problems)
{
    /// <summary>True when the commit applies.</summary>
    public bool Committed => Problems.Count == 0;
}
