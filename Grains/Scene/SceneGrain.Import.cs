using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Scene;

/// <summary>Snapshots: pinning the head for a snapshot, importing a snapshot's manifest.</summary>
internal sealed partial class SceneGrain
{
    public async Task<SceneOutcome<SceneHeadPin>> PinHeadAsync(PinOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var manifestBytes = _head.ToCanonicalBytes();
        var manifestHash = ContentHash.Compute(manifestBytes);
        var elementBytes = _head.Elements.Values.Distinct().ToDictionary(h => h, h => (long)SceneCanonical.Serialize(_elements[h]).Length);
        var bulk = _head.Elements.Values.Distinct().SelectMany(h => BulkReferences(_elements[h])).ToHashSet();
        var entries = new HashSet<ContentHash>(elementBytes.Keys) { manifestHash };
        entries.UnionWith(bulk);
        await Ledger.PinAsync(owner, entries);
        if (_head.Elements.Count == 0)
        {
            // A commit stores every manifest it makes; the empty one is never committed, so store it here.
            var stored = await Cache.PutAsync(manifestHash, new MemoryStream(manifestBytes, writable: false), CancellationToken.None);
            if (!stored.Succeeded)
            {
                await Ledger.UnpinAsync(owner.Id, entries);
                return SceneOutcome.Fail<SceneHeadPin>(stored.Error, $"Storing the empty manifest failed: {stored.Detail}");
            }
        }

        return SceneOutcome.Ok(new SceneHeadPin(manifestHash, manifestBytes.Length, _head.Elements, elementBytes, bulk));
    }

    public async Task<SceneOutcome<CommitResult>> ImportAsync(ContentHash manifest, SceneImportMode mode, string prefix, uint requestSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (AppliedBy(requestSequence) is { } applied)
        {
            // The request was replayed (its answer was lost with a silo): it took effect once, answer that.
            return SceneOutcome.Ok(applied);
        }

        var loaded = await TryLoadManifestAsync(manifest);
        if (loaded.Error != ErrorCode.None)
        {
            return SceneOutcome.Fail<CommitResult>(loaded.Error, loaded.Message);
        }

        var imported = loaded.Value!;
        var changes = new SceneChanges(_head);
        if (mode == SceneImportMode.Replace)
        {
            foreach (var name in _head.Elements.Keys.Where(n => !imported.ContainsKey(n)))
            {
                changes.Remove(name);
            }

            foreach (var (name, element) in imported)
            {
                changes.Put(name, element);
            }
        }
        else
        {
            var problems = new List<SceneProblem>();
            var headRoot = _head.Elements.Keys.FirstOrDefault(n => _elements[_head.Elements[n]] is SceneRootElement);
            foreach (var (name, element) in imported)
            {
                var renamed = SceneRename.WithPrefix(element, prefix);
                if (renamed is SceneRootElement root && headRoot is not null)
                {
                    // One scene has one root element: the merged scene's roots join the head's.
                    var current = (SceneRootElement)_elements[_head.Elements[headRoot]];
                    changes.Put(headRoot, current with { Roots = [.. current.Roots, .. root.Roots] });
                    continue;
                }

                if (_head.Elements.ContainsKey(prefix + name))
                {
                    problems.Add(new SceneProblem(prefix + name, ErrorCode.SceneConflict, $"'{prefix + name}' already exists; merge under another prefix."));
                }

                changes.Put(prefix + name, renamed);
            }

            if (problems.Count > 0)
            {
                return SceneOutcome.Refused<CommitResult>(problems);
            }
        }

        var id = $"import{++_nextTransaction}";
        _transactions[id] = changes;
        return await CommitAsync(id, requestSequence);
    }

    /// <summary>Reads a stored manifest and its elements; a missing entry or unknown format is an error value.</summary>
    private async Task<SceneOutcome<Dictionary<string, SceneElement>>> TryLoadManifestAsync(ContentHash hash)
    {
        var bytes = await TryReadEntryAsync(hash);
        if (bytes is null)
        {
            return SceneOutcome.Fail<Dictionary<string, SceneElement>>(ErrorCode.SceneMissingCacheEntry, $"Manifest {hash} is not in the application's cache.");
        }

        var code = SceneManifest.TryParse(bytes, out var manifest);
        if (code != ErrorCode.None)
        {
            return SceneOutcome.Fail<Dictionary<string, SceneElement>>(code, $"Manifest {hash} is unreadable ({code}).");
        }

        var elements = new Dictionary<string, SceneElement>(StringComparer.Ordinal);
        foreach (var (name, elementHash) in manifest.Elements)
        {
            var elementBytes = await TryReadEntryAsync(elementHash);
            if (elementBytes is null)
            {
                return SceneOutcome.Fail<Dictionary<string, SceneElement>>(ErrorCode.SceneMissingCacheEntry, $"Element '{name}' ({elementHash}) is not in the application's cache.");
            }

            if (SceneCanonical.TryDeserialize(elementBytes, out var element, out var message) != ErrorCode.None)
            {
                return SceneOutcome.Fail<Dictionary<string, SceneElement>>(ErrorCode.SceneFormatInvalid, $"Element '{name}' is unreadable: {message}");
            }

            elements[name] = element!;
        }

        return SceneOutcome.Ok(elements);
    }

    private async Task<byte[]?> TryReadEntryAsync(ContentHash hash)
    {
        var opened = await Cache.OpenReadAsync(hash, CancellationToken.None);
        if (!opened.Succeeded)
        {
            return null;
        }

        await using var stream = opened.Value;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
