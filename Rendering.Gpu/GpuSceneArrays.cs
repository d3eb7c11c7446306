using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Acceleration;
using OrleansBridge.Rendering.Gpu.Kernels;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>
/// A <see cref="RenderScene"/> flattened into the arrays a kernel reads (layouts in
/// <see cref="DeviceScene"/>): the builder's 4-wide nodes and triangle packs copied bit for bit, mesh
/// BVHs one after another and the instance BVH after them, vertex data, instance matrices, materials
/// reduced to what the BSDF needs, lights and the power alias table, the Sobol table.
/// </summary>
internal sealed partial class GpuSceneArrays
{
    public int[] Nodes { get; private init; } = [];
    public int[] Packs { get; private init; } = [];
    public int[] Meshes { get; private init; } = [];
    public float[] Instances { get; private init; } = [];
    public int[] InstanceInts { get; private init; } = [];
    public int[] InstanceOrder { get; private init; } = [];
    public float[] Positions { get; private init; } = [];
    public float[] Normals { get; private init; } = [];
    public float[] TexCoords { get; private init; } = [];
    public float[] Tangents { get; private init; } = [];
    public int[] Indices { get; private init; } = [];
    public float[] Materials { get; private init; } = [];
    public float[] Punctual { get; private init; } = [];
    public float[] Triangles { get; private init; } = [];
    public int[] TriangleRefs { get; private init; } = [];
    public int[] EmitterEntries { get; private init; } = [];
    public float[] AliasProbability { get; private init; } = [];
    public int[] Alias { get; private init; } = [];
    public float[] Pmf { get; private init; } = [];
    public float[] TreeNodes { get; private init; } = [];
    public int[] TreeLinks { get; private init; } = [];
    public ulong[] Trails { get; private init; } = [];
    public int[] InfiniteEntries { get; private init; } = [];
    public float[] InfiniteWeights { get; private init; } = [];
    public float[] InfiniteDirections { get; private init; } = [];
    public int[] LeafOfEntry { get; private init; } = [];
    public int[] EntryOfLeaf { get; private init; } = [];
    public bool ByImportance { get; private init; }
    public uint[] Sobol { get; private init; } = [];
    public int[] TextureInfo { get; private init; } = [];
    public uint[] TexelBytes { get; private init; } = [];
    public float[] TexelFloats { get; private init; } = [];
    public float[] Srgb { get; private init; } = [];

    /// <summary>The GGX albedo table of <c>GgxEnergy</c> (energy compensation), as the CPU reads it.</summary>
    public float[] GgxEnergy { get; private init; } = [];

    /// <summary>The pixel filter's inverse CDF, <c>PixelFilter.Table</c>.</summary>
    public float[] PixelFilter { get; private init; } = [];
    public int InstanceRoot { get; private init; }
    public int PunctualCount { get; private init; }
    public int TriangleCount { get; private init; }
    public int LightCount { get; private init; }
    public int EnvironmentEntry { get; private init; }
    public Vector3 Environment { get; private init; }
    public int EnvironmentMap { get; private init; } = -1;
    public float EnvironmentSin { get; private init; }
    public float EnvironmentCos { get; private init; } = 1f;
    public int EnvironmentWidth { get; private init; }
    public int EnvironmentHeight { get; private init; }
    public float EnvironmentIntegral { get; private init; }
    public float[] EnvironmentFunction { get; private init; } = [];
    public float[] EnvironmentConditional { get; private init; } = [];
    public float[] EnvironmentMarginal { get; private init; } = [];
    public Vector3? Background { get; private init; }

