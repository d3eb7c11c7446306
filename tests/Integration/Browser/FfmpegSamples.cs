using System.Diagnostics;

namespace OrleansBridge.Tests.Browser;

/// <summary>Encoded test pictures made by the real ffmpeg (installed by ./test.sh): H.264 Annex-B access units and a JPEG.</summary>
internal static class FfmpegSamples
{
    /// <summary>
    /// <paramref name="frames"/> access units of a moving test pattern, H.264 baseline, Annex-B, each
    /// starting with an access unit delimiter (x264 <c>aud=1</c>), the first an IDR picture: the shape
    /// of the video contexts' Media frames.
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>> H264AccessUnitsAsync(int width, int height, int frames)
    {
        var stream = await RunAsync($"-f lavfi -i testsrc2=size={width}x{height}:rate=10 -frames:v {frames} -c:v libx264 -preset ultrafast -tune zerolatency "
            + "-profile:v baseline -x264-params aud=1:keyint=250 -f h264 -");
        var units = new List<byte[]>();
        var start = 0;
        for (var i = 4; i + 4 < stream.Length; i++)
        {
            // An access unit delimiter NAL (type 9) after a 4-byte start code begins the next unit.
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1 && (stream[i + 4] & 0x1f) == 9)
            {
                units.Add(stream[start..i]);
                start = i;
            }
        }

        units.Add(stream[start..]);
        return units;
    }

    /// <summary>One JPEG of the test pattern.</summary>
    public static Task<byte[]> JpegAsync(int width, int height) =>
        RunAsync($"-f lavfi -i testsrc2=size={width}x{height} -frames:v 1 -f mjpeg -");

    private static async Task<byte[]> RunAsync(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error " + arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"ffmpeg {arguments} failed: {await errors}");
    }
}
