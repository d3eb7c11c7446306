using ILGPU;
using ILGPU.Runtime;
using OrleansBridge.Rendering.Gpu.Kernels;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>A <see cref="GpuSceneArrays"/> in device memory; <see cref="View"/> is what kernels take.</summary>
internal sealed class GpuScene : IDisposable
{
    private readonly List<MemoryBuffer> _buffers = [];

    public GpuScene(Accelerator accelerator, GpuSceneArrays arrays)
    {
        var view = new DeviceScene
        {
            Nodes = Upload(accelerator, arrays.Nodes),
            Packs = Upload(accelerator, arrays.Packs),
            Meshes = Upload(accelerator, arrays.Meshes),
            Instances = Upload(accelerator, arrays.Instances),
            InstanceInts = Upload(accelerator, arrays.InstanceInts),
            InstanceOrder = Upload(accelerator, arrays.InstanceOrder),
            Positions = Upload(accelerator, arrays.Positions),
            Normals = Upload(accelerator, arrays.Normals),
            TexCoords = Upload(accelerator, arrays.TexCoords),
            Tangents = Upload(accelerator, arrays.Tangents),
            Indices = Upload(accelerator, arrays.Indices),
            Materials = Upload(accelerator, arrays.Materials),
            Punctual = Upload(accelerator, arrays.Punctual),
            Triangles = Upload(accelerator, arrays.Triangles),
            TriangleRefs = Upload(accelerator, arrays.TriangleRefs),
            EmitterEntries = Upload(accelerator, arrays.EmitterEntries),
            AliasProbability = Upload(accelerator, arrays.AliasProbability),
            Alias = Upload(accelerator, arrays.Alias),
            Pmf = Upload(accelerator, arrays.Pmf),
            TreeNodes = Upload(accelerator, arrays.TreeNodes),
            TreeLinks = Upload(accelerator, arrays.TreeLinks),
            Trails = Upload(accelerator, arrays.Trails),
            InfiniteEntries = Upload(accelerator, arrays.InfiniteEntries),
            InfiniteWeights = Upload(accelerator, arrays.InfiniteWeights),
            InfiniteDirections = Upload(accelerator, arrays.InfiniteDirections),
            LeafOfEntry = Upload(accelerator, arrays.LeafOfEntry),
            EntryOfLeaf = Upload(accelerator, arrays.EntryOfLeaf),
            ByImportance = arrays.ByImportance ? 1 : 0,
            TreeNodeCount = arrays.TreeLinks.Length / 2,
            InfiniteCount = arrays.InfiniteEntries.Length,
            Sobol = Upload(accelerator, arrays.Sobol),
            TextureInfo = Upload(accelerator, arrays.TextureInfo),
            TexelBytes = Upload(accelerator, arrays.TexelBytes),
            TexelFloats = Upload(accelerator, arrays.TexelFloats),
            Srgb = Upload(accelerator, arrays.Srgb),
            GgxEnergy = Upload(accelerator, arrays.GgxEnergy),
            PixelFilter = Upload(accelerator, arrays.PixelFilter),
            InstanceRoot = arrays.InstanceRoot,
            PunctualCount = arrays.PunctualCount,
            TriangleCount = arrays.TriangleCount,
            LightCount = arrays.LightCount,
            EnvironmentEntry = arrays.EnvironmentEntry,
            Environment = Float3.From(arrays.Environment),
            EnvironmentMap = arrays.EnvironmentMap,
            EnvironmentSin = arrays.EnvironmentSin,
            EnvironmentCos = arrays.EnvironmentCos,
            EnvironmentWidth = arrays.EnvironmentWidth,
            EnvironmentHeight = arrays.EnvironmentHeight,
            EnvironmentIntegral = arrays.EnvironmentIntegral,
            EnvironmentFunction = Upload(accelerator, arrays.EnvironmentFunction),
            EnvironmentConditional = Upload(accelerator, arrays.EnvironmentConditional),
            EnvironmentMarginal = Upload(accelerator, arrays.EnvironmentMarginal),
            HasBackground = arrays.Background is null ? 0 : 1,
            Background = Float3.From(arrays.Background ?? default),
        };
        View = view;
        Bytes = _buffers.Sum(b => b.LengthInBytes);
    }

    public DeviceScene View { get; }

    /// <summary>Device memory the scene takes.</summary>
    public long Bytes { get; }

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        _buffers.Clear();
    }

    private ArrayView<T> Upload<T>(Accelerator accelerator, T[] data)
        where T : unmanaged
    {
        // An empty array still gets one element: a zero-length view is not a valid kernel argument everywhere.
        var buffer = accelerator.Allocate1D<T>(data.Length == 0 ? new T[1] : data);
        _buffers.Add(buffer);
        return buffer.View;
    }
}
