using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Messages;

// Parameters and results of the scene.* methods (docs/protocol.md §6.3). Wire messages of one
// feature are kept together, as in Protocol/Messages/Events.cs.

/// <summary>Parameters naming a transaction.</summary>
public sealed record TransactionParams(string Transaction);

/// <summary>Parameters of <c>scene.put</c>: elements by name.</summary>
public sealed record PutParams(string Transaction, Dictionary<string, SceneElement> Elements);

/// <summary>Parameters of <c>scene.remove</c>.</summary>
public sealed record RemoveParams(string Transaction, IReadOnlyList<string> Names);

/// <summary>Parameters of <c>scene.get</c>: names, or null for every element.</summary>
public sealed record GetParams(IReadOnlyList<string>? Names = null);

/// <summary>The committed head: manifest hash, version (commits so far) and element count.</summary>
public sealed record SceneHeadResult(ContentHash Manifest, long Version, int Elements);

/// <summary>A transaction began on <see cref="Base"/> (head version <see cref="Version"/>).</summary>
public sealed record BeginResult(string Transaction, ContentHash Base, long Version);

/// <summary>Changes recorded: the transaction's number of changed names so far.</summary>
public sealed record ChangeResult(string Transaction, int Changes);

/// <summary>A commit applied: the new head.</summary>
public sealed record CommitResult(string Transaction, ContentHash Manifest, long Version, int Elements);

/// <summary>The elements of <c>scene.get</c>.</summary>
public sealed record ElementsResult(Dictionary<string, SceneElement> Elements);
