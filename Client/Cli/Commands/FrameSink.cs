using System.Globalization;
using System.Threading.Channels;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;
using FFMpegCore.Pipes;
using OrleansBridge.Client;

namespace OrleansBridge.Cli.Commands;

/// <summary>Where <c>bridge stream</c> writes frames: an MP4 through ffmpeg, numbered image files, or nowhere.</summary>
internal abstract class FrameSink : IAsyncDisposable
{
    public static FrameSink Create(string format, string? path, double fps) => path switch
    {
        null => new NullSink(),
        _ when format == "h264" => Mp4Sink.Start(path, fps),
        _ => new FolderSink(path),
    };

    public abstract void Write(VideoFrame frame);

    public abstract ValueTask DisposeAsync();

    private sealed class NullSink : FrameSink
    {
        public override void Write(VideoFrame frame)
        {
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FolderSink : FrameSink
    {
        private readonly string _folder;

        public FolderSink(string folder)
        {
            _folder = folder;
            Directory.CreateDirectory(folder);
        }

        public override void Write(VideoFrame frame) =>
            File.WriteAllBytes(Path.Combine(_folder, $"frame-{frame.Info.Frame:D5}.{frame.Info.Format}"), frame.Data);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// The Annex-B access units go to ffmpeg through FFMpegCore's input pipe and are copied, not
    /// re-encoded, into MP4 (<c>-f h264 -framerate F -i pipe -c copy out.mp4</c>).
    /// </summary>
    private sealed class Mp4Sink : FrameSink
    {
        /// <summary>
        /// Access units held while ffmpeg starts or falls behind: two seconds at 30 fps. A full queue
        /// makes <see cref="Write"/> wait, as a full stdin pipe did, so no frame is lost.
        /// </summary>
        private const int QueuedFrames = 64;

        /// <summary>Characters of ffmpeg's error output kept in the failure message.</summary>
        private const int ErrorChars = 600;

        private readonly Channel<byte[]> _frames = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(QueuedFrames) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        private readonly Task _run;
        private int _disposed;

        private Mp4Sink(string path, double fps) => _run = RunAsync(path, fps);

        public static Mp4Sink Start(string path, double fps) => new(path, fps);

        public override void Write(VideoFrame frame)
        {
            if (_frames.Writer.TryWrite(frame.Data) || _run.IsCompleted)
            {
                // Queued; or ffmpeg has ended, and DisposeAsync reports why.
                return;
            }

            try
            {
                // The frame handler is synchronous: wait for room as a blocking pipe write did.
                _frames.Writer.WriteAsync(frame.Data).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                // ffmpeg ended meanwhile; DisposeAsync reports why.
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            // The end of the queue ends the pipe: ffmpeg reads end of file, writes the moov box and exits.
            _frames.Writer.TryComplete();
            await _run;
        }

        private async Task RunAsync(string path, double fps)
        {
            await Task.Yield(); // Start returns before ffmpeg is started.
            try
            {
                await FFMpegArguments
                    .FromPipeInput(new AccessUnitSource(_frames.Reader, fps))
                    .OutputToFile(path, overwrite: true, options => options.WithCustomArgument("-c copy"))
                    .WithLogLevel(FFMpegLogLevel.Error)
                    .ProcessAsynchronously(throwOnError: true);
            }
            catch (Exception ex) when (ex is FFMpegException or Instances.Exceptions.InstanceFileNotFoundException or System.ComponentModel.Win32Exception)
            {
                var what = ex.Message.Trim().ReplaceLineEndings(" | ");
                throw new IOException($"ffmpeg could not write the MP4: {(what.Length > ErrorChars ? what[..ErrorChars] + "…" : what)}", ex);
            }
            finally
            {
                // Nobody reads the queue any more: a waiting Write must not wait forever.
                _frames.Writer.TryComplete();
            }
        }
    }

    /// <summary>The queued access units, written to ffmpeg's input pipe in order until the queue is completed.</summary>
    private sealed class AccessUnitSource(ChannelReader<byte[]> frames, double fps) : IPipeSource
    {
        public string GetStreamArguments() => $"-f h264 -framerate {fps.ToString(CultureInfo.InvariantCulture)}";

        public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
        {
            await foreach (var frame in frames.ReadAllAsync(cancellationToken))
            {
                await outputStream.WriteAsync(frame, cancellationToken);
            }
        }
    }
}
