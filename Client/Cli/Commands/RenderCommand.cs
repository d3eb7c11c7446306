using System.CommandLine;
using OrleansBridge.Client;
using OrleansBridge.Rendering;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge render FILE.glb --out image.png …</c>: in a new session, uploads the file and its
/// resources (hash first: nothing the cache holds travels again), imports them (<c>gltf.import</c>,
/// no name prefix), runs <c>render.still</c> on the imported manifest, downloads the image
/// (<c>cache.download</c>) and writes it.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var command = RenderArguments.With(new Command("render", "Upload and import a glTF file in a new session, render it on the server and write the image."));
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
            Console.Error.WriteLine($"error: no file at {file.FullName}");
            return ExitCodes.Usage;
        }

        var session = CommonOptions.CreateSession(parse);
        await using (session)
        {
            RenderStillResult still;
            try
            {
                await session.ConnectAsync(cancellationToken);
                var imported = await session.ImportGltfAsync(file.FullName, new GltfImportRequest(Prefix: string.Empty), null, cancellationToken);
                still = await session.RenderStillAsync(
                    new RenderStillInput(imported.Manifest, parse.GetValue(RenderArguments.Camera), parse.GetValue(RenderArguments.Width), parse.GetValue(RenderArguments.Height),
                        parse.GetValue(RenderArguments.Spp), Format: RenderArguments.FormatOf(output.Name)!,
                        Denoise: parse.GetValue(RenderArguments.Denoise) ? true : null, ClampDirect: parse.GetValue(RenderArguments.ClampDirect),
                        ClampIndirect: parse.GetValue(RenderArguments.ClampIndirect), FilterGlossy: parse.GetValue(RenderArguments.FilterGlossy),
                        Diffuse: parse.GetValue(RenderArguments.Diffuse), PixelFilter: parse.GetValue(RenderArguments.PixelFilter),
                        Adaptive: parse.GetValue(RenderArguments.Adaptive) ? true : null),
                    null, cancellationToken);
                await using (var stream = File.Create(output.FullName))
                {
                    await session.DownloadAsync(still.Image, stream, cancellationToken);
                }

                await session.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            RenderArguments.Print(json, new RenderOutput(output.FullName, still.Width, still.Height, still.Spp, still.RenderSeconds, still.SamplesPerSecond));
            return ExitCodes.Ok;
        }
    }
}
