using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Jobs;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge import FILE.glb|FILE.gltf [--prefix P] [--replace]</c>: uploads a glTF file (and, for a
/// .gltf, the buffers and images next to it), runs <c>gltf.import</c> in a new session and prints what
/// it made and what it could not import. The session ends when the tool exits, so this checks that a
/// file imports and shows its figures; <c>bridge stats FILE</c> prints the scene's statistics after it.
/// </summary>
internal static class ImportCommand
{
    public static Option<string> Prefix { get; } = new("--prefix")
    {
        Description = "Prefix of every element name (default: imported/)",
        DefaultValueFactory = _ => "imported/",
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A .glb, or a .gltf with its resources beside it" };
        var replace = new Option<bool>("--replace") { Description = "Remove what the scene holds under the prefix first; without it the import merges" };
        var command = new Command("import", "Import a glTF 2.0 file into a new session's scene and print what it made and what is unsupported.");
        command.Arguments.Add(file);
        command.Options.Add(Prefix);
        command.Options.Add(replace);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(file)!, parse.GetValue(replace), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, FileInfo file, bool replace, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        if (!file.Exists)
        {
            Console.Error.WriteLine($"error: no file at {file.FullName}");
            return ExitCodes.Usage;
        }

        var printer = new Output(json);
        var session = CommonOptions.CreateSession(parse);
        await using (session)
        {
            GltfImportJobResult result;
            try
            {
                await session.ConnectAsync(cancellationToken);
                result = await session.ImportGltfAsync(file.FullName, new GltfImportRequest(parse.GetValue(Prefix) ?? string.Empty, replace), null, cancellationToken);
                await session.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, GltfJobJson.Default.GltfImportJobResult));
                return ExitCodes.Ok;
            }

            Print(result);
            return ExitCodes.Ok;
        }
    }

    /// <summary>The import's summary and unsupported list, as text.</summary>
    public static void Print(GltfImportJobResult result)
    {
        Console.WriteLine($"manifest      {result.Manifest} (version {result.Version})");
        Console.WriteLine($"elements      {result.Elements} under '{result.Prefix}'");
        Console.WriteLine($"meshes        {result.Meshes} ({result.Triangles} triangles, {result.Vertices} vertices)");
        Console.WriteLine($"materials     {result.Materials}");
        Console.WriteLine($"textures      {result.Textures}");
        Console.WriteLine($"lights        {result.Lights}");
        Console.WriteLine($"cameras       {(result.Cameras.Count == 0 ? "none" : string.Join(", ", result.Cameras))}");
        Console.WriteLine($"stored        {result.BlobsStored} new bulk entries");
        Console.WriteLine(result.Unsupported.Count == 0 ? "unsupported   none" : $"unsupported   {result.Unsupported.Count}");
        foreach (var feature in result.Unsupported)
        {
            Console.WriteLine($"  {feature.Feature}: {feature.Detail}");
        }
    }
}
