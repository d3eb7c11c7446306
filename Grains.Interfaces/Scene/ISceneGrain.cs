using Orleans;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Scene;

/// <summary>
/// The scene of one session (key: <see cref="SceneKeys.For"/>): its committed head (persisted, with
/// elements and manifests in the application's cache) and its open transactions (in memory; a
/// dropped client's transactions stay open until its session closes). Commits run one turn at a
/// time, so they apply in commit order.
/// </summary>
[Alias("bridge.scene")]
public interface ISceneGrain : IGrainWithStringKey
{
    /// <summary>The committed head.</summary>
    Task<SceneHeadResult> GetHeadAsync();

    /// <summary>Begins a transaction on the current head.</summary>
    Task<SceneOutcome<BeginResult>> BeginAsync();

    /// <summary>Creates or replaces elements in a transaction.</summary>
    Task<SceneOutcome<ChangeResult>> PutAsync(string transaction, IReadOnlyDictionary<string, SceneElement> elements);

    /// <summary>Removes elements in a transaction.</summary>
    Task<SceneOutcome<ChangeResult>> RemoveAsync(string transaction, IReadOnlyList<string> names);

    /// <summary>Commits a transaction: all of it, validated, or nothing. The transaction ends either way.</summary>
    /// <param name="transaction">The transaction to commit.</param>
    /// <param name="requestSequence">The client sequence of the request, kept with the head so a replay after a move is answered, not applied again; 0 for none.</param>
    /// <param name="receivedAt">When the gateway of this process read the commit request (<see cref="TimeProvider.GetTimestamp"/>), passed on to video contexts as the origin of their frames' timelines; 0 for none.</param>
    Task<SceneOutcome<CommitResult>> CommitAsync(string transaction, uint requestSequence = 0, long receivedAt = 0);

    /// <summary>The commit made by the request with client sequence <paramref name="requestSequence"/>, if it took effect (one of the latest 64).</summary>
    Task<CommitResult?> FindCommitAsync(uint requestSequence);

    /// <summary>
    /// The session moved to another silo: drop open transactions and what is held in memory, never
    /// touch the stored head, and deactivate, so the next call activates the scene beside the session.
    /// </summary>
    Task RelinquishAsync();

    /// <summary>Drops a transaction and its changes.</summary>
    Task<SceneOutcome<ChangeResult>> AbortAsync(string transaction);

    /// <summary>Committed elements by name (all when <paramref name="names"/> is null).</summary>
    Task<IReadOnlyDictionary<string, SceneElement>> GetElementsAsync(IReadOnlyList<string>? names);

    /// <summary>
    /// Pins the committed head (manifest, elements, bulk data) for <paramref name="owner"/> in this
    /// grain's turn, so nothing the head references can be collected before the owner holds it. The
    /// empty head's manifest is stored first, so every pinned head can be read back.
    /// </summary>
    Task<SceneOutcome<SceneHeadPin>> PinHeadAsync(PinOwner owner);

    /// <summary>
    /// Imports a stored manifest as one commit, with the rules of a transaction's commit: replace makes
    /// it the head; merge adds its elements under <paramref name="prefix"/> (an existing name is a
    /// <see cref="Protocol.ErrorCode.SceneConflict"/>) and appends its scene roots to the head's.
    /// Like a commit, it is kept with <paramref name="requestSequence"/> (the client sequence of the
    /// request, 0 for none): a replay of the same request answers the import it made instead of importing again.
    /// </summary>
    Task<SceneOutcome<CommitResult>> ImportAsync(ContentHash manifest, SceneImportMode mode, string prefix, uint requestSequence = 0);

    /// <summary>The session ended: aborts open transactions and releases the scene.</summary>
    Task CloseAsync();
}
