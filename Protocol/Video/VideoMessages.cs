namespace OrleansBridge.Video;

// The bodies of the video methods, events and Media frames (docs/protocol.md §6.7), side by side.

/// <summary>
/// Parameters of <c>video.create</c> and <c>video.update</c>. Every field is optional; <c>create</c>
/// fills the defaults of docs/protocol.md §6.7, <c>update</c> changes only what is given and needs <see cref="Context"/>.
/// </summary>
/// <param name="Context">The context to update (update only).</param>
/// <param name="Camera">The camera element to look through; absent: the scene's camera.</param>
/// <param name="Width">Frame width, 16–3840 (even for h264).</param>
/// <param name="Height">Frame height, 16–2160 (even for h264).</param>
/// <param name="Format"><c>h264</c>, <c>jpg</c>, <c>png</c>, <c>webp</c>, <c>exr</c> or <c>lossless</c>.</param>
/// <param name="Mode"><c>streaming</c>, <c>synchronous</c> or <c>batch</c>.</param>
/// <param name="TargetKbps">The bitrate to start at (h264).</param>
/// <param name="MinKbps">The lowest bitrate adaptation may choose.</param>
/// <param name="MaxKbps">The highest bitrate adaptation may choose.</param>
/// <param name="MaxFps">Most frames sent per second.</param>
/// <param name="RenderFps">Most render passes per second.</param>
/// <param name="MaxPendingFrames">Most frames sent and not yet acknowledged with MediaAck.</param>
/// <param name="Spp">Samples per pixel at which the image counts as converged.</param>
/// <param name="SamplesPerPass">Samples per pixel each render pass adds.</param>
/// <param name="Quality">JPEG/WebP quality 1–100.</param>
/// <param name="Denoise">Filter every frame with the renderer's denoiser; absent: unchanged (the server's default, <c>Bridge:Rendering:Denoise</c>, for a new context).</param>
/// <param name="ClampDirect">Limit on a direct contribution, ≥ 0 (0 off); absent: unchanged (the server's default for a new context).</param>
/// <param name="ClampIndirect">Limit on an indirect contribution, ≥ 0 (0 off); absent: unchanged (the server's default for a new context).</param>
/// <param name="FilterGlossy">Glossy filter after rough bounces, ≥ 0 (0 off); absent: unchanged (the server's default for a new context).</param>
/// <param name="Diffuse">The materials' diffuse lobe, <c>gltf</c> or <c>principled</c> (Blender's Principled v1); absent: unchanged (the server's default, <c>Bridge:Rendering:Diffuse</c>, for a new context).</param>
/// <param name="PixelFilter">The Blackman–Harris pixel filter's width in pixels, 0–10 (0 the box over the pixel); absent: unchanged (the server's default, <c>Bridge:Rendering:PixelFilter</c>, for a new context).</param>
/// <param name="Adaptive">Adaptive sampling: past two samples per pixel, passes spend their samples where the image is noisiest; absent: unchanged (the server's default, <c>Bridge:Rendering:AdaptiveSampling</c>, for a new context).</param>
public sealed record VideoSettingsParams(
    string? Context = null,
    string? Camera = null,
    int? Width = null,
    int? Height = null,
    string? Format = null,
    string? Mode = null,
    int? TargetKbps = null,
    int? MinKbps = null,
    int? MaxKbps = null,
    double? MaxFps = null,
    double? RenderFps = null,
    int? MaxPendingFrames = null,
    int? Spp = null,
    int? SamplesPerPass = null,
    int? Quality = null,
    bool? Denoise = null,
    float? ClampDirect = null,
    float? ClampIndirect = null,
    float? FilterGlossy = null,
    string? Diffuse = null,
    float? PixelFilter = null,
    bool? Adaptive = null);

/// <summary>Parameters of <c>video.keyframe</c>, <c>video.reset</c> and <c>video.close</c>.</summary>
/// <param name="Context">The context's id.</param>
public sealed record VideoContextParams(string? Context);

