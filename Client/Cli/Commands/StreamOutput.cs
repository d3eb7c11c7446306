namespace OrleansBridge.Cli.Commands;

/// <summary>The <c>--json</c> output of <c>bridge stream</c>.</summary>
/// <param name="Frames">Frames received.</param>
/// <param name="Seconds">From the first frame to the last.</param>
/// <param name="MeanFps">Frames per second over that time.</param>
/// <param name="MeanKbps">Payload bits per second over that time.</param>
/// <param name="Bytes">Payload bytes received.</param>
/// <param name="Dropped">Frames the server dropped because this client lagged.</param>
/// <param name="Edits">Camera edits committed (with <c>--orbit</c>).</param>
/// <param name="EditToPhotonP50Ms">Median time from sending a camera edit to the first frame that reflects it.</param>
/// <param name="EditToPhotonP99Ms">99th percentile of the same.</param>
/// <param name="Encoder">The server's encoder.</param>
/// <param name="Out">Where the frames were written.</param>
/// <param name="Timelines">Every frame's timeline, in the order received.</param>
internal sealed record StreamOutput(int Frames, double Seconds, double MeanFps, double MeanKbps, long Bytes, long Dropped, int Edits,
    double? EditToPhotonP50Ms, double? EditToPhotonP99Ms, string Encoder, string? Out, IReadOnlyList<StreamFrameTimeline> Timelines);
