using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// The scene as a kernel sees it: flat views of what <see cref="GpuScene"/> uploaded. Layouts (strides
/// in elements) are the constants below; the host side writes them in <see cref="GpuSceneArrays"/>.
/// </summary>
internal struct DeviceScene
{
    /// <summary>Ints per 4-wide BVH node: 24 plane floats (min x, y, z, max x, y, z × 4 children) and 4 child references, as <c>Bvh4Node</c> lies in memory.</summary>
    public const int NodeStride = 28;

    /// <summary>Ints per triangle pack: 9 × 4 vertex components (v0.x … v2.z × 4 lanes) and 4 primitives (−1 = empty lane), as <c>TrianglePack</c>.</summary>
    public const int PackStride = 40;

    /// <summary>Ints per mesh: node offset, pack offset, vertex offset, index offset, has normals, has texture coordinates, has tangents.</summary>
    public const int MeshStride = 7;

    /// <summary>Floats per instance: world-to-object, object-to-world and normal-to-world, 12 each (rows 1–4 of the row-vector matrix, 3 columns).</summary>
    public const int InstanceStride = 36;

    /// <summary>Ints per instance: mesh, material, identity flag, offset of its emitters (−1 when none).</summary>
    public const int InstanceIntStride = 4;

    /// <summary>
    /// Floats per material: base colour factor (3), metallic, roughness, the dielectric's F0 (3) and F90
    /// (KHR_materials_specular/_ior), emission (3, strength included), double-sided, occlusion strength,
    /// normal scale, alpha mode (0 opaque, 1 mask, 2 blend), then five texture slots of
    /// <see cref="DeviceTextures.SlotStride"/>: base colour, metallic-roughness, emissive, occlusion,
    /// normal; then the base colour factor's alpha and the alpha cutoff.
    /// </summary>
    public const int MaterialStride = 60;

    public const int BaseColorSlot = 16;
    public const int MetallicRoughnessSlot = 24;
    public const int EmissiveSlot = 32;
    public const int OcclusionSlot = 40;
    public const int NormalSlot = 48;

    /// <summary>Floats per punctual light: kind, position (3), direction (3), intensity (3), spot scale, spot offset, range.</summary>
    public const int PunctualStride = 13;

    /// <summary>Floats per emissive triangle: p0, edge 1, edge 2, normal (3 each), area, two-sided (its radiance is its material's, textured).</summary>
    public const int TriangleStride = 14;

    public ArrayView<int> Nodes;
    public ArrayView<int> Packs;
    public ArrayView<int> Meshes;
    public ArrayView<float> Instances;
    public ArrayView<int> InstanceInts;
    public ArrayView<int> InstanceOrder;
    public ArrayView<float> Positions;
    public ArrayView<float> Normals;
    public ArrayView<float> TexCoords;

    /// <summary>Four floats per vertex (xyz, handedness w), zeros where the mesh has none.</summary>
    public ArrayView<float> Tangents;
    public ArrayView<int> Indices;
    public ArrayView<float> Materials;
    public ArrayView<float> Punctual;
    public ArrayView<float> Triangles;

    /// <summary>Per emissive triangle, its instance and primitive (for the emissive texture at a sampled point).</summary>
    public ArrayView<int> TriangleRefs;
    public ArrayView<int> EmitterEntries;
    public ArrayView<float> AliasProbability;
    public ArrayView<int> Alias;
    public ArrayView<float> Pmf;

    /// <summary>The light tree's nodes (<see cref="DeviceLightTree.NodeStride"/> floats) and links (second child or leaf index, leaf flag).</summary>
    public ArrayView<float> TreeNodes;
    public ArrayView<int> TreeLinks;
    public ArrayView<ulong> Trails;
    public ArrayView<int> InfiniteEntries;
    public ArrayView<float> InfiniteWeights;
    public ArrayView<float> InfiniteDirections;
    public ArrayView<int> LeafOfEntry;
    public ArrayView<int> EntryOfLeaf;
    public ArrayView<uint> Sobol;
    public ArrayView<int> TextureInfo;
    public ArrayView<uint> TexelBytes;
    public ArrayView<float> TexelFloats;

    /// <summary>The 256-entry sRGB decoding table of <c>TextureLookup</c>.</summary>
    public ArrayView<float> Srgb;

    /// <summary>The GGX albedo table of <c>GgxEnergy</c> (<see cref="DeviceGgxEnergy"/>).</summary>
    public ArrayView<float> GgxEnergy;

    /// <summary>The pixel filter's inverse CDF (<c>PixelFilter.Table</c>).</summary>
    public ArrayView<float> PixelFilter;

    /// <summary>Node index of the instance BVH's root; −1 for a scene without geometry.</summary>
    public int InstanceRoot;
    public int PunctualCount;
    public int TriangleCount;

    /// <summary>Entries in the light table (punctual, triangles, environment); 0 = no lights.</summary>
    public int LightCount;

    /// <summary>1: lights picked by importance (the light tree, the CPU's default); 0: by power (the alias table).</summary>
    public int ByImportance;
    public int TreeNodeCount;
    public int InfiniteCount;

    /// <summary>The environment's entry in the light table, −1 when there is none.</summary>
    public int EnvironmentEntry;

    /// <summary>The environment's colour × intensity (its radiance when it has no map).</summary>
    public Float3 Environment;

    /// <summary>The environment map's texture index, −1 for a constant environment; its rotation and sampling distribution.</summary>
    public int EnvironmentMap;
    public float EnvironmentSin;
    public float EnvironmentCos;
    public int EnvironmentWidth;
    public int EnvironmentHeight;
    public float EnvironmentIntegral;
    public ArrayView<float> EnvironmentFunction;
    public ArrayView<float> EnvironmentConditional;
    public ArrayView<float> EnvironmentMarginal;
    public int HasBackground;
    public Float3 Background;
}
