using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// The built Silo executable in a process of its own, so its memory can be read apart from the
/// client's. It listens on port 0; the address comes from its start-up banner.
/// </summary>
internal sealed partial class ExternalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private ExternalServer(Process process, DirectoryInfo data, Uri url, string executable)
    {
        _process = process;
        _data = data;
        Url = url;
        Executable = executable;
    }

    public Uri Url { get; }

    public string Executable { get; }

    public static async Task<ExternalServer> StartAsync(string token, CancellationToken cancellationToken)
    {
        var executable = FindExecutable();
        var data = Directory.CreateTempSubdirectory("spine-external-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.FullName,
        };
        foreach (var arg in SpineServerArgs.Build(token, data.FullName))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var banner = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && ListeningLine().Match(text) is { Success: true } match)
            {
                banner.TrySetResult(new Uri($"ws://{match.Groups[1].Value}/bridge"));
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"[silo] {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await banner.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return new ExternalServer(process, data, url, executable);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            data.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Resident set size of the server process, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public long ResidentKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no VmRSS line.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _data.Delete(recursive: true);
    }

    /// <summary>
    /// <c>Silo/bin/Release/net10.0/OrleansBridge.Silo</c> of the checkout the bench was built from
    /// (building the bench builds it), else the identical copy the build placed beside the bench.
    /// </summary>
    private static string FindExecutable()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "Silo", "bin", "Release", "net10.0", "OrleansBridge.Silo");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "OrleansBridge.Silo");
    }

    [GeneratedRegex(@"OrleansBridge is listening on http://([0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
