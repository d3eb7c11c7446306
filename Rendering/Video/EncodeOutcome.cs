namespace OrleansBridge.Rendering.Video;

/// <summary>
/// The result of one encode: a frame, or the reason the encoder failed (its process died, hung or
/// refused the input). A failure is a value: the caller reports it and the encoder restarts on the
/// next frame.
/// </summary>
/// <param name="Frame">The frame when it succeeded.</param>
/// <param name="Failure">Why it failed, for people (includes the end of ffmpeg's stderr).</param>
public readonly record struct EncodeOutcome(EncodedFrame? Frame, string? Failure)
{
    /// <summary>True when <see cref="Frame"/> is set.</summary>
    public bool Succeeded => Frame is not null;

    /// <summary>A success.</summary>
    public static EncodeOutcome Ok(EncodedFrame frame) => new(frame, null);

    /// <summary>A failure.</summary>
    public static EncodeOutcome Fail(string failure) => new(null, failure);
}
