using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Client;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Snapshots;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge snapshot save|list|import|export|remove</c> (docs/protocol.md §6.6). Each runs in a new
/// session that ends when the command exits: <c>save</c> therefore saves that session's scene, which is
/// empty, and <c>import</c> checks that a snapshot or file imports (printing the manifest hash) into a
/// scene that ends with the command. Saving a real scene is for the session that built it (the SDK).
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("snapshot") { Description = "The snapshot's name" };
        var saveName = new Option<string?>("--name") { Description = "The snapshot's name (default: generated)" };
        var save = new Command("save", "Save this command's new session's scene, which is empty, as a snapshot.");
        save.Options.Add(saveName);
        save.SetAction((parse, ct) => RunAsync(parse, s => s.SaveSnapshotAsync(parse.GetValue(saveName), cancellationToken: ct), SnapshotJson.Default.SnapshotInfo, PrintInfo, ct));

        var list = new Command("list", "List the application's snapshots of this tenant: size, parent, created, tenant.");
        list.SetAction((parse, ct) => RunAsync(parse, async s => new SnapshotListResult(await s.ListSnapshotsAsync(ct)), SnapshotJson.Default.SnapshotListResult,
            r => r.Snapshots.ToList().ForEach(PrintInfo), ct));

        var export = new Command("export", "Print a snapshot's file: format version, name, manifest hash, parent, cache location (no secrets).");
        export.Arguments.Add(name);
        export.SetAction((parse, ct) => RunAsync(parse, s => s.ExportSnapshotAsync(parse.GetValue(name)!, ct), SnapshotJson.Default.SnapshotFile,
            f => Console.WriteLine(JsonSerializer.Serialize(f, SnapshotJson.Default.SnapshotFile)), ct));

        var remove = new Command("remove", "Remove a snapshot; what only it pinned becomes collectable.");
        remove.Arguments.Add(name);
        remove.SetAction((parse, ct) => RunAsync(parse, s => s.RemoveSnapshotAsync(parse.GetValue(name)!, ct), SnapshotJson.Default.SnapshotInfo, PrintInfo, ct));

        var source = new Argument<string>("snapshot") { Description = "A snapshot's name, or with --file the path of an exported snapshot file" };
        var file = new Option<bool>("--file") { Description = "The argument is a snapshot file written by 'bridge snapshot export'" };
        var merge = new Option<string?>("--merge-prefix") { Description = "Merge under this name prefix instead of replacing the scene" };
        var import = new Command("import", "Import a snapshot into this command's new session's scene and print the resulting manifest hash (the scene ends with the command).");
        import.Arguments.Add(source);
        import.Options.Add(file);
        import.Options.Add(merge);
        import.SetAction((parse, ct) => RunAsync(parse, async s =>
        {
            var prefix = parse.GetValue(merge);
            var mode = prefix is null ? SceneImportMode.Replace : SceneImportMode.Merge;
            var argument = parse.GetValue(source)!;
            if (!parse.GetValue(file))
            {
                return await s.ImportSnapshotAsync(argument, mode, prefix, ct);
            }

            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(argument, ct));
            return await s.ImportSnapshotFileAsync(document.RootElement.Clone(), mode, prefix, ct);
        }, SceneJson.Default.CommitResult, r => Console.WriteLine($"imported      manifest {r.Manifest}, {r.Elements} elements"), ct));

        var command = new Command("snapshot", "Save, list, import, export and remove scene snapshots (each in a new session).");
        command.Subcommands.Add(save);
        command.Subcommands.Add(list);
        command.Subcommands.Add(import);
        command.Subcommands.Add(export);
        command.Subcommands.Add(remove);
        return command;
    }

    private static async Task<int> RunAsync<T>(ParseResult parse, Func<BridgeSession, Task<T>> call, JsonTypeInfo<T> info, Action<T> print, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var printer = new Output(json);
        var session = CommonOptions.CreateSession(parse);
        await using (session)
        {
            try
            {
                await session.ConnectAsync(cancellationToken);
                var result = await call(session);
                await session.CloseAsync(cancellationToken);
                if (json)
                {
                    Console.WriteLine(JsonSerializer.Serialize(result, info));
                }
                else
                {
                    print(result);
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex) || ex is IOException or JsonException)
            {
                return printer.Failure(ex);
            }
        }
    }

    private static void PrintInfo(SnapshotInfo s) =>
        Console.WriteLine($"{s.Name,-24} {s.Elements,6} elements {s.Size,12} bytes  parent {s.Parent ?? "-",-16} {s.Created:u}  tenant {s.Tenant}  manifest {s.Manifest}");
}
