using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Client;

/// <summary>
/// A scene transaction (docs/protocol.md §6.3). It begins on the server at once (so optimistic
/// concurrency is measured from now), collects puts, removals and bulk data locally, and at
/// <see cref="CommitAsync"/> uploads the bulk data the cache lacks (hash first), sends the changes
/// and commits: all of it or nothing. Disposing an uncommitted transaction aborts it.
/// <code>
/// using var tx = session.BeginTransaction();
/// var positions = tx.AddBulk(bytes);
/// tx.Put("tri", new MeshElement(positions, 3));
/// await tx.CommitAsync();
/// </code>
/// </summary>
public sealed class BridgeTransaction : IDisposable, IAsyncDisposable
{
    /// <summary>Elements per <c>scene.put</c> message, well inside the default message size.</summary>
    private const int ElementsPerMessage = 500;

    private readonly BridgeSession _session;
    private readonly Task<BeginResult> _begin;
    private readonly Dictionary<string, SceneElement> _puts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removals = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, ReadOnlyMemory<byte>> _bulk = [];
    private int _finished;

    internal BridgeTransaction(BridgeSession session, Task<BeginResult> begin)
    {
        _session = session;
        _begin = begin;
    }

    /// <summary>Creates or replaces an element (validated at commit).</summary>
    public void Put(string name, SceneElement element)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(element);
        _removals.Remove(name);
        _puts[name] = element;
    }

    /// <summary>Removes an element.</summary>
    public void Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _puts.Remove(name);
        _removals.Add(name);
    }

    /// <summary>Registers bulk data (a vertex array, an image) and returns its hash; it is uploaded at commit only if the cache lacks it.</summary>
    public ContentHash AddBulk(ReadOnlyMemory<byte> data)
    {
        var hash = ContentHash.Compute(data.Span);
        _bulk[hash] = data;
        return hash;
    }

    /// <summary>
    /// Uploads missing bulk data, sends the changes and commits. Throws <see cref="SceneCommitException"/>
    /// listing every problem when the server refuses; nothing is applied then.
    /// </summary>
    public async Task<CommitResult> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            throw new InvalidOperationException("The transaction was already committed or aborted.");
        }

        var begun = await _begin;
        foreach (var data in _bulk.Values)
        {
            await _session.UploadAsync(new MemoryStream(data.ToArray(), writable: false), cancellationToken: cancellationToken);
        }

        foreach (var batch in _puts.Chunk(ElementsPerMessage))
        {
            var put = new PutParams(begun.Transaction, batch.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            Check(await _session.SendAsync("scene.put", put, SceneJson.Default.PutParams, cancellationToken));
        }

        if (_removals.Count > 0)
        {
            Check(await _session.SendAsync("scene.remove", new RemoveParams(begun.Transaction, [.. _removals]), SceneJson.Default.RemoveParams, cancellationToken));
        }

        _session.CommitSending(begun.Transaction);
        var committed = Check(await _session.SendAsync("scene.commit", new TransactionParams(begun.Transaction), SceneJson.Default.TransactionParams, cancellationToken));
        return committed.Result.Deserialize(SceneJson.Default.CommitResult)!;
    }

    /// <summary>Drops the transaction on the server.</summary>
    public async Task AbortAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            var begun = await _begin;
            await _session.SendAsync("scene.abort", new TransactionParams(begun.Transaction), SceneJson.Default.TransactionParams, cancellationToken);
        }
    }

    /// <summary>Aborts if neither committed nor aborted, without waiting for the answer.</summary>
    public void Dispose() => _ = AbortQuietlyAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await AbortQuietlyAsync();

    private async Task AbortQuietlyAsync()
    {
        try
        {
            await AbortAsync();
        }
        catch (Exception ex) when (ex is BridgeRequestException or InvalidOperationException or OperationCanceledException)
        {
            // The session ended or the begin failed: the server drops the transaction with the session.
        }
    }

    private static BridgeResponse Check(BridgeResponse response)
    {
        if (response.IsSuccess)
        {
            return response;
        }

        var problems = response.Details is { ValueKind: JsonValueKind.Array } details
            ? details.Deserialize(SceneJson.Default.IReadOnlyListSceneProblem) ?? []
            : [];
        throw new SceneCommitException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error), problems);
    }
}
