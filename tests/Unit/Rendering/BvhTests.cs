using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Acceleration;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class BvhTests
{
    [Theory]
    [InlineData(1, 0.5f)]
    [InlineData(7, 0.5f)]
    [InlineData(2000, 0.2f)]
    [InlineData(5000, 0.05f)]
    public void MeshBvh_RandomSoup_HitsEqualBruteForce(int triangles, float size)
    {
        var mesh = ProceduralMeshes.Soup("soup", triangles, size, seed: triangles);
        var bvh = MeshBvh.Build(mesh, keepBinary: true);
        var random = new Random(42);
        var hits = 0;
        for (var r = 0; r < 3000; r++)
        {
            var ray = RandomRay(random);
            var expected = BruteForce(mesh, ray, float.PositiveInfinity);
            var wide = SurfaceHit.Miss(float.PositiveInfinity);
            bvh.Intersect(ray, ref wide, 0, default(AcceptAllHits));
            var binary = SurfaceHit.Miss(float.PositiveInfinity);
            bvh.IntersectBinary(ray, ref binary, 0);

            // Same triangle test on the same floats: the closest hit is the same to the bit.
            Assert.True(expected.Primitive == wide.Primitive, $"ray {r}: brute force hit {expected.Primitive} at {expected.T}, 4-wide BVH hit {wide.Primitive} at {wide.T}");
            Assert.Equal(expected.T, wide.T);
            Assert.Equal(expected.Primitive, binary.Primitive);
            Assert.Equal(expected.T, binary.T);
            var blocker = SurfaceHit.Miss(float.PositiveInfinity);
            Assert.Equal(expected.IsHit, bvh.Occluded(ray, ref blocker, 0, default(AcceptAllHits)));
            hits += expected.IsHit ? 1 : 0;
        }

        // The soup must actually be hit for the comparison to mean anything.
        Assert.InRange(hits, 1, 3000);
    }

    [Fact]
    public void RenderScene_TransformedInstances_HitsEqualBruteForceInWorldSpace()
    {
        var soup = ProceduralMeshes.Soup("soup", 300, 0.3f, seed: 3);
        var sphere = ProceduralMeshes.Sphere("sphere", 12, 24);
        var random = new Random(5);
        var instances = new List<InstanceData>();
        for (var i = 0; i < 24; i++)
        {
            var transform = Matrix4x4.CreateScale(0.2f + random.NextSingle(), 0.5f + random.NextSingle(), 0.3f + random.NextSingle())
                * Matrix4x4.CreateFromYawPitchRoll(random.NextSingle() * 6f, random.NextSingle() * 6f, random.NextSingle() * 6f)
                * Matrix4x4.CreateTranslation((random.NextSingle() * 6f) - 3f, (random.NextSingle() * 6f) - 3f, (random.NextSingle() * 6f) - 3f);
            instances.Add(new InstanceData { Mesh = i % 2, Transform = transform });
        }

        var scene = RenderScene.Build(new SceneDescription { Meshes = [soup, sphere], Instances = instances });
        var world = instances.Select(inst => WorldMesh(inst.Mesh == 0 ? soup : sphere, inst.Transform)).ToArray();
        var mismatches = 0;
        for (var r = 0; r < 2000; r++)
        {
            var ray = RandomRay(random, 4f);
            var expected = SurfaceHit.Miss(float.PositiveInfinity);
            for (var i = 0; i < world.Length; i++)
            {
                var candidate = BruteForce(world[i], ray, expected.T);
                if (candidate.IsHit)
                {
                    expected = candidate;
                    expected.Instance = i;
                }
            }

            var hit = SurfaceHit.Miss(float.PositiveInfinity);
            scene.Intersect(ray, ref hit);
            if (expected.IsHit != hit.IsHit || (hit.IsHit && (hit.Instance != expected.Instance || hit.Primitive != expected.Primitive)))
            {
                // Object-space and world-space tests round differently: allow a different winner only
                // where two surfaces are within rounding of each other.
                Assert.True(hit.IsHit && expected.IsHit && MathF.Abs(hit.T - expected.T) <= 1e-4f * expected.T, $"ray {r}: expected instance {expected.Instance} triangle {expected.Primitive} at {expected.T}, got instance {hit.Instance} triangle {hit.Primitive} at {hit.T}");
                mismatches++;
            }
            else if (hit.IsHit)
            {
                Assert.True(MathF.Abs(hit.T - expected.T) <= 1e-4f * expected.T, $"ray {r}: t {hit.T} vs {expected.T}");
            }

            Assert.Equal(hit.IsHit, scene.Occluded(ray, float.PositiveInfinity));
        }

        Assert.True(mismatches <= 2, $"{mismatches} near-tie mismatches");
    }

    [Fact]
    public void Watertight_RaysAtSharedEdgesAndVertices_NeverSlipThrough()
    {
        // A 16 x 16 grid of quads (512 triangles) with irregular heights; rays aimed exactly at every
        // vertex and edge midpoint from random origins above must all hit.
        var terrain = ProceduralMeshes.Terrain("grid", 4f, 16, (x, z) => 0.1f * MathF.Sin(3f * x) * MathF.Cos(2f * z));
        var bvh = MeshBvh.Build(terrain);
        var random = new Random(11);
        var targets = terrain.Positions.ToList();
        for (var t = 0; t < terrain.Indices.Length; t += 3)
        {
            targets.Add(0.5f * (terrain.Positions[terrain.Indices[t]] + terrain.Positions[terrain.Indices[t + 1]]));
        }

        foreach (var target in targets.Where(p => MathF.Abs(p.X) < 1.99f && MathF.Abs(p.Z) < 1.99f))
        {
            var origin = target + new Vector3((random.NextSingle() * 2f) - 1f, 1f + random.NextSingle(), (random.NextSingle() * 2f) - 1f);
            var hit = SurfaceHit.Miss(float.PositiveInfinity);
            bvh.Intersect(new Ray(origin, target - origin), ref hit, 0, default(AcceptAllHits));
            Assert.True(hit.IsHit, $"ray from {origin} to {target} slipped through the mesh");
        }
    }

    [Fact]
    public void MeshBvh_AllCentroidsEqual_BuildsAndStaysCorrect()
    {
        // Degenerate input for the SAH: identical triangles force median splits.
        var positions = Enumerable.Range(0, 300).SelectMany(_ => new[] { new Vector3(-1, -1, 0), new Vector3(1, -1, 0), new Vector3(0, 1, 0) }).ToArray();
        var mesh = new MeshData { Id = "stack", Positions = positions, Indices = Enumerable.Range(0, positions.Length).ToArray() };
        var bvh = MeshBvh.Build(mesh);
        var hit = SurfaceHit.Miss(float.PositiveInfinity);
        bvh.Intersect(new Ray(new Vector3(0, 0, 5), -Vector3.UnitZ), ref hit, 0, default(AcceptAllHits));
        Assert.True(hit.IsHit);
        Assert.Equal(5f, hit.T);
    }

    [Fact]
    public void MeshBvhCache_SameId_BuildsOnceAndIsShared()
    {
        var cache = new MeshBvhCache();
        var sphere = ProceduralMeshes.Sphere("s", 8, 16);
        var description = new SceneDescription { Meshes = [sphere], Instances = [new InstanceData { Mesh = 0 }] };
        var a = RenderScene.Build(description, cache);
        var b = RenderScene.Build(description with { Instances = [new InstanceData { Mesh = 0, Transform = Matrix4x4.CreateTranslation(1, 2, 3) }] }, cache);

        Assert.Same(a.MeshBvhs[0], b.MeshBvhs[0]);
        Assert.Equal(1, cache.Count);
        Assert.Throws<ArgumentException>(() => cache.GetOrBuild(ProceduralMeshes.Sphere("s", 4, 8)));
    }

    private static Ray RandomRay(Random random, float extent = 1.5f)
    {
        var origin = new Vector3((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f) * extent;
        var target = new Vector3((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f) * 0.8f * extent;
        // Some rays exactly axis-aligned, to exercise zero direction components.
        var direction = random.Next(10) == 0 ? new Vector3(0f, 0f, MathF.Sign(target.Z - origin.Z) + 0.5f) : target - origin;
        return new Ray(origin, direction);
    }

    private static SurfaceHit BruteForce(MeshData mesh, Ray ray, float tMax)
    {
        var hit = SurfaceHit.Miss(tMax);
        var triangleRay = new TriangleRay(ray);
        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            var p = mesh.Positions;
            var i = mesh.Indices;
            if (WatertightTriangle.Intersect(triangleRay, p[i[3 * t]], p[i[(3 * t) + 1]], p[i[(3 * t) + 2]], hit.T, out var distance, out var b1, out var b2))
            {
                hit = new SurfaceHit { T = distance, U = b1, V = b2, Instance = 0, Primitive = t };
            }
        }

        return hit;
    }

    private static MeshData WorldMesh(MeshData mesh, Matrix4x4 transform) =>
        mesh with { Positions = mesh.Positions.Select(p => Vector3.Transform(p, transform)).ToArray() };
}
