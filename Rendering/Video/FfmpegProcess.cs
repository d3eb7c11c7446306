using System.Diagnostics;
using System.Text;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// One ffmpeg child process fed through stdin and read through stdout. Stderr is drained into a
/// bounded tail (the last lines, for error reports) so ffmpeg never blocks on a full stderr pipe.
/// Disposing kills the process tree if it still runs.
/// </summary>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    /// <summary>Characters of stderr kept for error reports: enough for ffmpeg's last few lines.</summary>
    private const int StderrTailChars = 2048;

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private string? _final;

    private FfmpegProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The process id.</summary>
    public int Id { get; }

    /// <summary>ffmpeg's stdin, where raw frames go.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>ffmpeg's stdout, where encoded bytes come from.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _final is not null || _process.HasExited;

    /// <summary>Starts <paramref name="ffmpegPath"/> with <paramref name="arguments"/>.</summary>
    public static FfmpegProcess Start(string ffmpegPath, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {ffmpegPath}.");
        return new FfmpegProcess(process);
    }

    /// <summary>A one-line description of how the process ended, with the end of its stderr.</summary>
    public string Describe()
    {
        if (_final is not null)
        {
            return _final;
        }

        var exit = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        string tail;
        lock (_stderr)
        {
            tail = _stderr.ToString().Trim().ReplaceLineEndings(" | ");
        }

        return tail.Length == 0 ? $"ffmpeg (pid {Id}): {exit}" : $"ffmpeg (pid {Id}): {exit}; {tail}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or the OS refused: nothing more to do for a child we are abandoning.
        }

        try
        {
            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // A grandchild may hold stderr open; the pump ends with it.
        }

        _final = Describe();
        _process.Dispose();
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[512];
        var reader = _process.StandardError;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, read);
                    if (_stderr.Length > StderrTailChars)
                    {
                        _stderr.Remove(0, _stderr.Length - StderrTailChars);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process went away.
        }
    }
}
