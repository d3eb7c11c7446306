using System.Diagnostics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Video;
using OrleansBridge.Tests.Common;

namespace OrleansBridge.Tests.Rendering.Video;

public sealed class FfmpegFrameEncoderTests
{
    private static LinearImage Gradient(int width, int height, int frame)
    {
        var image = new LinearImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new System.Numerics.Vector3(((x + (frame * 3)) % width) / (float)width, y / (float)height, 0.3f);
            }
        }

        return image;
    }

    private static List<int> NalTypes(byte[] unit)
    {
        var types = new List<int>();
        for (var i = 0; i + 4 < unit.Length; i++)
        {
            if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 0 && unit[i + 3] == 1)
            {
                types.Add(unit[i + 4] & 0x1F);
            }
        }

        return types;
    }

    [Fact]
    public async Task H264_OneAccessUnitPerFrame_DecodesAtTheRightSize()
    {
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = VideoFormat.H264, Width = 64, Height = 48, BitrateKbps = 500 });
        var stream = new MemoryStream();
        for (var n = 0; n < 10; n++)
        {
            var outcome = await encoder.EncodeAsync(Gradient(64, 48, n), ToneMapping.Standard, 0, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Failure);
            var types = NalTypes(outcome.Frame!.Data);
            Assert.Equal(9, types[0]); // every access unit opens with its delimiter
            Assert.Equal(n == 0, outcome.Frame.Keyframe);
            if (n == 0)
            {
                Assert.Equal([9, 7, 8], types.Take(3));
                Assert.Contains(5, types);
            }
            else
            {
                Assert.DoesNotContain(5, types);
            }

            stream.Write(outcome.Frame.Data);
        }

        Assert.Equal(1, encoder.Starts);
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "out.h264");
        await File.WriteAllBytesAsync(path, stream.ToArray());
        var probe = await MediaProbe.ProbeVideoAsync(path, "h264");
        Assert.Equal(("h264", 64, 48, 10), probe);
    }

    [Fact]
    public async Task H264_KeyframeRequest_NextFrameIsAnIdrWithParameterSets()
    {
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = VideoFormat.H264, Width = 32, Height = 32 });
        Assert.True((await encoder.EncodeAsync(Gradient(32, 32, 0), ToneMapping.Standard, 0, default)).Frame!.Keyframe);
        Assert.False((await encoder.EncodeAsync(Gradient(32, 32, 1), ToneMapping.Standard, 0, default)).Frame!.Keyframe);
        encoder.RequestKeyframe();
        var forced = await encoder.EncodeAsync(Gradient(32, 32, 2), ToneMapping.Standard, 0, default);
        Assert.True(forced.Frame!.Keyframe);
        Assert.Contains(7, NalTypes(forced.Frame.Data));
        Assert.Equal(2, encoder.Starts);
    }

    [Fact]
    public async Task H264_ProcessKilled_FrameFailsWithReasonThenStreamRecovers()
    {
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = VideoFormat.H264, Width = 32, Height = 32 });
        Assert.True((await encoder.EncodeAsync(Gradient(32, 32, 0), ToneMapping.Standard, 0, default)).Succeeded);
        var pid = encoder.ProcessId!.Value;
        using (var victim = Process.GetProcessById(pid))
        {
            victim.Kill();
            await victim.WaitForExitAsync();
        }

        var failed = await encoder.EncodeAsync(Gradient(32, 32, 1), ToneMapping.Standard, 0, default);
        Assert.False(failed.Succeeded);
        Assert.Contains($"pid {pid}", failed.Failure, StringComparison.Ordinal);
        var recovered = await encoder.EncodeAsync(Gradient(32, 32, 2), ToneMapping.Standard, 0, default);
        Assert.True(recovered.Succeeded, recovered.Failure);
        Assert.True(recovered.Frame!.Keyframe);
        Assert.NotEqual(pid, encoder.ProcessId);
        Assert.Equal(2, encoder.Starts);
    }

    [Fact]
    public async Task H264_FfmpegFailsAtStart_FrameFailsWithItsExitCodeAndErrorOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the stand-in ffmpeg is a shell script
        }

        // An "ffmpeg" that answers -version (FFMpegCore's check) and fails any encode with a message of its own.
        using var dir = new TestDirectory();
        var fake = Path.Combine(dir.Path, "ffmpeg");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'ffmpeg version fake'; exit 0; fi\necho 'fake ffmpeg: no encoder here' >&2\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = VideoFormat.H264, Width = 32, Height = 32, FfmpegFolder = dir.Path, FrameTimeout = TimeSpan.FromSeconds(20) });

        var failed = await encoder.EncodeAsync(Gradient(32, 32, 0), ToneMapping.Standard, 0, default);

        Assert.False(failed.Succeeded);
        Assert.Contains("exit-code (3", failed.Failure, StringComparison.Ordinal);
        Assert.Contains("fake ffmpeg: no encoder here", failed.Failure, StringComparison.Ordinal);
        Assert.Null(encoder.ProcessId);
    }

    [Theory]
    [InlineData(VideoFormat.Jpg, "mjpeg")]
    [InlineData(VideoFormat.Webp, "webp")]
    public async Task Images_EachFrameIsOneWholeFile_ThatDecodes(VideoFormat format, string codec)
    {
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = format, Width = 48, Height = 40 });
        using var dir = new TestDirectory();
        for (var n = 0; n < 3; n++)
        {
            var outcome = await encoder.EncodeAsync(Gradient(48, 40, n), ToneMapping.Standard, 0, default);
            Assert.True(outcome.Succeeded, outcome.Failure);
            var path = Path.Combine(dir.Path, $"f{n}.{VideoFormats.Name(format)}");
            await File.WriteAllBytesAsync(path, outcome.Frame!.Data);
            var probe = await MediaProbe.ProbeVideoAsync(path);
            Assert.Equal((codec, 48, 40, 1), probe);
        }

        Assert.Equal(1, encoder.Starts);
    }

    [Theory]
    [InlineData(VideoFormat.Jpg)]
    [InlineData(VideoFormat.H264)]
    public async Task HighFrameRate_FirstFrameComesBeforeTheNextIsWritten(VideoFormat format)
    {
        // At 120 fps ffmpeg's input probing held the first 640x360 frame back until a second one came.
        await using var encoder = new FfmpegFrameEncoder(new EncoderSettings { Format = format, Width = 640, Height = 360, Fps = 120, FrameTimeout = TimeSpan.FromSeconds(5) });
        var outcome = await encoder.EncodeAsync(Gradient(640, 360, 0), ToneMapping.Standard, 0, default);
        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal(1, encoder.Starts);
    }

    [Fact]
    public void JpegLength_SkipsStuffedBytesAndRestartMarkers_StopsAtEoi()
    {
        // SOI, a 4-byte APP0 segment, SOS (length 3 + 1 byte), scan data with FF 00 and RST0, EOI, then the next image.
        byte[] data = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x01, 0x02, 0xFF, 0xDA, 0x00, 0x03, 0x00,
            0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9, 0xFF, 0xD8];
        Assert.Equal(22, ImagePipeReader.JpegLength(data));
        Assert.Equal(0, ImagePipeReader.JpegLength(data.AsSpan(0, 20)));
    }
}