/// <summary>
/// Result of <c>video.create</c> and <c>video.update</c>: the settings in force (<paramref name="Denoise"/> false,
/// the clamps and glossy filter Cycles' defaults 0, 10 and 1, the diffuse lobe <c>gltf</c>, the pixel filter 0, the
/// box, and <paramref name="Adaptive"/> false when a server predating them leaves them out).
/// </summary>
public sealed record VideoContextResult(
    string Context,
    string Format,
    string Mode,
    string Encoder,
    int Width,
    int Height,
    string? Camera,
    int TargetKbps,
    int MinKbps,
    int MaxKbps,
    double MaxFps,
    double RenderFps,
    int MaxPendingFrames,
    int Spp,
    int SamplesPerPass,
    int Quality,
    bool Denoise = false,
    float ClampDirect = 0f,
    float ClampIndirect = 10f,
    float FilterGlossy = 1f,
    string Diffuse = "gltf",
    float PixelFilter = 0f,
    bool Adaptive = false);

/// <summary>
/// The JSON part of a Media frame: the frame's side data. The encoded frame follows as the raw part.
/// </summary>
/// <param name="Context">The video context.</param>
/// <param name="Frame">1, 2, 3 … per context, counting frames sent (dropped ones take no number).</param>
/// <param name="Format">The payload's format.</param>
/// <param name="Keyframe">A decoder can start here.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Spp">Samples per pixel in the image.</param>
/// <param name="RenderMs">Render time spent on the image since its accumulation started.</param>
/// <param name="EncodeMs">Time the encoder took for this frame.</param>
/// <param name="Bytes">The payload's length.</param>
/// <param name="Transaction">The last committed transaction the image reflects (absent before any commit).</param>
/// <param name="Version">The scene version the image shows.</param>
/// <param name="BitrateKbps">The H.264 bitrate in use (0 for images).</param>
/// <param name="Dropped">Frames of this context dropped so far because the client lagged.</param>
/// <param name="Preview">The first, one-sample frame after a change.</param>
/// <param name="Final">The image reached its target samples (and, in batch mode, the last frame).</param>
/// <param name="PixelSize">1 for a full-resolution image; n for a coarse preview rendered at one sample per n × n pixels and upscaled (absent from servers before it: 1).</param>
/// <param name="Timeline">Where the frame's time went on the server, from the receipt of the edit it shows (absent from servers before it).</param>
public sealed record VideoFrameInfo(
    string Context,
    long Frame,
    string Format,
    bool Keyframe,
    int Width,
    int Height,
    int Spp,
    double RenderMs,
    double EncodeMs,
    int Bytes,
    string? Transaction,
    long Version,
    int BitrateKbps,
    long Dropped,
    bool Preview,
    bool Final,
    int PixelSize = 1,
    VideoFrameTimeline? Timeline = null);

/// <summary>
/// A frame's timeline (docs/protocol.md §6.7, "Timeline"): the server's monotonic clock read at each
/// stage, in milliseconds since the <b>origin</b>, the receipt of the commit named by the frame's
/// <c>transaction</c> (the context's creation for a frame that names none). Offsets never decrease
/// in the order of the parameters, so the stages between them are never negative and add up to
/// <paramref name="Sent"/>. The client's clock is not the server's: a client measures its own
/// edit-to-photon and takes what exceeds <paramref name="Sent"/> as the network's and its own share.
/// </summary>
/// <param name="Committed">The commit was applied and the context told of it.</param>
/// <param name="Loaded">The render loop has the new scene (camera fast path or full load).</param>
/// <param name="RenderStart">The first pass for this view started.</param>
/// <param name="RenderEnd">The image this frame shows was resolved.</param>
/// <param name="Samples">Samples per pixel in that image (one per block for a coarse preview).</param>
/// <param name="EncodeStart">The send loop took the image to encode it.</param>
/// <param name="EncodeEnd">The encoder returned the frame.</param>
/// <param name="Sent">The frame's first byte was handed to the socket.</param>
public sealed record VideoFrameTimeline(
    double Committed,
    double Loaded,
    double RenderStart,
    double RenderEnd,
    int Samples,
    double EncodeStart,
    double EncodeEnd,
    double Sent);

/// <summary>Event <c>video.progress</c>: the render of a context converged or changed state.</summary>
public sealed record VideoProgressEvent(string Context, long Frame, int Spp, int TargetSpp, bool Complete, long Sent, long Dropped, string? Transaction);

/// <summary>Event <c>video.error</c>: something failed; the context keeps going unless <paramref name="Fatal"/>.</summary>
public sealed record VideoErrorEvent(string Context, int Code, string Message, bool Fatal, int EncoderStarts);
