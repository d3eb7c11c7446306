using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Video;
using OrleansBridge.Tests.Common;

namespace OrleansBridge.Tests.Rendering.Video;

/// <summary>libx264 in process: the struct layouts against the library, the stream against real ffmpeg.</summary>
public sealed class X264FrameEncoderTests
{
    private static EncoderSettings H264(int width, int height, int kbps = 500) =>
        new() { Format = VideoFormat.H264, Width = width, Height = height, BitrateKbps = kbps };

    private static LinearImage Gradient(int width, int height, int frame)
    {
        var image = new LinearImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Vector3(((x + (frame * 3)) % width) / (float)width, y / (float)height, 0.3f);
            }
        }

        return image;
    }

    private static LinearImage Noise(int width, int height, int frame)
    {
        var image = new LinearImage(width, height);
        var random = new Random(frame);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle());
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

    /// <summary>ffprobe's view of every frame of a raw H.264 file: (key_frame, pict_type).</summary>
    private static async Task<List<(bool Key, string Type)>> FramesAsync(string path)
    {
        var (code, output, error) = await MediaProbe.RunAsync("ffprobe",
            ["-v", "error", "-f", "h264", "-select_streams", "v:0", "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", path]);
        Assert.True(code == 0, $"ffprobe failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(fields => (fields[0] == "1", fields[1]))
            .ToList();
    }

    [Fact]
    public void Library_LoadsHere()
    {
        // Debian's libx264-164 is part of this machine's setup; without it the server falls back to ffmpeg.
        Assert.True(X264FrameEncoder.IsAvailable, X264Native.Unavailable);
    }

    [Fact]
    public unsafe void ParamLayout_OptionsSetByName_AreReadBackAtTheirOffsets()
    {
        var param = stackalloc byte[X264Layout.ParamSize + 64];
        var guard = param + X264Layout.ParamSize;
        new Span<byte>(guard, 64).Fill(0xA5);
        Assert.Equal(0, X264Native.ParamDefaultPreset(param, "ultrafast", "zerolatency"));
        foreach (var (name, value, offset) in new[]
        {
            ("bitrate", 1234, X264Layout.ParamBitrate),
            ("vbv-maxrate", 2345, X264Layout.ParamVbvMaxBitrate),
            ("vbv-bufsize", 3456, X264Layout.ParamVbvBufferSize),
            ("keyint", 77, X264Layout.ParamKeyintMax),
            ("log", 1, X264Layout.ParamLogLevel),
            ("aud", 1, X264Layout.ParamAud),
            ("repeat-headers", 1, X264Layout.ParamRepeatHeaders),
            ("annexb", 1, X264Layout.ParamAnnexB),
        })
        {
            Assert.Equal(0, X264Native.ParamParse(param, name, value.ToString(CultureInfo.InvariantCulture)));
            Assert.True(value == *(int*)(param + offset), $"{name} set to {value} reads {*(int*)(param + offset)} at offset {offset}");
        }

        // The default preset's 4:2:0 colour space sits where i_csp is expected, and nothing wrote past the struct.
        Assert.Equal(X264Native.CspI420, *(int*)(param + X264Layout.ParamCsp));
        Assert.True(new Span<byte>(guard, 64).IndexOfAnyExcept((byte)0xA5) < 0, "x264 wrote past the 1,024 bytes of x264_param_t");
    }

    [Fact]
    public unsafe void PictureLayout_AllocatedPlanes_AreWhereTheStructSaysWithI420Strides()
    {
        Assert.Equal(X264Layout.PictureSize, Unsafe.SizeOf<X264Picture>());
        Assert.Equal(X264Layout.NalSize, Unsafe.SizeOf<X264Nal>());
        var picture = default(X264Picture);
        Assert.Equal(0, X264Native.PictureAlloc(&picture, X264Native.CspI420, 64, 48));
        try
        {
            Assert.Equal(X264Native.CspI420, picture.Csp);
            Assert.Equal(3, picture.Planes);
            Assert.Equal((64, 32, 32), (picture.StrideY, picture.StrideU, picture.StrideV));
            Assert.NotEqual(0, picture.PlaneY);
            Assert.Equal(64 * 48, picture.PlaneU - picture.PlaneY); // one allocation, planes in order
            Assert.Equal(32 * 24, picture.PlaneV - picture.PlaneU);
        }
        finally
        {
            X264Native.PictureClean(&picture);
        }
    }

    [Fact]
    public void Create_H264_IsInProcessUnlessTurnedOffOrNvenc()
    {
        Assert.IsType<X264FrameEncoder>(FrameEncoders.Create(H264(32, 32)));
        Assert.IsType<FfmpegFrameEncoder>(FrameEncoders.Create(H264(32, 32) with { InProcessH264 = false }));
        Assert.IsType<FfmpegFrameEncoder>(FrameEncoders.Create(H264(32, 32) with { UseNvenc = true }));
        Assert.IsType<FfmpegFrameEncoder>(FrameEncoders.Create(H264(32, 32) with { Format = VideoFormat.Jpg }));
    }

    [Fact]
    public async Task H264_AccessUnitsShapedLikeTheFfmpegPath_DecodeAtTheRightSize()
    {
        await using var encoder = new X264FrameEncoder(H264(64, 48));
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
                Assert.DoesNotContain(7, types);
            }

            // Nothing but 4-byte start codes: every NAL unit was found by the 4-byte scan above.
            Assert.Equal(outcome.Frame.Data.Length, CountedBytes(outcome.Frame.Data));
            stream.Write(outcome.Frame.Data);
        }

        Assert.Equal(1, encoder.Starts);
        Assert.Null(encoder.ProcessId);
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "out.h264");
        await File.WriteAllBytesAsync(path, stream.ToArray());
        Assert.Equal(("h264", 64, 48, 10), await MediaProbe.ProbeVideoAsync(path, "h264"));
    }

    [Fact]
    public async Task KeyframeAndBitrateChange_SameEncoderNoRestart_KeyframesAreIdrAndAllDecode()
    {
        const int Frames = 40;
        await using var encoder = new X264FrameEncoder(H264(160, 96, kbps: 2000));
        var stream = new MemoryStream();
        var keyframes = new List<int>();
        var sizes = new int[Frames];
        for (var n = 0; n < Frames; n++)
        {
            if (n is 7 or 31)
            {
                encoder.RequestKeyframe();
            }

            if (n == 20)
            {
                encoder.SetBitrate(100);
            }

            var outcome = await encoder.EncodeAsync(Noise(160, 96, n), ToneMapping.Standard, 0, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Failure);
            Assert.Equal(n + 1, encoder.FramesEncoded); // one encoder, frames counted on without a gap
            Assert.Equal(n < 20 ? 2000 : 100, outcome.Frame!.BitrateKbps);
            if (outcome.Frame.Keyframe)
            {
                keyframes.Add(n);
                Assert.Equal([9, 7, 8], NalTypes(outcome.Frame.Data).Take(3)); // parameter sets ahead of every IDR
                Assert.Contains(5, NalTypes(outcome.Frame.Data));
            }

            sizes[n] = outcome.Frame.Data.Length;
            stream.Write(outcome.Frame.Data);
        }

        Assert.Equal([0, 7, 31], keyframes);
        Assert.Equal((1, 1), (encoder.Starts, encoder.Reconfigurations));
        var high = sizes.Skip(10).Take(10).Average();
        var low = sizes.Skip(32).Average();
        Assert.True(low < high / 4, $"after the change to 100 kbit/s frames average {low:0} bytes against {high:0} at 2000 kbit/s");

        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "out.h264");
        await File.WriteAllBytesAsync(path, stream.ToArray());
        var decoded = await FramesAsync(path);
        Assert.Equal(Frames, decoded.Count);
        Assert.Equal(keyframes, decoded.Select((f, i) => (f, i)).Where(x => x.f.Key).Select(x => x.i));
        Assert.All(keyframes, k => Assert.Equal("I", decoded[k].Type));
    }

    [Fact]
    public async Task Colours_DecodeLikeTheFfmpegPath()
    {
        // The same flat colours through both encoders, decoded by ffmpeg to rgb24: the in-process
        // conversion to 4:2:0 must match swscale's (BT.601, limited range).
        var image = new LinearImage(64, 48);
        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                image[x, y] = x < 32 ? new Vector3(0.05f, 0.4f, 0.8f) : new Vector3(0.9f, 0.2f, 0.1f);
            }
        }

        using var dir = new TestDirectory();
        var decoded = new List<byte[]>();
        foreach (var inProcess in new[] { true, false })
        {
            await using var encoder = FrameEncoders.Create(H264(64, 48, kbps: 4000) with { InProcessH264 = inProcess });
            var outcome = await encoder.EncodeAsync(image, ToneMapping.Standard, 0, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Failure);
            var path = Path.Combine(dir.Path, $"{inProcess}.h264");
            await File.WriteAllBytesAsync(path, outcome.Frame!.Data);
            var rgb = Path.Combine(dir.Path, $"{inProcess}.rgb");
            var (code, _, error) = await MediaProbe.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "h264", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", rgb]);
            Assert.True(code == 0, error);
            decoded.Add(await File.ReadAllBytesAsync(rgb));
        }

        Assert.Equal(decoded[1].Length, decoded[0].Length);
        var worst = decoded[0].Zip(decoded[1], (a, b) => Math.Abs(a - b)).Max();
        var mean = decoded[0].Zip(decoded[1], (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 2 && worst < 24, $"in-process against ffmpeg: mean difference {mean:0.00}, worst {worst} codes");
    }

    private static int CountedBytes(byte[] unit)
    {
        // Sum of (start code + body) by splitting on 4-byte start codes only.
        var starts = new List<int>();
        for (var i = 0; i + 4 <= unit.Length; i++)
        {
            if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 0 && unit[i + 3] == 1)
            {
                starts.Add(i);
            }
        }

        Assert.Equal(0, starts[0]);
        for (var i = 0; i + 3 <= unit.Length; i++)
        {
            // No 3-byte start code that is not the tail of a 4-byte one.
            if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 1)
            {
                Assert.True(i > 0 && unit[i - 1] == 0, $"a 3-byte start code at {i}");
            }
        }

        return unit.Length;
    }
}