    /// <summary>Flattens <paramref name="scene"/> (which <see cref="GpuSupport.Refusal"/> accepted).</summary>
    public static GpuSceneArrays Build(RenderScene scene)
    {
        if (Unsafe.SizeOf<Bvh4Node>() != 4 * DeviceScene.NodeStride || Unsafe.SizeOf<TrianglePack>() != 4 * DeviceScene.PackStride)
        {
            throw new InvalidOperationException("The BVH node or triangle pack layout changed; update DeviceScene's strides.");
        }

        var nodes = new List<int>();
        var packs = new List<int>();
        var meshes = new int[DeviceScene.MeshStride * scene.Meshes.Length];
        var positions = new List<float>();
        var normals = new List<float>();
        var uvs = new List<float>();
        var tangents = new List<float>();
        var indices = new List<int>();
        for (var i = 0; i < scene.Meshes.Length; i++)
        {
            var bvh = scene.MeshBvhs[i];
            var mesh = scene.Meshes[i];
            meshes[(DeviceScene.MeshStride * i) + 0] = bvh.TriangleCount == 0 ? -1 : nodes.Count / DeviceScene.NodeStride;
            meshes[(DeviceScene.MeshStride * i) + 1] = packs.Count / DeviceScene.PackStride;
            meshes[(DeviceScene.MeshStride * i) + 2] = positions.Count / 3;
            meshes[(DeviceScene.MeshStride * i) + 3] = indices.Count;
            meshes[(DeviceScene.MeshStride * i) + 4] = mesh.Normals is null ? 0 : 1;
            meshes[(DeviceScene.MeshStride * i) + 5] = mesh.TexCoords is null ? 0 : 1;
            meshes[(DeviceScene.MeshStride * i) + 6] = mesh.Tangents is null ? 0 : 1;
            if (bvh.TriangleCount > 0)
            {
                nodes.AddRange(MemoryMarshal.Cast<Bvh4Node, int>(bvh.Nodes.AsSpan()));
                packs.AddRange(MemoryMarshal.Cast<TrianglePack, int>(bvh.Packs.AsSpan()));
            }

            for (var v = 0; v < mesh.Positions.Length; v++)
            {
                var p = mesh.Positions[v];
                var n = mesh.Normals is { } ns ? ns[v] : Vector3.Zero;
                var uv = mesh.TexCoords is { } ts ? ts[v] : Vector2.Zero;
                positions.AddRange([p.X, p.Y, p.Z]);
                normals.AddRange([n.X, n.Y, n.Z]);
                uvs.AddRange([uv.X, uv.Y]);
                var t = mesh.Tangents is { } tg ? tg[v] : Vector4.Zero;
                tangents.AddRange([t.X, t.Y, t.Z, t.W]);
            }

            indices.AddRange(mesh.Indices);
        }

        var instanceRoot = scene.InstanceBvh.Order.Length == 0 ? -1 : nodes.Count / DeviceScene.NodeStride;
        if (instanceRoot >= 0)
        {
            nodes.AddRange(MemoryMarshal.Cast<Bvh4Node, int>(scene.InstanceBvh.Nodes.AsSpan()));
        }

        var emitterOffsets = scene.EmitterOffsets;
        var instances = new float[DeviceScene.InstanceStride * scene.Instances.Length];
        var instanceInts = new int[DeviceScene.InstanceIntStride * scene.Instances.Length];
        for (var i = 0; i < scene.Instances.Length; i++)
        {
            ref readonly var record = ref scene.Instances[i];
            WriteMatrix(instances, (DeviceScene.InstanceStride * i) + 0, record.WorldToObject);
            WriteMatrix(instances, (DeviceScene.InstanceStride * i) + 12, record.ObjectToWorld);
            WriteMatrix(instances, (DeviceScene.InstanceStride * i) + 24, record.NormalToWorld);
            instanceInts[(DeviceScene.InstanceIntStride * i) + 0] = record.Mesh;
            instanceInts[(DeviceScene.InstanceIntStride * i) + 1] = record.Material;
            instanceInts[(DeviceScene.InstanceIntStride * i) + 2] = record.IsIdentity ? 1 : 0;
            instanceInts[(DeviceScene.InstanceIntStride * i) + 3] = emitterOffsets[i];
        }

        var lights = scene.Lights;
        var power = lights.PowerTable;
        // The environment map, when there is one, goes after the scene's textures.
        var environment = lights.Environment?.Parameters;
        var environmentMap = environment?.Map;
        var (textureInfo, texelBytes, texelFloats) = FlattenTextures(environmentMap is null ? scene.Textures : [.. scene.Textures, environmentMap]);
        var distribution = environment?.Distribution?.Arrays;
        var (infiniteEntries, infiniteWeights, infiniteDirections) = lights.InfiniteLights;
        var (leafOfEntry, entryOfLeaf) = lights.Leaves;
        var treeNodes = lights.Tree?.Nodes.ToArray() ?? [];
        return new GpuSceneArrays
        {
            Nodes = [.. nodes],
            Packs = [.. packs],
            Meshes = meshes,
            Instances = instances,
            InstanceInts = instanceInts,
            InstanceOrder = scene.InstanceBvh.Order,
            Positions = [.. positions],
            Normals = [.. normals],
            TexCoords = [.. uvs],
            Tangents = [.. tangents],
            Indices = [.. indices],
            Materials = FlattenMaterials(scene),
            Punctual = FlattenPunctual(scene),
            Triangles = FlattenTriangles(scene),
            TriangleRefs = [.. lights.Triangles.SelectMany(t => new[] { t.Instance, t.Primitive })],
            EmitterEntries = scene.EmitterEntries.ToArray(),
            AliasProbability = power is null ? [] : power.Probabilities.ToArray(),
            Alias = power is null ? [] : power.Aliases.ToArray(),
            Pmf = power is null ? [] : power.Pmfs.ToArray(),
            TreeNodes = [.. treeNodes.SelectMany(n => new[]
            {
                n.Bounds.Min.X, n.Bounds.Min.Y, n.Bounds.Min.Z, n.Bounds.Max.X, n.Bounds.Max.Y, n.Bounds.Max.Z,
                n.Bounds.Axis.X, n.Bounds.Axis.Y, n.Bounds.Axis.Z, n.Bounds.Phi, n.Bounds.CosTheta0, n.Bounds.CosThetaE, n.Bounds.TwoSided ? 1f : 0f,
            })],
            TreeLinks = [.. treeNodes.SelectMany(n => new[] { n.Child, n.IsLeaf ? 1 : 0 })],
            Trails = lights.Tree is { } tree ? tree.Trails.ToArray() : [],
            InfiniteEntries = infiniteEntries,
            InfiniteWeights = infiniteWeights,
            InfiniteDirections = [.. infiniteDirections.SelectMany(d => new[] { d.X, d.Y, d.Z })],
            LeafOfEntry = leafOfEntry,
            EntryOfLeaf = entryOfLeaf,
            ByImportance = lights.Selection == OrleansBridge.Rendering.Lights.LightSelection.Importance,
            Sobol = Sobol4.FlatTable(),
            TextureInfo = textureInfo,
            TexelBytes = texelBytes,
            TexelFloats = texelFloats,
            Srgb = [.. Enumerable.Range(0, 256).Select(i => OrleansBridge.Rendering.Materials.TextureLookup.DecodeSrgb((byte)i))],
            GgxEnergy = OrleansBridge.Rendering.Materials.GgxEnergy.Table.ToArray(),
            PixelFilter = OrleansBridge.Rendering.Sampling.PixelFilter.Table.ToArray(),
            InstanceRoot = instanceRoot,
            PunctualCount = lights.Punctual.Length,
            TriangleCount = lights.Triangles.Length,
            LightCount = power?.Count ?? 0,
            EnvironmentEntry = lights.EnvironmentEntry,
            Environment = environment?.Scale ?? Vector3.Zero,
            EnvironmentMap = environmentMap is null ? -1 : scene.Textures.Length,
            EnvironmentSin = environment?.Sin ?? 0f,
            EnvironmentCos = environment?.Cos ?? 1f,
            EnvironmentWidth = distribution?.Width ?? 0,
            EnvironmentHeight = distribution?.Height ?? 0,
            EnvironmentIntegral = environment?.Distribution?.Integral ?? 0f,
            EnvironmentFunction = distribution?.Function ?? [],
            EnvironmentConditional = distribution?.ConditionalCdf ?? [],
            EnvironmentMarginal = distribution?.MarginalCdf ?? [],
            Background = scene.Background,
        };
    }

