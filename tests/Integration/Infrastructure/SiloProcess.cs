using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// The product's executable as a child process (the apphost next to the tests), so a kill is a real
/// SIGKILL: no finally blocks, no drain, leases left to expire or be broken. Started on port 0; the
/// port is read from the banner. Also linked into the bench (bench/ScaleOut).
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process)
    {
        _process = process;
    }

    public int Port { get; private set; }

    public Uri Url => new($"ws://127.0.0.1:{Port}/bridge");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the silo with <c>--key value</c> settings and a static token, and waits for its banner.</summary>
    public static async Task<SiloProcess> StartAsync(string dataPath, IReadOnlyDictionary<string, string> settings, string token)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "OrleansBridge.Silo"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataPath,
        };
        foreach (var argument in new[] { "--port", "0", "--data", dataPath, "--token", token, "--environment", "Production" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The silo did not start.");
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            silo.Port = await silo._port.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new InvalidOperationException($"The silo printed no banner within {StartTimeout}:\n{silo.Output}");
        }

        return silo;
    }

    /// <summary>SIGKILL: the process ends at once.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the process drains and stops; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var banner = Banner().Match(line);
        if (banner.Success)
        {
            _port.TrySetResult(int.Parse(banner.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"OrleansBridge is listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Banner();
}
