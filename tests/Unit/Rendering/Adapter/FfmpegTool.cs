using System.Diagnostics;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>Runs the real ffmpeg for tests (to write fixtures and to decode references), independently of the product's pipe.</summary>
public static class FfmpegTool
{
    /// <summary>Runs ffmpeg with stdin and returns stdout; throws with stderr when it fails.</summary>
    public static byte[] Run(byte[] input, params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error" }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        if (!copy.Wait(TimeSpan.FromSeconds(60)) || !process.WaitForExit(60_000))
        {
            process.Kill(true);
            throw new TimeoutException("ffmpeg did not finish in 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        }

        return stdout.ToArray();
    }

    /// <summary>Encodes raw RGBA pixels into one image file of the given codec and pixel format.</summary>
    public static byte[] Encode(byte[] rgba, int width, int height, string codec, string pixelFormat, params string[] extra) =>
        Run(rgba, [.. new[] { "-f", "rawvideo", "-pix_fmt", "rgba", "-s", $"{width}x{height}", "-i", "-", "-frames:v", "1", "-c:v", codec, "-pix_fmt", pixelFormat }, .. extra, "-f", "image2pipe", "-"]);

    /// <summary>ffmpeg's own decode of an image to RGBA: the reference a decoder is compared with.</summary>
    public static byte[] DecodeToRgba(byte[] image) =>
        Run(image, "-f", "image2pipe", "-i", "-", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-");

    /// <summary>A test pattern: smooth gradients with a hard-edged checker and varying alpha, so every filter has work.</summary>
    public static byte[] Pattern(int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                var checker = ((x / 4) + (y / 4)) % 2 == 0;
                rgba[i] = (byte)(x * 255 / Math.Max(1, width - 1));
                rgba[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                rgba[i + 2] = checker ? (byte)200 : (byte)30;
                rgba[i + 3] = (byte)(255 - ((x + y) * 3 % 256));
            }
        }

        return rgba;
    }
}
