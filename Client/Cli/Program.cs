using System.CommandLine;
using OrleansBridge.Cli;
using OrleansBridge.Cli.Commands;

var root = new RootCommand("bridge: the OrleansBridge command-line client.");
root.Options.Add(CommonOptions.Server);
root.Options.Add(CommonOptions.Token);
root.Options.Add(CommonOptions.Json);
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TokenCommand.Create());
root.Subcommands.Add(UploadCommand.Create());
root.Subcommands.Add(CacheCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(SnapshotCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(RenderLocalCommand.Create());
root.Subcommands.Add(StreamCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
