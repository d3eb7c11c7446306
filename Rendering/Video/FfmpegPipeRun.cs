using System.Net.Sockets;
using FFMpegCore;
using FFMpegCore.Pipes;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// One ffmpeg run through FFMpegCore: raw frames go in through its input pipe (an <see cref="IPipeSource"/>),
/// the encoded stream comes out through its output pipe (an <see cref="IPipeSink"/>). FFMpegCore hands each
/// pipe's stream to the source and the sink once ffmpeg has connected; both hold it open for the encoder,
/// which writes a frame and reads its encoded form in lock-step, until the run is disposed, so nothing is
/// buffered beyond the pipes themselves. ffmpeg's error output is collected by FFMpegCore and reported,
/// clipped, when the run ends; disposing a run that still runs stops ffmpeg (FFMpegCore sends <c>q</c> and
/// kills it at once).
/// </summary>
internal sealed class FfmpegPipeRun : IAsyncDisposable
{
    /// <summary>Characters of ffmpeg's error output kept for error reports: enough for its last few lines.</summary>
    private const int ErrorChars = 2048;

    /// <summary>How long a dying ffmpeg is given to end, so that the report has its exit code and error output.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<Stream> _input = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Stream> _output = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private string? _end;

    private FfmpegPipeRun(FFOptions options, string inputArguments, string outputArguments) =>
        _run = RunAsync(options, inputArguments, outputArguments);

    /// <summary>ffmpeg's process id, known once it has connected to the input pipe (from the pipe's peer credentials).</summary>
    public int? Id { get; private set; }

    /// <summary>The input pipe once ffmpeg has connected; faults with an <see cref="IOException"/> if the run ends first.</summary>
    public Task<Stream> Input => _input.Task;

    /// <summary>The output pipe once ffmpeg has connected; faults with an <see cref="IOException"/> if the run ends first.</summary>
    public Task<Stream> Output => _output.Task;

    /// <summary>True once ffmpeg has ended.</summary>
    public bool HasExited => _run.IsCompleted;

    /// <summary>Starts ffmpeg with the input options before its input pipe and the output options before its output pipe.</summary>
    public static FfmpegPipeRun Start(FFOptions options, IEnumerable<string> inputArguments, IEnumerable<string> outputArguments) =>
        new(options, Join(inputArguments), Join(outputArguments));

    /// <summary>Waits up to a couple of seconds for a dying ffmpeg to end, so that <see cref="Describe"/> has its exit.</summary>
    public async ValueTask WaitForEndAsync()
    {
        try
        {
            await _run.WaitAsync(EndGrace);
        }
        catch (TimeoutException)
        {
            // Still running: it is stopped by DisposeAsync.
        }
    }

    /// <summary>A one-line description of how the run ended, with the end of ffmpeg's error output.</summary>
    public string Describe() => $"ffmpeg (pid {(Id is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")}): {_end ?? "still running"}";

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        if (!_run.IsCompleted)
        {
            try
            {
                await _stop.CancelAsync();
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is IOException))
            {
                // FFMpegCore stops ffmpeg by writing 'q' to its standard input. Released above, ffmpeg may have read
                // the end of its input and exited in between, closing that pipe: a broken pipe here means it is ending.
            }
        }

        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // FFMpegCore killed it; a grandchild may hold a pipe open. Nothing more to do for a child we abandon.
        }

        _stop.Dispose();
    }

    private static string Join(IEnumerable<string> arguments)
    {
        // FFMpegCore takes one command line; ours are single tokens (numbers, names, sizes), never quoted.
        var list = arguments.ToList();
        if (list.Any(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c == '"')))
        {
            throw new ArgumentException("An ffmpeg argument with white space or quotes.", nameof(arguments));
        }

        return string.Join(' ', list);
    }

    private async Task RunAsync(FFOptions options, string inputArguments, string outputArguments)
    {
        await Task.Yield(); // Start returns before ffmpeg is started.
        try
        {
            await FFMpegArguments
                .FromPipeInput(new Source(this, inputArguments))
                .OutputToPipe(new Sink(this), output => output.WithCustomArgument(outputArguments))
                .CancellableThrough(_stop.Token)
                .ProcessAsynchronously(throwOnError: true, options);
            _end = "exit code 0";
        }
        catch (OperationCanceledException)
        {
            _end = "stopped";
        }
        catch (Exception ex) when (H264EncoderProbe.IsFfmpegFailure(ex))
        {
            var text = ex.Message.Trim().ReplaceLineEndings(" | ");
            _end = text.Length > ErrorChars ? "…" + text[^ErrorChars..] : text;
        }
        finally
        {
            var ended = new IOException("ffmpeg ended");
            _input.TrySetException(ended);
            _output.TrySetException(ended);
        }
    }

    /// <summary>Holds a connected pipe open for the encoder until the run is released or ffmpeg ends.</summary>
    private async Task HoldAsync(TaskCompletionSource<Stream> pipe, Stream stream, CancellationToken cancellationToken)
    {
        pipe.TrySetResult(stream);
        await _released.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The peer's process id of a connected Unix-domain pipe (<c>SO_PEERCRED</c>: pid, uid, gid), or null.</summary>
    private static int? PeerProcessId(Stream stream)
    {
        if (!OperatingSystem.IsLinux() || stream is not System.IO.Pipes.PipeStream pipe)
        {
            return null;
        }

        try
        {
            using var socket = new Socket(new SafeSocketHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false));
            Span<byte> credentials = stackalloc byte[12];
            const int SolSocket = 1;
            const int SoPeerCred = 17;
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) >= 4 ? BitConverter.ToInt32(credentials) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private sealed class Source(FfmpegPipeRun run, string arguments) : IPipeSource
    {
        public string GetStreamArguments() => arguments;

        public Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
        {
            run.Id = PeerProcessId(outputStream);
            return run.HoldAsync(run._input, outputStream, cancellationToken);
        }
    }

    private sealed class Sink(FfmpegPipeRun run) : IPipeSink
    {
        string IPipeSink.GetStreamArguments() => string.Empty;

        public Task ReadAsync(Stream inputStream, CancellationToken cancellationToken) => run.HoldAsync(run._output, inputStream, cancellationToken);
    }
}