    /// <summary>Rows 1–4 of a row-vector affine matrix, three columns each.</summary>
    private static void WriteMatrix(float[] target, int offset, in Matrix4x4 m)
    {
        ReadOnlySpan<float> values = [m.M11, m.M12, m.M13, m.M21, m.M22, m.M23, m.M31, m.M32, m.M33, m.M41, m.M42, m.M43];
        values.CopyTo(target.AsSpan(offset, 12));
    }

    private static float[] FlattenPunctual(RenderScene scene)
    {
        var punctual = scene.Lights.Punctual;
        var result = new float[DeviceScene.PunctualStride * punctual.Length];
        for (var i = 0; i < punctual.Length; i++)
        {
            var (kind, position, direction, spotScale, spotOffset, range) = punctual[i].Parameters;
            var intensity = punctual[i].PeakIntensity;
            var code = kind switch { LightKind.Point => 0f, LightKind.Spot => 1f, _ => 2f };
            ReadOnlySpan<float> values =
            [
                code, position.X, position.Y, position.Z, direction.X, direction.Y, direction.Z,
                intensity.X, intensity.Y, intensity.Z, spotScale, spotOffset, range,
            ];
            values.CopyTo(result.AsSpan(DeviceScene.PunctualStride * i, DeviceScene.PunctualStride));
        }

        return result;
    }

    private static float[] FlattenTriangles(RenderScene scene)
    {
        var triangles = scene.Lights.Triangles;
        var result = new float[DeviceScene.TriangleStride * triangles.Length];
        for (var i = 0; i < triangles.Length; i++)
        {
            ref readonly var t = ref triangles[i];
            ReadOnlySpan<float> values =
            [
                t.P0.X, t.P0.Y, t.P0.Z, t.Edge1.X, t.Edge1.Y, t.Edge1.Z, t.Edge2.X, t.Edge2.Y, t.Edge2.Z,
                t.Normal.X, t.Normal.Y, t.Normal.Z, t.Area, t.TwoSided ? 1f : 0f,
            ];
            values.CopyTo(result.AsSpan(DeviceScene.TriangleStride * i, DeviceScene.TriangleStride));
        }

        return result;
    }
}
