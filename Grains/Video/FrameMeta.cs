using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Video;

/// <summary>
/// What a published image is: samples, render time, the transaction it reflects, how to display it, its
/// pixel size (above 1 for a coarse preview, upscaled), and the timestamps of its timeline so far
/// (<see cref="TimeProvider.GetTimestamp"/> of the context's clock; the send loop adds the encode and
/// the sender the moment it is sent).
/// </summary>
internal readonly record struct FrameMeta(
    int Spp,
    double RenderMs,
    string? Transaction,
    long Version,
    bool Preview,
    bool Final,
    ToneMapping ToneMapping,
    float ExposureStops,
    FrameStamps Stamps,
    int PixelSize = 1);
