using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansBridge.Cache;
using OrleansBridge.Logging;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Storage;

namespace OrleansBridge.Scene;

/// <summary>Commit: validate, check bulk data, store, then move the head.</summary>
internal sealed partial class SceneGrain
{
    public async Task<SceneOutcome<CommitResult>> CommitAsync(string transaction, uint requestSequence = 0, long receivedAt = 0)
    {
        // A replay of a commit that took effect before the session moved: answer it, never apply it twice.
        if (requestSequence != 0 && AppliedBy(requestSequence) is { } applied)
        {
            return SceneOutcome.Ok(applied);
        }

        if (_fenced)
        {
            return SceneOutcome.Fail<CommitResult>(ErrorCode.SessionMoved, "Another silo serves this session now; the transaction was not committed.");
        }

        if (!_transactions.Remove(transaction, out var changes))
        {
            return UnknownTransaction<CommitResult>(transaction);
        }

        try
        {
            var result = SceneCommit.Apply(_head, changes, hash => _elements[hash]);
            if (!result.Committed)
            {
                LogRefused(SessionId, transaction, result.Problems.Count, (int)result.Problems[0].Code);
                return SceneOutcome.Refused<CommitResult>(result.Problems);
            }

            if (result.Manifest.Elements.Count > MaxElements)
            {
                return SceneOutcome.Fail<CommitResult>(ErrorCode.SceneElementInvalid, $"A scene holds at most {MaxElements} elements.");
            }

            // Pinned before the bulk data is checked and the elements stored, so that no collection can
            // take what the new head will reference in between (deletions and pins take turns).
            var manifestBytes = result.Manifest.ToCanonicalBytes();
            var manifestHash = ContentHash.Compute(manifestBytes);
            var referenced = EntriesOf(result.Manifest, manifestHash, changes);
            await Ledger.PinAsync(PinOwner.Scene(SessionId), referenced);
            var missing = await MissingBulkDataAsync(changes);
            if (missing.Error != ErrorCode.None)
            {
                return missing;
            }

            // Elements and manifest are stored before the head moves: a crash in between leaves
            // unreferenced cache entries, never a head that points at missing data.
            foreach (var (hash, bytes) in result.NewElements)
            {
                var stored = await Cache.PutAsync(hash, new MemoryStream(bytes, writable: false), CancellationToken.None);
                if (!stored.Succeeded)
                {
                    return SceneOutcome.Fail<CommitResult>(stored.Error, $"Storing an element failed: {stored.Detail}");
                }
            }

            var storedManifest = await Cache.PutAsync(manifestHash, new MemoryStream(manifestBytes, writable: false), CancellationToken.None);
            if (!storedManifest.Succeeded)
            {
                return SceneOutcome.Fail<CommitResult>(storedManifest.Error, $"Storing the manifest failed: {storedManifest.Detail}");
            }

            // The request's sequence is stored in the same write as the head it produced: a successor
            // silo finds either both or neither (docs/architecture.md, "No commit lost, none applied twice").
            var previous = _record.State;
            _record.State = new SceneRecord(manifestHash, Version + 1,
                KeepApplied(_record.Stored()?.Applied, requestSequence == 0 ? null : new AppliedCommit(requestSequence, transaction, manifestHash, Version + 1, result.Manifest.Elements.Count)));
            try
            {
                await _record.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                _record.State = previous;
                _fenced = true;
                LogFenced(Key, "a commit's write was refused");
                return SceneOutcome.Fail<CommitResult>(ErrorCode.SessionMoved, "Another silo serves this session now; the transaction was not committed.");
            }
            foreach (var (name, element) in changes.Changes)
            {
                if (element is not null)
                {
                    _elements[result.Manifest.Elements[name]] = element;
                }
            }

            _head = result.Manifest;
            _headHash = manifestHash;
            PruneElements();
            await Ledger.SetPinsAsync(PinOwner.Scene(SessionId), referenced); // what only the old head used is free to go
            LogCommitted(SessionId, transaction, Version, _head.Elements.Count);
            _lifecycle.Publish(new SceneEvent(SessionId, transaction, Committed: true, manifestHash, Version, receivedAt));
            return SceneOutcome.Ok(new CommitResult(transaction, manifestHash, Version, _head.Elements.Count));
        }
        finally
        {
            ReleaseIfIdle();
        }
    }

