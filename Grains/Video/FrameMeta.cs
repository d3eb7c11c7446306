using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Video;

/// <summary>What a published image is: samples, render time, the transaction it reflects, how to display it, and its pixel size (above 1 for a coarse preview, upscaled).</summary>
internal readonly record struct FrameMeta(
    int Spp,
    double RenderMs,
    string? Transaction,
    long Version,
    bool Preview,
    bool Final,
    ToneMapping ToneMapping,
    float ExposureStops,
    long ChangeTimestamp,
    int PixelSize = 1);
