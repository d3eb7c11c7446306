using System.Diagnostics;
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

    /// <summary>The Annex-B access units go to ffmpeg's stdin and are copied, not re-encoded, into MP4.</summary>
    private sealed class Mp4Sink : FrameSink
    {
        private readonly Process _ffmpeg;
        private int _disposed;

        private Mp4Sink(Process ffmpeg) => _ffmpeg = ffmpeg;

        public static Mp4Sink Start(string path, double fps)
        {
            var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardError = false, UseShellExecute = false };
            foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-y", "-f", "h264", "-framerate",
                fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "-", "-c", "copy", path })
            {
                info.ArgumentList.Add(argument);
            }

            return new Mp4Sink(Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start."));
        }

        public override void Write(VideoFrame frame) => _ffmpeg.StandardInput.BaseStream.Write(frame.Data);

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _ffmpeg.StandardInput.Close();
            await _ffmpeg.WaitForExitAsync();
            var code = _ffmpeg.ExitCode;
            _ffmpeg.Dispose();
            if (code != 0)
            {
                throw new IOException($"ffmpeg could not write the MP4 (exit code {code}).");
            }
        }
    }
}
