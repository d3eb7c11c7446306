using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Video;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge stream [FILE.glb]</c>: loads a scene into a new session (a glTF file through the
/// <c>gltf.import</c> job, or without a file the SDK's demo scene), opens a video context and saves
/// what arrives for <c>--seconds</c>: H.264 muxed into MP4 by ffmpeg, images as numbered files.
/// <c>--orbit</c> commits camera edits during the stream and measures edit-to-photon latency.
/// </summary>
internal static class StreamCommand
{
    private static readonly Argument<FileInfo?> File = new("file") { Description = "A .glb/.gltf file to import and stream (default: a built-in demo scene)", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<double> Seconds = new("--seconds") { Description = "How long to stream", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> Fps = new("--fps") { Description = "Most frames per second", DefaultValueFactory = _ => 30 };
    private static readonly Option<string> Format = new("--format") { Description = "h264, jpg, png or webp", DefaultValueFactory = _ => "h264" };
    private static readonly Option<int> Width = new("--width") { DefaultValueFactory = _ => 640 };
    private static readonly Option<int> Height = new("--height") { DefaultValueFactory = _ => 360 };
    private static readonly Option<int> Kbps = new("--kbps") { Description = "H.264 target bitrate", DefaultValueFactory = _ => 4000 };
    private static readonly Option<bool> Orbit = new("--orbit") { Description = "Turn the camera once around the scene during the stream" };
    private static readonly Option<string?> Out = new("--out") { Description = "out.mp4 for h264, a folder for images (default: nothing is written)" };

    public static Command Create()
    {
        var command = new Command("stream", "Stream the live progressive render of a scene as H.264 or images.");
        command.Arguments.Add(File);
        foreach (var option in new Option[] { Seconds, Fps, Format, Width, Height, Kbps, Orbit, Out })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var printer = new Output(json);
        await using var session = CommonOptions.CreateSession(parse);
        var format = parse.GetValue(Format)!;
        var outPath = parse.GetValue(Out);
        try
        {
            await session.ConnectAsync(cancellationToken);
            var camera = parse.GetValue(File) is { } file
                ? await StreamScene.ImportAsync(session, file, cancellationToken)
                : await StreamScene.DemoAsync(session, cancellationToken);
            await using var sink = FrameSink.Create(format, outPath, parse.GetValue(Fps));
            var recorder = new StreamRecorder(sink);
            session.VideoFrameReceived += recorder.OnFrame;
            var video = await session.CreateVideoContextAsync(new VideoSettingsParams(
                Camera: camera.Name, Width: parse.GetValue(Width), Height: parse.GetValue(Height), Format: format,
                TargetKbps: parse.GetValue(Kbps), MaxKbps: Math.Max(parse.GetValue(Kbps) * 2, 8000), MaxFps: parse.GetValue(Fps)), cancellationToken: cancellationToken);
            await recorder.RunAsync(session, camera, TimeSpan.FromSeconds(parse.GetValue(Seconds)), parse.GetValue(Orbit), cancellationToken);
            session.VideoFrameReceived -= recorder.OnFrame;
            await video.CloseAsync(cancellationToken);
            await session.CloseAsync(cancellationToken);
            await sink.DisposeAsync();
            var result = recorder.Summary(video.Settings.Encoder, outPath);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliJson.Default.StreamOutput));
            }
            else
            {
                Console.WriteLine($"{result.Frames} frames in {result.Seconds:0.00} s: {result.MeanFps:0.0} fps, {result.MeanKbps:0} kbit/s ({result.Encoder}), {result.Dropped} dropped");
                if (result.EditToPhotonP50Ms is { } p50)
                {
                    Console.WriteLine($"edit-to-photon over {result.Edits} camera edits: p50 {p50:0.0} ms, p99 {result.EditToPhotonP99Ms:0.0} ms");
                }

                if (outPath is not null)
                {
                    Console.WriteLine($"written to {outPath}");
                }
            }

            return result.Frames > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception ex) when (Output.IsConnectFailure(ex) || ex is IOException or InvalidOperationException)
        {
            return printer.Failure(ex);
        }
    }
}
