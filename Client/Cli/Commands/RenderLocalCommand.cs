using System.CommandLine;
using OrleansBridge.Client;
using OrleansBridge.Rendering;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge render-local FILE.glb --out image.png …</c>: the server's render path in process, no
/// server: glTF importer → scene adapter → progressive path tracer → encoder. For benchmarks and for
/// users without a server.
/// </summary>
internal static class RenderLocalCommand
{
    public static Option<int> Threads { get; } = new("--threads") { Description = "Render threads (default: every core)", DefaultValueFactory = _ => -1 };

    public static Command Create()
    {
        var command = RenderArguments.With(new Command("render-local", "Render a glTF file in this process (no server) and write the image."));
        command.Options.Add(Threads);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var printer = new Output(json);
        var file = parse.GetValue(RenderArguments.File)!;
        var output = parse.GetValue(RenderArguments.Out)!;
        if (!file.Exists)
        {
            return printer.Failure(new FileNotFoundException($"'{file.FullName}' does not exist."));
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        var request = new LocalStillRequest(parse.GetValue(RenderArguments.Width), parse.GetValue(RenderArguments.Height), parse.GetValue(RenderArguments.Spp),
            RenderArguments.FormatOf(output.Name)!, parse.GetValue(RenderArguments.Camera), parse.GetValue(Threads), Denoise: parse.GetValue(RenderArguments.Denoise),
            ClampDirect: parse.GetValue(RenderArguments.ClampDirect), ClampIndirect: parse.GetValue(RenderArguments.ClampIndirect),
            FilterGlossy: parse.GetValue(RenderArguments.FilterGlossy),
            Diffuse: parse.GetValue(RenderArguments.Diffuse) == "principled" ? Rendering.Materials.DiffuseModel.PrincipledV1 : Rendering.Materials.DiffuseModel.Gltf,
            PixelFilter: parse.GetValue(RenderArguments.PixelFilter), Adaptive: parse.GetValue(RenderArguments.Adaptive));
        var outcome = await LocalStill.RenderAsync(bytes, uri => Resources.Resolve(file, uri), request, cancellationToken);
        if (outcome.Error != Protocol.ErrorCode.None)
        {
            return printer.Failure(new BridgeRequestException(outcome.Error, outcome.Message ?? string.Empty));
        }

        await File.WriteAllBytesAsync(output.FullName, outcome.Encoded, cancellationToken);
        RenderArguments.Print(json, new RenderOutput(output.FullName, request.Width, request.Height, outcome.SamplesPerPixel, outcome.RenderSeconds, outcome.SamplesPerSecond));
        return ExitCodes.Ok;
    }
}
