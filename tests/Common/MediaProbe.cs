using System.Diagnostics;
using System.Text.Json;

namespace OrleansBridge.Tests.Common;

/// <summary>Runs the real ffprobe/ffmpeg on media the tests produced.</summary>
public static class MediaProbe
{
    /// <summary>The first video stream of <paramref name="path"/>: codec, size and the frames ffprobe decoded.</summary>
    public static async Task<(string Codec, int Width, int Height, int Frames)> ProbeVideoAsync(string path, string? format = null)
    {
        var arguments = new List<string> { "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json" };
        if (format is not null)
        {
            arguments.AddRange(["-f", format]);
        }

        arguments.Add(path);
        var (code, output, error) = await RunAsync("ffprobe", arguments);
        Assert.True(code == 0, $"ffprobe failed on {path}: {error}");
        using var json = JsonDocument.Parse(output);
        var stream = json.RootElement.GetProperty("streams")[0];
        return (stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32(),
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a program to its end (60 s at most) and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
