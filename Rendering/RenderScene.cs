using System.Numerics;
using OrleansBridge.Rendering.Acceleration;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Shading;

namespace OrleansBridge.Rendering;

/// <summary>
/// A <see cref="SceneDescription"/> prepared for rendering: per-mesh BVHs (from a
/// <see cref="MeshBvhCache"/> when given), the instance BVH above them, flattened materials and the
/// light table. Immutable and safe to share between threads; a changed scene is a new
/// <see cref="RenderScene"/> built against the same cache, which rebuilds only the instance level and
/// the meshes that are new.
/// </summary>
public sealed partial class RenderScene
{
    private RenderScene(SceneDescription description, MeshData[] meshes, MeshBvh[] bvhs, MaterialRecord[] materials, InstanceRecord[] instances, InstanceBvh instanceBvh, LightSelection selection)
    {
        Description = description;
        Meshes = meshes;
        MeshBvhs = bvhs;
        Materials = materials;
        Instances = instances;
        InstanceBvh = instanceBvh;
        Textures = [.. description.Textures];
        Bounds = instanceBvh.Bounds;
        Background = description.Environment?.Background;
        var radius = Bounds.IsEmpty ? 1f : 0.5f * Bounds.Extent.Length();
        SceneRadius = radius > 0f ? radius : 1f;
        (Lights, _emitterOffset, _emitterEntries) = BuildLights(description, selection);
    }

    /// <summary>The description this scene was built from.</summary>
    public SceneDescription Description { get; }

    /// <summary>World bounds of all geometry.</summary>
    public Aabb Bounds { get; }

    /// <summary>Radius of the sphere around <see cref="Bounds"/> (1 for an empty scene).</summary>
    public float SceneRadius { get; }

    /// <summary>Total triangles over all instances (instanced triangles counted once per instance).</summary>
    public long InstancedTriangleCount => Instances.Sum(i => (long)MeshBvhs[i.Mesh].TriangleCount);

    /// <summary>What camera rays that escape see, when it is not the environment.</summary>
    public Vector3? Background { get; }

    /// <summary>Time spent building the instance-level BVH.</summary>
    public TimeSpan InstanceBvhBuildTime => InstanceBvh.BuildTime;

    internal MeshData[] Meshes { get; }

    internal MeshBvh[] MeshBvhs { get; }

    internal MaterialRecord[] Materials { get; }

    internal InstanceRecord[] Instances { get; }

    internal InstanceBvh InstanceBvh { get; }

    internal TextureData[] Textures { get; }

    internal LightTable Lights { get; }

    /// <summary>
    /// Prepares <paramref name="description"/>. Mesh BVHs come from <paramref name="cache"/> when given
    /// (built and stored there when missing), otherwise they are built for this scene alone.
    /// </summary>
    public static RenderScene Build(SceneDescription description, MeshBvhCache? cache = null) =>
        Build(description, cache, LightSelection.Importance);

    /// <summary>Prepares <paramref name="description"/> with another light selection (tests compare them).</summary>
    internal static RenderScene Build(SceneDescription description, MeshBvhCache? cache, LightSelection selection)
    {
        ArgumentNullException.ThrowIfNull(description);
        description.Validate();
        var meshes = description.Meshes.ToArray();
        var bvhs = new MeshBvh[meshes.Length];
        for (var i = 0; i < meshes.Length; i++)
        {
            bvhs[i] = cache?.GetOrBuild(meshes[i]) ?? MeshBvh.Build(meshes[i]);
        }

        // The glTF default material (white, fully rough, fully metallic) sits after the given ones.
        var materials = description.Materials.Select(m => new MaterialRecord(m)).Append(new MaterialRecord(new MaterialData())).ToArray();
        var defaultMaterial = materials.Length - 1;
        var instances = new InstanceRecord[description.Instances.Count];
        var bounds = new Aabb[instances.Length];
        for (var i = 0; i < instances.Length; i++)
        {
            var data = description.Instances[i];
            if (!Matrix4x4.Invert(data.Transform, out var inverse))
            {
                throw new ArgumentException($"Instance {i} has a singular transform.", nameof(description));
            }

            var material = data.Material ?? defaultMaterial;
            instances[i] = new InstanceRecord(data.Transform, inverse, data.Mesh, material, materials[material].IsAlphaTested);
            bounds[i] = bvhs[data.Mesh].TriangleCount == 0 ? Aabb.Empty : bvhs[data.Mesh].Bounds.Transform(data.Transform);
        }

        return new RenderScene(description, meshes, bvhs, materials, instances, InstanceBvh.Build(bounds), selection);
    }

    /// <summary>
    /// Finds the closest hit along <paramref name="ray"/> before <paramref name="hit"/>.T; true when
    /// something was hit (then <paramref name="hit"/> describes it).
    /// </summary>
    public bool Intersect(in Ray ray, ref SurfaceHit hit)
    {
        var leaf = new InstanceLeaf(this, ray, anyHit: false);
        Bvh4Traversal.Traverse(InstanceBvh.Nodes, ray, ref hit, ref leaf);
        return hit.IsHit;
    }

    /// <summary>True when anything (alpha permitting) lies along <paramref name="ray"/> before <paramref name="tMax"/>.</summary>
    public bool Occluded(in Ray ray, float tMax)
    {
        var hit = SurfaceHit.Miss(tMax);
        var leaf = new InstanceLeaf(this, ray, anyHit: true);
        return Bvh4Traversal.Traverse(InstanceBvh.Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>The alpha filter for a ray meeting instance <paramref name="instance"/>.</summary>
    internal AlphaFilter CreateAlphaFilter(int instance, in Ray worldRay)
    {
        ref readonly var record = ref Instances[instance];
        ref readonly var material = ref Materials[record.Material];
        var texture = material.BaseColorTexture.IsBound ? Textures[material.BaseColorTexture.Texture] : null;
        return new AlphaFilter(Meshes[record.Mesh], material, texture, AlphaFilter.RayKey(worldRay.Origin, worldRay.Direction, instance));
    }
}
