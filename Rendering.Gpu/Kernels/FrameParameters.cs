namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>What one launch needs besides the scene: the camera (<c>PerspectiveCamera</c>'s fields), film size, samples and the integrator's settings.</summary>
internal struct FrameParameters
{
    public Float3 CameraPosition;
    public Float3 CameraRight;
    public Float3 CameraUp;
    public Float3 CameraBack;
    public float TanHalfX;
    public float TanHalfY;
    public float LensRadius;
    public float FocusDistance;
    public float ZNear;
    public int Width;
    public int Height;
    public uint Seed;

    /// <summary>Sample index of every pixel's first sample in this launch (all pixels hold the same count).</summary>
    public int FirstSample;
    public int Samples;
    public int MaxBounces;
    public int RussianRouletteStart;
    public float ClampDirect;
    public float ClampIndirect;
    public float FilterGlossy;

    /// <summary>The pixel filter's width in pixels (<c>PerspectiveCamera.PixelFilterWidth</c>; 0: the box).</summary>
    public float PixelFilter;

    /// <summary>1 for Principled v1's diffuse (<c>RenderOptions.Diffuse</c>), 0 for glTF's lobe.</summary>
    public int Principled;

    /// <summary>1 when the film keeps the denoiser's features (first-hit albedo and normal, luminance²).</summary>
    public int Features;
}
