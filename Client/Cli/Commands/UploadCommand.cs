using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

namespace OrleansBridge.Cli.Commands;

/// <summary>The <c>--json</c> output of <c>bridge upload</c>.</summary>
internal sealed record UploadOutput(IReadOnlyList<UploadFileOutput> Files);

/// <summary>One uploaded file: its key, size, the bytes actually sent, whether the cache had it, and how long it took.</summary>
internal sealed record UploadFileOutput(string Path, string Hash, long Size, long SentBytes, bool Cached, double Seconds);

/// <summary>
/// <c>bridge upload FILE…</c>: puts files into the application's content-addressed cache over one
/// session, each hashed first and sent only if the cache lacks it, and prints per file its size, the
/// bytes sent, whether it was cached already, and its throughput.
/// </summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "The files to upload", Arity = ArgumentArity.OneOrMore };
        var command = new Command("upload", "Upload files into the application's cache; only what the cache lacks is sent. Prints each file's key.");
        command.Arguments.Add(files);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(files)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, FileInfo[] files, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(CommonOptions.Json);
        if (files.FirstOrDefault(f => !f.Exists) is { } absent)
        {
            Console.Error.WriteLine($"error: no file at {absent.FullName}");
            return ExitCodes.Usage;
        }

        var printer = new Output(json);
        var session = CommonOptions.CreateSession(parse, autoReconnect: true);
        await using (session)
        {
            var results = new List<UploadFileOutput>();
            try
            {
                await session.ConnectAsync(cancellationToken);
                var display = UploadDisplay.Create(json);
                await display.RunAsync(files, async (file, progress) =>
                {
                    var clock = Stopwatch.StartNew();
                    var uploaded = await session.UploadAsync(file.FullName, progress, cancellationToken);
                    var result = new UploadFileOutput(file.FullName, uploaded.Hash.ToString(), uploaded.Length, uploaded.SentBytes, uploaded.AlreadyCached, clock.Elapsed.TotalSeconds);
                    results.Add(result);
                    return result;
                });
                await session.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new UploadOutput(results), CliJson.Default.UploadOutput));
            }

            return ExitCodes.Ok;
        }
    }
}
