using System.Diagnostics;
using System.Globalization;
using OrleansBridge.Rendering;

namespace OrleansBridge.Bench;

/// <summary>
/// <c>bench stills</c>: encoding a rendered still's 8-bit pixels as JPEG in process (SkiaSharp, the
/// product's path) beside one ffmpeg process per image (<c>mjpeg yuvj444p -q:v 2</c>, the path it
/// replaced), at 640×360, 1280×720 and 1920×1080; median of 15 runs after 3 unmeasured, and the size.
/// </summary>
internal sealed class StillEncodeBench : IBench
{
    private const int Runs = 15;
    private const int Warmup = 3;

    public string Name => "stills";

    public string Description => "JPEG encode of a still: SkiaSharp in process beside an ffmpeg process per image";

    public async Task<int> RunAsync(string[] args)
    {
        Console.WriteLine($"stills on {Environment.ProcessorCount} cores; command: dotnet run -c Release --project bench -- stills");
        Console.WriteLine("  size          encoder                 median ms   bytes");
        var ffmpeg = new FfmpegPipe("ffmpeg", TimeSpan.FromSeconds(60));
        foreach (var (width, height) in new[] { (640, 360), (1280, 720), (1920, 1080) })
        {
            var rgb = Image(width, height);
            var (skia, skiaBytes) = await TimeAsync(() => Task.FromResult(RenderEncoding.EncodeJpeg(rgb, width, height).Output));
            string[] arguments =
            [
                "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"), "-i", "-",
                "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj444p", "-q:v", "2", "-f", "image2pipe", "-",
            ];
            var (pipe, pipeBytes) = await TimeAsync(async () => (await ffmpeg.RunAsync(arguments, rgb, (long)width * height * 4, CancellationToken.None)).Output);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {width,4}x{height,-5}   SkiaSharp q90 4:4:4     {skia,9:F2}   {skiaBytes,7}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {width,4}x{height,-5}   ffmpeg process q:v 2    {pipe,9:F2}   {pipeBytes,7}"));
        }

        return 0;
    }

    private static async Task<(double MedianMs, int Bytes)> TimeAsync(Func<Task<byte[]>> encode)
    {
        var times = new List<double>(Runs);
        var bytes = 0;
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = (await encode()).Length;
            if (i >= Warmup)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], bytes);
    }

    /// <summary>A render-like image: smooth shading with a few hard edges and some per-pixel noise.</summary>
    private static byte[] Image(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var inside = Math.Pow(x - (width * 0.5), 2) + Math.Pow(y - (height * 0.5), 2) < Math.Pow(height * 0.3, 2);
                var shade = inside ? 0.3 + (0.6 * y / height) : 0.15 + (0.2 * x / width);
                for (var c = 0; c < 3; c++)
                {
                    rgb[i + c] = (byte)Math.Clamp((shade * (c == 0 ? 255 : c == 1 ? 220 : 180)) + random.Next(-6, 7), 0, 255);
                }
            }
        }

        return rgb;
    }
}
