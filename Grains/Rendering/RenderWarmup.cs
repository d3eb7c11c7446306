using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Rendering;

/// <summary>
/// Warms a render silo's render and encode paths at start, beside the silo's own start-up: a tiny scene
/// built, rendered (passes and resolves, as a video context does) and encoded as H.264 frames, for
/// <see cref="Duration"/>, long enough for the runtime's tiered JIT to compile the hot paths fully
/// optimised. A render silo's first stream — often one failing over from a silo that died — then does
/// not run its first passes on unoptimised code inside the client's gap (bench scaleout --only v: a
/// cold silo's first 640×360 pass took 1.2–1.4 s). It renders nothing anyone sees and stores nothing.
/// </summary>
internal sealed partial class RenderWarmup(RenderServices render, ILogger<RenderWarmup> logger) : BackgroundService
{
    /// <summary>How long it renders and encodes: the tiered JIT promotes a method after 30 calls and a 100 ms delay.</summary>
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => WarmAsync(stoppingToken), stoppingToken);

    private async Task WarmAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var scene = RenderScene.Build(Description());
            var camera = CameraData.LookAt(new Vector3(3, 2, 3), Vector3.Zero, Vector3.UnitY, 0.8f);
            var options = new RenderOptions { Width = 96, Height = 54, SamplesPerPixel = 1 << 16, MaxDegreeOfParallelism = 1 };
            using var renderer = new ProgressiveRenderer(scene, camera, options, backend: render.Backend);
            var image = new LinearImage(options.Width, options.Height);
            await using var encoder = FrameEncoders.Create(new EncoderSettings { Format = VideoFormat.H264, Width = options.Width, Height = options.Height, Fps = 30 });
            var frames = 0;
            while (Stopwatch.GetElapsedTime(started) < Duration && !cancellationToken.IsCancellationRequested)
            {
                frames++;
                renderer.RenderPass(1, cancellationToken);
                renderer.Resolve(image);
                await encoder.EncodeAsync(image, ToneMapping.Standard, 0, cancellationToken);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            LogWarmed(elapsed.TotalMilliseconds, frames);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWarmFailed(ex); // the first real render pays the cost instead, and reports its own errors
        }
    }

    private static SceneDescription Description() => new()
    {
        Meshes =
        [
            new MeshData { Id = "floor", Positions = [new(-2, 0, -2), new(2, 0, -2), new(2, 0, 2), new(-2, 0, 2)], Indices = [0, 2, 1, 0, 3, 2] },
            new MeshData { Id = "wedge", Positions = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(0, 0, 1)], Indices = [0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2] },
        ],
        Materials = [new MaterialData { BaseColorFactor = new(0.8f, 0.8f, 0.8f, 1) }, new MaterialData { BaseColorFactor = new(0.9f, 0.6f, 0.2f, 1), MetallicFactor = 1, RoughnessFactor = 0.3f }],
        Instances = [new InstanceData { Mesh = 0, Material = 0 }, new InstanceData { Mesh = 1, Material = 1 }],
        Lights = [new LightData { Kind = LightKind.Point, Intensity = 300, Transform = Matrix4x4.CreateTranslation(1, 3, 2) }],
        Environment = new EnvironmentData { Color = new(0.4f, 0.5f, 0.7f), Intensity = 0.5f },
    };

    [LoggerMessage(EventId = Logging.LogEvents.RenderWarmed, Level = LogLevel.Information, Message = "Render and H.264 paths warmed in {Milliseconds:0} ms ({Frames} frames)")]
    private partial void LogWarmed(double milliseconds, int frames);

    [LoggerMessage(EventId = Logging.LogEvents.RenderWarmFailed, Level = LogLevel.Warning, Message = "Warming the render and H.264 paths failed; the first render pays for it")]
    private partial void LogWarmFailed(Exception exception);
}
