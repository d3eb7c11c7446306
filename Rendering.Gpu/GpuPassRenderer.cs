using ILGPU;
using ILGPU.Runtime;
using OrleansBridge.Rendering.Gpu.Kernels;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>
/// Passes of the path tracer on an ILGPU accelerator: the scene uploaded once, the film's running sums
/// kept in device memory, one launch of <see cref="PathKernel"/> per group of samples, the sums copied
/// back into the <see cref="AccumulationBuffer"/> after each. Cancellation is observed between launches,
/// so every pixel holds the same whole number of samples.
/// </summary>
internal sealed class GpuPassRenderer : IPassRenderer, IDisposable
{
    private readonly GpuRenderBackend _backend;
    private readonly GpuScene _scene;
    private MemoryBuffer1D<float, Stride1D.Dense>? _sums;
    private MemoryBuffer1D<float, Stride1D.Dense>? _squares;
    private MemoryBuffer1D<int, Stride1D.Dense>? _rejected;
    private MemoryBuffer1D<float, Stride1D.Dense>? _features;
    private float[] _hostFeatures = [];
    private float[] _hostSums = [];
    private int[] _hostRejected = [];
    private int _samples;

    public GpuPassRenderer(GpuRenderBackend backend, RenderScene scene)
    {
        _backend = backend;
        Scene = scene;
        _scene = backend.Upload(GpuSceneArrays.Build(scene));
    }

    public RenderScene Scene { get; }

    public string Device => _backend.Device;

    /// <summary>Device memory the scene takes.</summary>
    public long SceneBytes => _scene.Bytes;

    public void Render(AccumulationBuffer film, PerspectiveCamera camera, int samplesPerPixel, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(film);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerPixel, 1);
        var pixels = film.Width * film.Height;
        var first = film.SamplesAt(0, 0);
        if (_sums is null || _sums.Length != 3L * pixels || first == 0 || (_hostFeatures.Length > 0) != film.HasFeatures)
        {
            Restart(pixels, film.HasFeatures);
        }

        if (first != _samples || film.MinSamples != first)
        {
            throw new InvalidOperationException($"The film holds {first} samples per pixel, the device {_samples}: a device film is filled by one device only.");
        }

        var frame = Frame(camera, options);
        frame.Features = film.HasFeatures ? 1 : 0;
        var remaining = samplesPerPixel;
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            frame.FirstSample = _samples;
            frame.Samples = Math.Min(remaining, _backend.SamplesPerLaunch);
            _backend.Launch(pixels, _scene.View, frame, _sums!.View, _squares!.View, _rejected!.View, _features!.View);
            _samples += frame.Samples;
            remaining -= frame.Samples;
            _sums.View.CopyToCPU(_hostSums);
            _rejected.View.CopyToCPU(_hostRejected);
            if (film.HasFeatures)
            {
                _features.View.CopyToCPU(_hostFeatures);
            }

            film.Load(_hostSums, _samples, _hostRejected.Sum(r => (long)r), _hostFeatures);
        }
    }

    /// <summary>Per pixel and channel, the sum of squared samples so far (row-major RGB): what standard errors need.</summary>
    public float[] SumOfSquares() => _squares?.GetAsArray1D() ?? [];

    public void Dispose()
    {
        _sums?.Dispose();
        _squares?.Dispose();
        _rejected?.Dispose();
        _features?.Dispose();
        _scene.Dispose();
    }

    private void Restart(int pixels, bool features)
    {
        _sums?.Dispose();
        _squares?.Dispose();
        _rejected?.Dispose();
        _features?.Dispose();

        // Without features the kernel neither reads nor writes them: one element stands in.
        _features = _backend.Accelerator.Allocate1D<float>(features ? (long)PathKernel.FeatureStride * pixels : 1);
        _features.MemSetToZero();
        _hostFeatures = features ? new float[PathKernel.FeatureStride * pixels] : [];
        _sums = _backend.Accelerator.Allocate1D<float>(3L * pixels);
        _squares = _backend.Accelerator.Allocate1D<float>(3L * pixels);
        _squares.MemSetToZero();
        _rejected = _backend.Accelerator.Allocate1D<int>(pixels);
        _sums.MemSetToZero();
        _rejected.MemSetToZero();
        _hostSums = new float[3 * pixels];
        _hostRejected = new int[pixels];
        _samples = 0;
    }

    /// <summary>The camera as <see cref="PerspectiveCamera"/>'s constructor derives it, and the integrator's settings.</summary>
    private static FrameParameters Frame(PerspectiveCamera camera, RenderOptions options)
    {
        var data = camera.Data;
        var m = data.Transform;
        var tanHalfY = MathF.Tan(0.5f * data.YFov);
        var filter = options.Filter;
        return new FrameParameters
        {
            CameraPosition = Float3.From(m.Translation),
            CameraRight = Float3.From(System.Numerics.Vector3.Normalize(System.Numerics.Vector3.TransformNormal(System.Numerics.Vector3.UnitX, m))),
            CameraUp = Float3.From(System.Numerics.Vector3.Normalize(System.Numerics.Vector3.TransformNormal(System.Numerics.Vector3.UnitY, m))),
            CameraBack = Float3.From(System.Numerics.Vector3.Normalize(System.Numerics.Vector3.TransformNormal(System.Numerics.Vector3.UnitZ, m))),
            TanHalfX = tanHalfY * (data.AspectRatio ?? (camera.Width / (float)camera.Height)),
            TanHalfY = tanHalfY,
            LensRadius = 0.5f * data.Aperture,
            FocusDistance = data.FocusDistance,
            ZNear = data.ZNear,
            Width = camera.Width,
            Height = camera.Height,
            Seed = options.Seed,
            MaxBounces = options.MaxBounces,
            RussianRouletteStart = options.RussianRouletteStart,
            ClampDirect = filter.ClampDirect,
            ClampIndirect = filter.ClampIndirect,
            FilterGlossy = filter.FilterGlossy,
            PixelFilter = camera.PixelFilterWidth,
            Principled = options.Diffuse == OrleansBridge.Rendering.Materials.DiffuseModel.PrincipledV1 ? 1 : 0,
        };
    }
}
