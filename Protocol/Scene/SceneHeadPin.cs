using System.Collections.Immutable;
using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>A scene's head, pinned for another owner (a snapshot) in the scene's own turn.</summary>
/// <param name="Manifest">The manifest's hash.</param>
/// <param name="ManifestBytes">The manifest's canonical length.</param>
/// <param name="Elements">Element hashes by name.</param>
/// <param name="ElementBytes">Canonical length of each distinct element.</param>
/// <param name="Bulk">The bulk data the elements reference.</param>
public sealed record SceneHeadPin(
    ContentHash Manifest,
    long ManifestBytes,
    ImmutableSortedDictionary<string, ContentHash> Elements,
    IReadOnlyDictionary<ContentHash, long> ElementBytes,
    IReadOnlyCollection<ContentHash> Bulk);
