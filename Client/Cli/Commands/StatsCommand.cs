using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Client;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge stats</c>: runs the <c>scene.stats</c> job (docs/jobs.md) in a new session and prints its
/// result. A scene belongs to its session and the tool has no way yet to load one, so today this
/// prints the stats of the new session's empty scene: it proves the job path end to end.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Run the scene.stats job in a new session and print its result (the new session's scene is empty).");
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var printer = new Output(json);
        var options = new BridgeClientOptions { ClientName = "bridge-cli", AutoReconnect = false };
        var session = BridgeClient.Create(parse.GetValue(CommonOptions.Server)!, parse.GetValue(CommonOptions.Token) ?? string.Empty, options);
        await using (session)
        {
            JsonElement stats;
            try
            {
                await session.ConnectAsync(cancellationToken);
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