    /// <summary>Bulk arrays and images referenced by the changed elements must already be in the cache (4603).</summary>
    private async Task<SceneOutcome<CommitResult>> MissingBulkDataAsync(SceneChanges changes)
    {
        var referencedBy = new Dictionary<ContentHash, List<string>>();
        foreach (var (name, element) in changes.Changes)
        {
            foreach (var hash in BulkReferences(element))
            {
                if (!referencedBy.TryGetValue(hash, out var names))
                {
                    referencedBy[hash] = names = [];
                }

                names.Add(name);
            }
        }

        if (referencedBy.Count == 0)
        {
            return SceneOutcome.Ok(new CommitResult(string.Empty, default, 0, 0));
        }

        var missing = await Cache.FindMissingAsync(referencedBy.Keys, CancellationToken.None);
        if (!missing.Succeeded)
        {
            return SceneOutcome.Fail<CommitResult>(missing.Error, $"The cache could not be asked for the scene's bulk data: {missing.Detail}");
        }

        var problems = missing.Value
            .SelectMany(hash => referencedBy[hash].Select(name =>
                new SceneProblem(name, ErrorCode.SceneMissingCacheEntry, $"bulk data {hash} is not in the cache; upload it before committing.")))
            .ToList();
        if (problems.Count > 0)
        {
            LogRefused(SessionId, string.Empty, problems.Count, (int)ErrorCode.SceneMissingCacheEntry);
        }

        return problems.Count == 0 ? SceneOutcome.Ok(new CommitResult(string.Empty, default, 0, 0)) : SceneOutcome.Refused<CommitResult>(problems);
    }

    private static IEnumerable<ContentHash> BulkReferences(SceneElement? element) => element switch
    {
        MeshElement m => new[] { m.Positions, m.Indices, m.Normals, m.Uvs, m.Tangents }.OfType<ContentHash>(),
        TextureElement t => [t.Image],
        _ => [],
    };

    /// <summary>Every cache entry a head needs: its manifest, its elements and the bulk data they reference.</summary>
    private HashSet<ContentHash> EntriesOf(SceneManifest manifest, ContentHash manifestHash, SceneChanges changes)
    {
        var entries = new HashSet<ContentHash> { manifestHash };
        foreach (var (name, hash) in manifest.Elements)
        {
            entries.Add(hash);
            var element = changes.Changes.TryGetValue(name, out var changed) && changed is not null ? changed : _elements[hash];
            entries.UnionWith(BulkReferences(element));
        }

        return entries;
    }

    /// <summary>Keeps in memory only the elements the head references.</summary>
    private void PruneElements()
    {
        var live = _head.Elements.Values.ToHashSet();
        foreach (var hash in _elements.Keys.Where(h => !live.Contains(h)).ToList())
        {
            _elements.Remove(hash);
        }
    }

    private async Task LoadHeadAsync(ContentHash manifestHash, CancellationToken cancellationToken)
    {
        var code = SceneManifest.TryParse(await ReadEntryAsync(manifestHash, cancellationToken), out var manifest);
        if (code != ErrorCode.None)
        {
            throw new InvalidDataException($"Scene {Key}: manifest {manifestHash} is unreadable ({code}).");
        }

        foreach (var hash in manifest.Elements.Values.Distinct())
        {
            if (SceneCanonical.TryDeserialize(await ReadEntryAsync(hash, cancellationToken), out var element, out var message) != ErrorCode.None)
            {
                throw new InvalidDataException($"Scene {Key}: element {hash} is unreadable: {message}");
            }

            _elements[hash] = element!;
        }

        _head = manifest;
        _headHash = manifestHash;
    }

    private async Task<byte[]> ReadEntryAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var opened = await Cache.OpenReadAsync(hash, cancellationToken);
        if (!opened.Succeeded)
        {
            throw new InvalidDataException($"Scene {Key}: cache entry {hash} could not be read ({opened.Error}: {opened.Detail}).");
        }

        await using var stream = opened.Value;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    [LoggerMessage(EventId = LogEvents.SceneCommitted, Level = LogLevel.Debug, Message = "Scene of session {SessionId}: {Transaction} committed as version {Version} ({Elements} elements)")]
    private partial void LogCommitted(string sessionId, string transaction, long version, int elements);

    [LoggerMessage(EventId = LogEvents.SceneCommitRefused, Level = LogLevel.Information, Message = "Scene of session {SessionId}: {Transaction} refused with {Count} problem(s), first code {Code}")]
    private partial void LogRefused(string sessionId, string transaction, int count, int code);
}
