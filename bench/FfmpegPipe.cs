using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OrleansBridge.Bench;

/// <summary>
/// Runs ffmpeg once with its input on stdin and its output on stdout: the input is written while
/// the output is read (a full pipe on either side would otherwise deadlock), the output is bounded
/// (a run that writes more than the caller expects is stopped), stderr keeps its last 4 KiB for the
/// message, and a run past its timeout, or cancelled, is killed.
/// </summary>
public sealed class FfmpegPipe(string executable, TimeSpan timeout)
{
    /// <summary>Bytes of stderr kept for error messages.</summary>
    private const int StderrTail = 4096;

    /// <summary>The executable (a path, or a name found on PATH).</summary>
    public string Executable { get; } = executable;

    /// <summary>How long one run may take.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>
    /// Runs ffmpeg with <paramref name="arguments"/> (input <c>-i -</c>, output <c>-</c>), feeding
    /// <paramref name="input"/>. Output beyond <paramref name="maxOutputBytes"/> fails the run.
    /// </summary>
    public async Task<FfmpegResult> RunAsync(IReadOnlyList<string> arguments, ReadOnlyMemory<byte> input, long maxOutputBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new FfmpegResult($"ffmpeg ('{Executable}') could not be started: {ex.Message}. Install it or set its path.", []);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var stderr = ReadTailAsync(process.StandardError.BaseStream, limit.Token);
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, maxOutputBytes, limit.Token);
        var stdin = WriteInputAsync(process.StandardInput.BaseStream, input, limit.Token);
        byte[]? output;
        try
        {
            output = await stdout;
            if (output is null)
            {
                Kill(process);
                await stdin;
                return new FfmpegResult($"ffmpeg wrote more than the {maxOutputBytes} bytes expected and was stopped.", []);
            }

            await stdin;
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new FfmpegResult($"ffmpeg did not finish within {Timeout.TotalSeconds:0.#} s and was stopped.", []);
        }

        var tail = await stderr;
        return process.ExitCode == 0
            ? new FfmpegResult(null, output)
            : new FfmpegResult($"ffmpeg exited with code {process.ExitCode}: {tail.Trim()}", []);
    }

    private static async Task WriteInputAsync(Stream stdin, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.WriteAsync(input, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // ffmpeg closed its input early (it refused the data); its exit code and stderr say why.
        }
        finally
        {
            await stdin.DisposeAsync();
        }
    }

    /// <summary>Reads all of stdout, or returns null as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream stdout, long maxBytes, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                return null;
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static async Task<string> ReadTailAsync(Stream stderr, CancellationToken cancellationToken)
    {
        var tail = new byte[StderrTail];
        var buffer = new byte[4096];
        var kept = 0;
        try
        {
            int read;
            while ((read = await stderr.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var keep = Math.Min(read, StderrTail);
                var shift = Math.Max(0, kept + keep - StderrTail);
                tail.AsSpan(shift, kept - shift).CopyTo(tail);
                kept -= shift;
                buffer.AsSpan(read - keep, keep).CopyTo(tail.AsSpan(kept));
                kept += keep;
            }
        }
        catch (OperationCanceledException)
        {
            // The run timed out; what was read so far is the message.
        }

        return Encoding.UTF8.GetString(tail, 0, kept);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}
