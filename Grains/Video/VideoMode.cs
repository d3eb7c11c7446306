namespace OrleansBridge.Video;

/// <summary>When a video context sends frames (docs/protocol.md §6.7).</summary>
public enum VideoMode
{
    /// <summary>Keep refining and send frames as they come, up to the maximum frame rate.</summary>
    Streaming,

    /// <summary>One frame per committed transaction, rendered to the target samples and naming the transaction.</summary>
    Synchronous,

    /// <summary>One final, lossless frame per committed scene.</summary>
    Batch,
}
