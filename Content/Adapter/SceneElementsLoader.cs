using OrleansBridge.Cache;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// Reads a committed scene by manifest hash: the manifest, then each element's canonical JSON, from
/// a blob source. This is what makes render workers stateless (DESIGN.md, data model): a request
/// names a manifest hash and the worker fetches the rest.
/// </summary>
public static class SceneElementsLoader
{
    /// <summary>Bytes of one manifest or element read at most: elements are small JSON, bulk lives elsewhere.</summary>
    public const long MaxElementBytes = 64L << 20;

    /// <summary>Loads the manifest <paramref name="manifestHash"/> and its elements.</summary>
    public static async Task<SceneElementsResult> LoadAsync(ContentHash manifestHash, IBlobSource blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var read = await blobs.ReadAsync(manifestHash, MaxElementBytes, cancellationToken);
        if (!read.Succeeded)
        {
            return new SceneElementsResult(read.Error, $"Manifest {manifestHash}: {read.Message}", null);
        }

        var parsed = SceneManifest.TryParse(read.Bytes.Span, out var manifest);
        if (parsed != ErrorCode.None)
        {
            return new SceneElementsResult(parsed, $"{manifestHash} is not a scene manifest this server reads.", null);
        }

        var elements = new Dictionary<string, SceneElement>(manifest.Elements.Count, StringComparer.Ordinal);
        foreach (var (name, hash) in manifest.Elements)
        {
            var bytes = await blobs.ReadAsync(hash, MaxElementBytes, cancellationToken);
            if (!bytes.Succeeded)
            {
                return new SceneElementsResult(bytes.Error, $"Element '{name}' ({hash}): {bytes.Message}", null);
            }

            if (SceneCanonical.TryDeserialize(bytes.Bytes.Span, out var element, out var problem) != ErrorCode.None)
            {
                return new SceneElementsResult(ErrorCode.SceneElementInvalid, $"Element '{name}' ({hash}) does not parse: {problem}", null);
            }

            elements[name] = element!;
        }

        return new SceneElementsResult(ErrorCode.None, null, elements);
    }

    /// <summary>The manifest hash of a scene given as elements (as a commit of exactly these elements would compute it).</summary>
    public static ContentHash ManifestHash(IReadOnlyDictionary<string, SceneElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var hashes = elements.ToDictionary(e => e.Key, e => SceneCanonical.Hash(e.Value), StringComparer.Ordinal);
        return (SceneManifest.Empty with { Elements = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, hashes) }).ComputeHash();
    }
}
