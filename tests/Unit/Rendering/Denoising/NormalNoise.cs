namespace OrleansBridge.Tests.Rendering.Denoising;

/// <summary>Normally distributed noise for the denoiser's synthetic inputs.</summary>
internal static class NormalNoise
{
    /// <summary>One standard normal draw (Box–Muller) from two of <paramref name="random"/>'s numbers.</summary>
    public static float Gaussian(Random random) =>
        MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
}
