using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// The changes of one transaction: elements put (created or replaced) or removed, each remembered
/// with the hash it had in the head the transaction began from (absent: it did not exist).
/// </summary>
public sealed class SceneChanges
{
    private readonly Dictionary<string, SceneElement?> _changes = new(StringComparer.Ordinal);

    /// <summary>Starts a transaction from <paramref name="baseManifest"/>.</summary>
    public SceneChanges(SceneManifest baseManifest) => Base = baseManifest ?? throw new ArgumentNullException(nameof(baseManifest));

    /// <summary>The head the transaction began from.</summary>
    public SceneManifest Base { get; }

    /// <summary>Changed names: the new element, or null for a removal.</summary>
    public IReadOnlyDictionary<string, SceneElement?> Changes => _changes;

    /// <summary>Creates or replaces an element.</summary>
    public void Put(string name, SceneElement element) => _changes[name] = element ?? throw new ArgumentNullException(nameof(element));

    /// <summary>Removes an element (a no-op at commit if it does not exist then either).</summary>
    public void Remove(string name) => _changes[name] = null;
}
