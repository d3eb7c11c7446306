using System.Diagnostics;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace OrleansBridge.Bench;

/// <summary>
/// Texture decode to 8-bit RGBA, ms per megapixel: the product's decoder (SkiaSharp, in process),
/// ImageSharp (measured to choose between the two) and the ffmpeg pipe (one process per image, as
/// JPEG textures were decoded before SkiaSharp; the hand-written PNG decoder it replaced was measured
/// by this bench before its removal, docs/rendering.md keeps the figures). Inputs: the glTF test textures and
/// 2048 × 2048 images ffmpeg writes from its mandelbrot source (PNG RGB and RGBA, JPEG 4:2:0, WebP
/// lossy and lossless). Each row: median of the runs, and managed bytes allocated per decode (the whole process: ffmpeg's pixels arrive through a pipe).
/// </summary>
public sealed class TextureDecodeBench : IBench
{
    public string Name => "textures";

    public string Description => "texture decode: ms per megapixel for PNG, JPEG and WebP through SkiaSharp, ImageSharp and the ffmpeg pipe";

    public async Task<int> RunAsync(string[] args)
    {
        var runs = args.Contains("--quick") ? 3 : 9;
        var folder = RepositoryPaths.Under("tests", "TestData", "gltf");
        var inputs = new List<(string Name, byte[] Bytes)>
        {
            ("checker.png (test)", File.ReadAllBytes(Path.Combine(folder, "checker.png"))),
            ("checker.jpg (test)", File.ReadAllBytes(Path.Combine(folder, "checker.jpg"))),
        };
        foreach (var (name, arguments) in Sources)
        {
            inputs.Add((name, await MakeAsync(arguments)));
        }

        var ffmpeg = new FfmpegPipe("ffmpeg", TimeSpan.FromSeconds(60));
        var decoders = new (string Name, Func<byte[], int, int, Task<byte[]?>> Decode)[]
        {
            ("skiasharp", (b, w, h) => Task.FromResult(SkiaImageDecoder.Decode(b, long.MaxValue).Image?.Rgba)),
            ("imagesharp", (b, w, h) => Task.FromResult<byte[]?>(ImageSharpRgba(b))),
            ("ffmpeg pipe", async (b, w, h) => await FfmpegRgbaAsync(ffmpeg, b, w, h)),
        };
        Console.WriteLine($"texture decode to RGBA8, median of {runs} runs, {Environment.ProcessorCount} cores, {Environment.OSVersion}; command: dotnet run -c Release --project bench -- textures");
        Console.WriteLine($"{"image",-26} {"size",10} {"bytes",9} {"decoder",-16} {"median ms",10} {"ms/MP",8} {"alloc MB",9}");
        foreach (var (name, bytes) in inputs)
        {
            if (!ImageProbe.TryProbe(bytes, out _, out var width, out var height, out var problem))
            {
                throw new InvalidOperationException($"{name}: {problem}");
            }

            foreach (var (decoderName, decode) in decoders)
            {
                if (await decode(bytes, width, height) is null)
                {
                    continue; // this decoder does not read the format
                }

                var times = new double[runs];
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    _ = await decode(bytes, width, height);
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
                Array.Sort(times);
                var megapixels = width * (double)height / 1e6;
                Console.WriteLine($"{name,-26} {$"{width}x{height}",10} {bytes.Length,9} {decoderName,-16} {times[runs / 2],10:F2} {times[runs / 2] / megapixels,8:F1} {allocated / 1e6,9:F1}");
            }
        }

        return 0;
    }

    private static readonly (string Name, string[] Arguments)[] Sources =
    [
        ("mandelbrot.png rgb24", ["-c:v", "png", "-pix_fmt", "rgb24", "-f", "image2pipe"]),
        ("mandelbrot.png rgba", ["-c:v", "png", "-pix_fmt", "rgba", "-f", "image2pipe"]),
        ("mandelbrot.jpg 4:2:0 q2", ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "2", "-f", "image2pipe"]),
        ("mandelbrot.webp lossy", ["-c:v", "libwebp", "-quality", "80", "-f", "image2pipe"]),
        ("mandelbrot.webp lossless", ["-c:v", "libwebp", "-lossless", "1", "-f", "image2pipe"]),
    ];

    private static async Task<byte[]> MakeAsync(string[] output)
    {
        var pipe = new FfmpegPipe("ffmpeg", TimeSpan.FromSeconds(120));
        var run = await pipe.RunAsync(
            ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "mandelbrot=size=2048x2048", "-frames:v", "1", .. output, "-"],
            ReadOnlyMemory<byte>.Empty, 1L << 28, CancellationToken.None);
        return run.Succeeded ? run.Output : throw new InvalidOperationException(run.Problem);
    }

    /// <summary>The pipe JPEG textures went through: <c>ffmpeg -f image2pipe -i - -f rawvideo -pix_fmt rgba -</c>.</summary>
    private static async Task<byte[]?> FfmpegRgbaAsync(FfmpegPipe ffmpeg, byte[] encoded, int width, int height)
    {
        var run = await ffmpeg.RunAsync(
            ["-hide_banner", "-loglevel", "error", "-f", "image2pipe", "-i", "-", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
            encoded, (long)width * height * 4, CancellationToken.None);
        return run.Succeeded && run.Output.Length == (long)width * height * 4 ? run.Output : null;
    }

    private static byte[] ImageSharpRgba(byte[] encoded)
    {
        using var image = Image.Load<Rgba32>(encoded);
        var rgba = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(rgba);
        return rgba;
    }
}
