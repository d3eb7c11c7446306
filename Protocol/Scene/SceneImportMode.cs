namespace OrleansBridge.Scene;

/// <summary>How a snapshot is imported into a session's scene (docs/protocol.md §6.6).</summary>
public enum SceneImportMode
{
    /// <summary>The head becomes the snapshot's manifest.</summary>
    Replace,

    /// <summary>The snapshot's elements are added under a name prefix, references rewritten.</summary>
    Merge,
}
