using System.Globalization;
using Spectre.Console;
using OrleansBridge.Client;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// What <c>bridge upload</c> shows while it works: a Spectre.Console progress bar per file when
/// standard output is an interactive terminal, otherwise (redirected, <c>--json</c>) nothing until each
/// file's line, or nothing at all with <c>--json</c>.
/// </summary>
internal abstract class UploadDisplay
{
    /// <summary>The display for this terminal and mode.</summary>
    public static UploadDisplay Create(bool json) =>
        json ? new Quiet() : !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? new Bars() : new Lines();

    /// <summary>Uploads each file in turn with <paramref name="upload"/>, showing progress.</summary>
    public abstract Task RunAsync(IReadOnlyList<FileInfo> files, Func<FileInfo, IProgress<UploadProgress>?, Task<UploadFileOutput>> upload);

    /// <summary>One file's summary line: size, bytes sent, cached or stored, throughput, key.</summary>
    protected static string Line(UploadFileOutput result)
    {
        var rate = result.Seconds > 0 ? result.Size / result.Seconds / 1e6 : 0;
        var what = result.Cached ? "already cached" : "stored";
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Path}  {result.Size} bytes  sent {result.SentBytes}  {what}  {rate:F1} MB/s  {result.Hash}");
    }

    private sealed class Quiet : UploadDisplay
    {
        public override async Task RunAsync(IReadOnlyList<FileInfo> files, Func<FileInfo, IProgress<UploadProgress>?, Task<UploadFileOutput>> upload)
        {
            foreach (var file in files)
            {
                await upload(file, null);
            }
        }
    }

    private sealed class Lines : UploadDisplay
    {
        public override async Task RunAsync(IReadOnlyList<FileInfo> files, Func<FileInfo, IProgress<UploadProgress>?, Task<UploadFileOutput>> upload)
        {
            foreach (var file in files)
            {
                Console.WriteLine(Line(await upload(file, null)));
            }
        }
    }

    private sealed class Bars : UploadDisplay
    {
        public override async Task RunAsync(IReadOnlyList<FileInfo> files, Func<FileInfo, IProgress<UploadProgress>?, Task<UploadFileOutput>> upload)
        {
            var lines = new List<string>();
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    foreach (var file in files)
                    {
                        // Hashing fills the first half of the bar, uploading the second.
                        var task = context.AddTask(Markup.Escape(file.Name), maxValue: Math.Max(1, 2 * file.Length));
                        lines.Add(Line(await upload(file, new TaskProgress(task, file.Name))));
                        task.Value = task.MaxValue;
                    }
                });
            lines.ForEach(Console.WriteLine);
        }
    }

    /// <summary>Moves one bar: its description names the phase, its value the bytes hashed, then taken by the server.</summary>
    private sealed class TaskProgress(ProgressTask task, string name) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value)
        {
            task.Description = Markup.Escape($"{name} ({value.Phase.ToString().ToLowerInvariant()})");
            task.Value = value.Phase switch
            {
                UploadPhase.Hashing or UploadPhase.Querying => value.ProcessedBytes,
                UploadPhase.Uploading => value.TotalBytes + value.ProcessedBytes,
                _ => task.MaxValue,
            };
        }
    }
}
