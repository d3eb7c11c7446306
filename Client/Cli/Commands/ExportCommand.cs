using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Jobs;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge export [--snapshot NAME] [--from FILE] OUT.glb|OUT.gltf</c>: runs <c>scene.export</c> in a
/// new session and downloads the files (for a .gltf, its .bin and images beside it). A scene belongs to
/// its session, so the tool exports a snapshot of the tenant (<c>--snapshot</c>), or the scene it first
/// imports from a glTF file (<c>--from</c>, under <c>--prefix</c>), or else the new session's empty scene.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Argument<FileInfo>("out") { Description = "Where to write: a .glb, or a .gltf (its .bin and images go beside it)" };
        var snapshot = new Option<string?>("--snapshot") { Description = "Export this snapshot of the tenant instead of the session's scene" };
        var from = new Option<FileInfo?>("--from") { Description = "Import this glTF file into the session first and export the scene it makes" };
        var command = new Command("export", "Export a snapshot, or a scene imported from a file, as glTF 2.0 (scene.export).");
        command.Arguments.Add(output);
        command.Options.Add(snapshot);
        command.Options.Add(from);
        command.Options.Add(ImportCommand.Prefix);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(output)!, parse.GetValue(snapshot), parse.GetValue(from), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, FileInfo output, string? snapshot, FileInfo? from, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        if (output.Extension.ToLowerInvariant() is not (".glb" or ".gltf"))
        {
            Console.Error.WriteLine($"error: {output.Name} must end in .glb or .gltf");
            return ExitCodes.Usage;
        }

        if (from is { Exists: false })
        {
            Console.Error.WriteLine($"error: no file at {from.FullName}");
            return ExitCodes.Usage;
        }

        var printer = new Output(json);
        var session = CommonOptions.CreateSession(parse);
        await using (session)
        {
            SceneExportJobResult result;
            try
            {
                await session.ConnectAsync(cancellationToken);
                if (from is not null)
                {
                    await session.ImportGltfAsync(from.FullName, new GltfImportRequest(parse.GetValue(ImportCommand.Prefix) ?? string.Empty), null, cancellationToken);
                }

                result = await session.ExportGltfAsync(output.FullName, snapshot, null, cancellationToken);
                await session.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, SceneExportJson.Default.SceneExportJobResult));
                return ExitCodes.Ok;
            }

            Console.WriteLine($"manifest      {result.Manifest} ({result.Elements} elements)");
            foreach (var file in result.Files)
            {
                Console.WriteLine($"wrote         {Path.Combine(output.DirectoryName ?? ".", file.Name)} ({file.Bytes} bytes)");
            }

            return ExitCodes.Ok;
        }
    }
}
