using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Client;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge stats [FILE.glb|FILE.gltf]</c>: runs the <c>scene.stats</c> job (docs/jobs.md) in a new
/// session and prints its result. A scene belongs to its session, so with a file the tool first imports
/// it there (<c>gltf.import</c>, under <c>--prefix</c>) and prints the stats of that scene; without one
/// it prints the new session's empty scene.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file") { Description = "A glTF file to import into the session first", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("stats", "Run the scene.stats job in a new session and print its result; with a glTF file, of the scene imported from it.");
        command.Arguments.Add(file);
        command.Options.Add(ImportCommand.Prefix);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(file), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, FileInfo? file, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        if (file is { Exists: false })
        {
            Console.Error.WriteLine($"error: no file at {file.FullName}");
            return ExitCodes.Usage;
        }

        var printer = new Output(json);
        var session = CommonOptions.CreateSession(parse);
        await using (session)
        {
            JsonElement stats;
            try
            {
                await session.ConnectAsync(cancellationToken);
                if (file is not null)
                {
                    await session.ImportGltfAsync(file.FullName, new GltfImportRequest(parse.GetValue(ImportCommand.Prefix) ?? string.Empty), null, cancellationToken);
                }

                stats = await session.RunJobAsync("scene.stats", default, null, cancellationToken);
                await session.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            if (json)
            {
                Console.WriteLine(stats.GetRawText());
                return ExitCodes.Ok;
            }

            Console.WriteLine($"version       {stats.GetProperty("version").GetInt64()}");
            Console.WriteLine($"elements      {stats.GetProperty("elements").GetInt32()}");
            foreach (var kind in stats.GetProperty("byKind").EnumerateObject())
            {
                Console.WriteLine($"  {kind.Name,-12}{kind.Value.GetInt32()}");
            }

            Console.WriteLine($"triangles     {stats.GetProperty("triangles").GetInt64()}");
            Console.WriteLine($"bulk          {stats.GetProperty("bulkEntries").GetInt32()} entries, {stats.GetProperty("bulkBytes").GetInt64()} bytes");
            if (stats.TryGetProperty("bounds", out var bounds))
            {
                Console.WriteLine($"bounds        {bounds.GetProperty("min").GetRawText()} .. {bounds.GetProperty("max").GetRawText()}");
            }

            return ExitCodes.Ok;
        }
    }
}
