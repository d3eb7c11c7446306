using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering.Denoising;

/// <summary>
/// What the denoiser reads: the noisy colour and, per pixel, the mean first-hit albedo and shading
/// normal and the variance of the pixel mean's luminance. Filled by
/// <see cref="AccumulationBuffer.Resolve(DenoiseInput)"/>, or by hand (tests). Allocated once per image size.
/// </summary>
public sealed class DenoiseInput
{
    /// <summary>
    /// Fewest samples from which a pixel's own variance is used; below it the denoiser estimates the
    /// variance from the neighbourhood (a sample variance of one to three samples says little).
    /// </summary>
    public const int MinSamplesForVariance = 4;

    /// <summary>Black buffers of <paramref name="width"/> × <paramref name="height"/>, variance unknown.</summary>
    public DenoiseInput(int width, int height)
    {
        Color = new LinearImage(width, height);
        Albedo = new LinearImage(width, height);
        Normal = new LinearImage(width, height);
        Width = width;
        Height = height;
        Direct = new LinearImage(width, height);
        Variance = new float[width * height];
        NormalVariance = new float[width * height];
        DirectVariance = new float[width * height];
        Array.Fill(Variance, -1f);
        Array.Fill(DirectVariance, -1f);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The noisy image (per-pixel means of radiance).</summary>
    public LinearImage Color { get; }

    /// <summary>Mean base colour of the first hit; white where camera rays escape.</summary>
    public LinearImage Albedo { get; }

    /// <summary>Mean shading normal of the first hit (not renormalised: shorter at silhouettes); zero where camera rays escape.</summary>
    public LinearImage Normal { get; }

    /// <summary>
    /// Variance of the luminance of each pixel mean less its <see cref="Direct"/> part (of the whole colour
    /// unless <see cref="SplitsDirect"/>); negative where unknown (estimated from the neighbourhood).
    /// </summary>
    public float[] Variance { get; }

    /// <summary>
    /// True when <see cref="Direct"/> holds the part of <see cref="Color"/> that scattered at most once
    /// (<see cref="SampleFeatures.Direct"/>): the denoiser then filters it and the rest apart and adds them.
    /// False (the default): <see cref="Direct"/> is ignored and the colour is filtered whole.
    /// </summary>
    public bool SplitsDirect { get; set; }

    /// <summary>Mean radiance per pixel that scattered at most once; read only with <see cref="SplitsDirect"/>.</summary>
    public LinearImage Direct { get; }

    /// <summary>
    /// Variance of each pixel's mean normal (summed over the components): (h/n − |n̄|²)/n for n samples of which h hit a
    /// surface (escaped rays have a zero normal), 1 − |n̄|² over n where all hit. Large where a pixel's samples landed on
    /// surfaces facing apart (sub-pixel bumps, a silhouette) or partly escaped; 0 where they agree, and where unknown.
    /// </summary>
    public float[] NormalVariance { get; }

    /// <summary>Variance of the luminance of each pixel's mean <see cref="Direct"/> part; negative where unknown.</summary>
    public float[] DirectVariance { get; }
}
