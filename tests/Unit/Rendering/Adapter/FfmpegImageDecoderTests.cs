using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>JPEG textures through the real ffmpeg: pixels close to the source, sizes checked, failures reported with ffmpeg's words.</summary>
public sealed class FfmpegImageDecoderTests
{
    private static readonly FfmpegImageDecoder Decoder = new(new FfmpegPipe("ffmpeg", TimeSpan.FromSeconds(30)));

    [Theory]
    [InlineData("yuvj444p")]
    [InlineData("yuvj420p")]
    [InlineData("gray")]
    public async Task DecodeAsync_Jpeg_IsCloseToTheSourceAndEqualsFfmpegsDecode(string pixelFormat)
    {
        const int width = 64, height = 40;
        var source = FfmpegTool.Pattern(width, height);
        var jpeg = FfmpegTool.Encode(source, width, height, "mjpeg", pixelFormat, "-q:v", "2");

        var result = await Decoder.DecodeAsync(jpeg, width, height, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(FfmpegTool.DecodeToRgba(jpeg), result.Image!.Rgba);
        if (pixelFormat == "yuvj444p")
        {
            // Lossy, but the smooth gradients survive: mean error of the colour channels a few levels.
            double error = 0;
            for (var i = 0; i < source.Length; i++)
            {
                error += i % 4 == 3 ? 0 : Math.Abs(source[i] - result.Image.Rgba[i]);
            }

            Assert.True(error / (width * height * 3) < 6, $"mean absolute error {error / (width * height * 3):F2}");
        }
    }

    [Fact]
    public async Task DecodeAsync_DeclaredSizeDiffers_IsRefusedBeforeFfmpegRuns()
    {
        var jpeg = FfmpegTool.Encode(FfmpegTool.Pattern(32, 16), 32, 16, "mjpeg", "yuvj444p");

        var result = await Decoder.DecodeAsync(jpeg, 16, 32, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("32x16", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_NotAnImage_ReportsFfmpegsFailure()
    {
        var result = await Decoder.DecodeAsync("this is not an image at all"u8.ToArray(), 8, 8, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("ffmpeg", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_MissingExecutable_SaysSo()
    {
        var decoder = new FfmpegImageDecoder(new FfmpegPipe("/nonexistent/ffmpeg", TimeSpan.FromSeconds(5)));
        var jpeg = FfmpegTool.Encode(FfmpegTool.Pattern(8, 8), 8, 8, "mjpeg", "yuvj444p");

        var result = await decoder.DecodeAsync(jpeg, 8, 8, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("could not be started", result.Message, StringComparison.Ordinal);
    }
}
