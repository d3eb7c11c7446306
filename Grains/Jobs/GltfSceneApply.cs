using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Jobs;

/// <summary>
/// Applies an import to a session's scene in one transaction. Merge: the elements are added (a name
/// already in the head is a 4604 conflict, nothing applied). Replace: what the head holds under the
/// prefix (everything, for an empty prefix) is removed in the same transaction. A scene has one root
/// element: when the head has one outside the prefix, the import's roots join it (and its camera
/// becomes the scene's camera when the scene had none); otherwise the import's root is put as it is.
/// </summary>
internal static class GltfSceneApply
{
    /// <summary>Elements per <c>PutAsync</c> call, as the SDK batches them.</summary>
    private const int PutBatch = 500;

    public static async Task<SceneOutcome<CommitResult>> ApplyAsync(ISceneGrain scene, GltfImportResult imported, string prefix, bool replace, CancellationToken cancel)
    {
        var begun = await scene.BeginAsync();
        if (begun.Error != ErrorCode.None)
        {
            return SceneOutcome.Fail<CommitResult>(begun.Error, begun.Message);
        }

        var transaction = begun.Value!.Transaction;
        var committed = false;
        try
        {
            // Read after begin: a commit in between changes the head's hash of what we edit, and our
            // commit then fails with a conflict instead of overwriting it.
            var head = await scene.GetElementsAsync(null);
            var removed = replace ? head.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
            var headRoot = head.FirstOrDefault(e => e.Value is SceneRootElement);
            var importedRoot = (SceneRootElement)imported.Elements[imported.SceneRoot!];
            var puts = new Dictionary<string, SceneElement>(StringComparer.Ordinal);
            var conflicts = new List<SceneProblem>();
            foreach (var (name, element) in imported.Elements)
            {
                if (name == imported.SceneRoot && headRoot.Value is SceneRootElement current)
                {
                    // One root element per scene: it keeps the head's name unless replace removes it.
                    var rootName = removed.Contains(headRoot.Key) ? name : headRoot.Key;
                    puts[rootName] = Join(current, importedRoot, removed);
                    continue;
                }

                if (head.ContainsKey(name) && !removed.Contains(name))
                {
                    conflicts.Add(new SceneProblem(name, ErrorCode.SceneConflict, $"'{name}' already exists; import under another prefix or with replace."));
                }

                puts[name] = element;
            }

            if (conflicts.Count > 0)
            {
                return SceneOutcome.Refused<CommitResult>(conflicts);
            }

            cancel.ThrowIfCancellationRequested();
            var toRemove = removed.Where(n => !puts.ContainsKey(n)).ToList();
            if (toRemove.Count > 0 && await scene.RemoveAsync(transaction, toRemove) is { Error: not ErrorCode.None } removeFailed)
            {
                return SceneOutcome.Fail<CommitResult>(removeFailed.Error, removeFailed.Message);
            }

            foreach (var batch in puts.Chunk(PutBatch))
            {
                var put = await scene.PutAsync(transaction, batch.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
                if (put.Error != ErrorCode.None)
                {
                    return SceneOutcome.Fail<CommitResult>(put.Error, put.Message);
                }
            }

            cancel.ThrowIfCancellationRequested();
            committed = true; // the commit ends the transaction whatever its outcome
            return await scene.CommitAsync(transaction);
        }
        finally
        {
            if (!committed)
            {
                await scene.AbortAsync(transaction);
            }
        }
    }

    /// <summary>
    /// The head's root with the imported roots: they take the place of the first root that replace
    /// removes (so re-importing a file under its prefix keeps the order, and the manifest), or go last.
    /// The head's camera and options stay unless removed; the import's camera fills an empty slot.
    /// </summary>
    private static SceneRootElement Join(SceneRootElement current, SceneRootElement imported, HashSet<string> removed)
    {
        var roots = new List<string>();
        var placed = false;
        foreach (var root in current.Roots)
        {
            if (!removed.Contains(root))
            {
                roots.Add(root);
            }
            else if (!placed)
            {
                roots.AddRange(imported.Roots);
                placed = true;
            }
        }

        if (!placed)
        {
            roots.AddRange(imported.Roots);
        }

        return new SceneRootElement(
            roots,
            current.Camera is { } camera && !removed.Contains(camera) ? camera : imported.Camera,
            current.Options is { } options && !removed.Contains(options) ? options : imported.Options);
    }
}
