namespace OrleansBridge.Rendering.Video;

/// <summary>One encoded frame.</summary>
/// <param name="Data">The frame's bytes: an Annex-B access unit (SPS and PPS ahead of every keyframe) or one image file.</param>
/// <param name="Keyframe">True when a decoder can start here (an IDR for H.264; every image is one).</param>
/// <param name="EncodeTime">From handing the frame to the encoder to having its bytes.</param>
/// <param name="BitrateKbps">The bitrate the encoder ran at (H.264), 0 for image formats.</param>
public sealed record EncodedFrame(byte[] Data, bool Keyframe, TimeSpan EncodeTime, int BitrateKbps);
