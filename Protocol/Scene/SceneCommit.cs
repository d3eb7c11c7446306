using System.Collections.Immutable;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// Applies a transaction to the current head, atomically and with optimistic concurrency: an element
/// the transaction changes must still have, in the head, the hash it had when the transaction began;
/// otherwise another commit changed it first and this one fails with <see cref="ErrorCode.SceneConflict"/>
/// (never a silent overwrite). The result is validated whole before it becomes the head.
/// </summary>
public static class SceneCommit
{
    /// <summary>Applies <paramref name="changes"/> to <paramref name="head"/>.</summary>
    /// <param name="head">The current committed head.</param>
    /// <param name="changes">The transaction.</param>
    /// <param name="load">Returns a committed element by hash (elements unchanged by the transaction are validated too).</param>
    public static SceneCommitResult Apply(SceneManifest head, SceneChanges changes, Func<ContentHash, SceneElement> load)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(load);
        var problems = new List<SceneProblem>();
        foreach (var name in changes.Changes.Keys)
        {
            var before = changes.Base.Elements.TryGetValue(name, out var b) ? b : (ContentHash?)null;
            var now = head.Elements.TryGetValue(name, out var n) ? n : (ContentHash?)null;
            if (before != now)
            {
                problems.Add(new SceneProblem(name, ErrorCode.SceneConflict, $"'{name}' was changed by a transaction committed after this one began."));
            }
        }

        if (problems.Count > 0)
        {
            return new SceneCommitResult(head, ImmutableDictionary<ContentHash, byte[]>.Empty, problems);
        }

        var elements = head.Elements.ToDictionary(e => e.Key, e => load(e.Value), StringComparer.Ordinal);
        foreach (var (name, element) in changes.Changes)
        {
            if (element is null)
            {
                elements.Remove(name);
            }
            else
            {
                elements[name] = element;
            }
        }

        problems.AddRange(SceneValidator.Validate(elements));
        if (problems.Count > 0)
        {
            return new SceneCommitResult(head, ImmutableDictionary<ContentHash, byte[]>.Empty, problems);
        }

        var added = new Dictionary<ContentHash, byte[]>();
        var builder = head.Elements.ToBuilder();
        foreach (var (name, element) in changes.Changes)
        {
            if (element is null)
            {
                builder.Remove(name);
                continue;
            }

            var bytes = SceneCanonical.Serialize(element);
            var hash = ContentHash.Compute(bytes);
            added[hash] = bytes;
            builder[name] = hash;
        }

        return new SceneCommitResult(head with { Elements = builder.ToImmutable() }, added, []);
    }
}
