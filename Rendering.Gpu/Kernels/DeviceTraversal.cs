using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>A ray on the device: origin and direction (not necessarily unit; t is in its units).</summary>
internal readonly struct DeviceRay
{
    public readonly Float3 Origin;
    public readonly Float3 Direction;

    public DeviceRay(Float3 origin, Float3 direction)
    {
        Origin = origin;
        Direction = direction;
    }
}

/// <summary>The closest hit so far: distance, barycentrics of vertices 1 and 2, instance and triangle.</summary>
internal struct DeviceHit
{
    public float T;
    public float B1;
    public float B2;
    public int Instance;
    public int Primitive;

    public readonly bool IsHit => Instance >= 0;

    public static DeviceHit Miss(float tMax) => new() { T = tMax, Instance = -1, Primitive = -1 };
}

/// <summary>
/// Two-level BVH traversal over the CPU builder's own 4-wide nodes and triangle packs (uploaded as they
/// lie in memory): the same slab test with the same robust far factor, the same nearest-first order and
/// the same watertight triangle test (Woop, Benthin and Wald 2013, with the double-precision retry on
/// edges), one lane at a time instead of four. Stacks live in thread-local memory; ILGPU kernels cannot
/// recurse, so the instance level and the mesh level are two nested loops with a stack each.
/// </summary>
internal static partial class DeviceTraversal
{
    /// <summary>Entries of the mesh-level stack: as the CPU's, which the builder's depth bound makes sufficient.</summary>
    private const int MeshStack = 256;

    /// <summary>Entries of the instance-level stack (one instance per leaf, so the tree is shallow: log₂ instances × 3).</summary>
    private const int InstanceStack = 128;

    private const float RobustFar = 1.0000004f;

    /// <summary>Closest hit (any hit when <paramref name="anyHit"/>) before <paramref name="hit"/>.T; true when something was hit.</summary>
    public static bool Trace(in DeviceScene scene, DeviceRay ray, ref DeviceHit hit, bool anyHit)
    {
        if (scene.InstanceRoot < 0)
        {
            return false;
        }

        var stackNode = LocalMemory.Allocate<int>(InstanceStack);
        var stackT = LocalMemory.Allocate<float>(InstanceStack);
        var meshNode = LocalMemory.Allocate<int>(MeshStack);
        var meshT = LocalMemory.Allocate<float>(MeshStack);
        var count = 0;
        var current = 0;
        while (true)
        {
            if (current >= 0)
            {
                current = Visit(scene.Nodes, scene.InstanceRoot, current, ray, hit.T, stackNode, stackT, ref count, out var descended);
                if (descended)
                {
                    continue;
                }
            }
            else
            {
                var bits = ~current;
                var first = bits >> 4;
                var leafCount = bits & 15;
                for (var i = first; i < first + leafCount; i++)
                {
                    var instance = scene.InstanceOrder[i];
                    if (TraceInstance(scene, instance, ray, ref hit, anyHit, meshNode, meshT) && anyHit)
                    {
                        return true;
                    }
                }
            }

            if (!TryPop(stackNode, stackT, ref count, hit.T, ref current))
            {
                return hit.IsHit;
            }
        }
    }

    /// <summary>
    /// Pops the nearest pending node that can still hold something closer than <paramref name="limit"/>
    /// (the hit so far) into <paramref name="current"/>; false when none is left.
    /// </summary>
    private static bool TryPop(ArrayView<int> stackNode, ArrayView<float> stackT, ref int count, float limit, ref int current)
    {
        while (count > 0)
        {
            count--;
            if (stackT[count] < limit)
            {
                current = stackNode[count];
                return true;
            }
        }

        return false;
    }

    private static bool TraceInstance(in DeviceScene scene, int instance, DeviceRay worldRay, ref DeviceHit hit, bool anyHit, ArrayView<int> stackNode, ArrayView<float> stackT)
    {
        var mesh = scene.InstanceInts[(DeviceScene.InstanceIntStride * instance) + 0];
        var identity = scene.InstanceInts[(DeviceScene.InstanceIntStride * instance) + 2] != 0;
        var ray = identity ? worldRay : new DeviceRay(
            TransformPoint(scene.Instances, DeviceScene.InstanceStride * instance, worldRay.Origin),
            TransformVector(scene.Instances, DeviceScene.InstanceStride * instance, worldRay.Direction));
        var nodeOffset = scene.Meshes[(DeviceScene.MeshStride * mesh) + 0];
        var packOffset = scene.Meshes[(DeviceScene.MeshStride * mesh) + 1];
        if (nodeOffset < 0)
        {
            return false;
        }

        var shear = new TriangleShear(ray);
        var material = DeviceScene.MaterialStride * scene.InstanceInts[(DeviceScene.InstanceIntStride * instance) + 1];
        var alphaMode = (int)scene.Materials[material + 15];
        var rayKey = alphaMode == 0 ? 0UL : RayKey(worldRay, instance);
        var count = 0;
        var current = 0;
        var found = false;
        while (true)
        {
            if (current >= 0)
            {
                current = Visit(scene.Nodes, nodeOffset, current, ray, hit.T, stackNode, stackT, ref count, out var descended);
                if (descended)
                {
                    continue;
                }
            }
            else
            {
                var bits = ~current;
                var first = bits >> 4;
                var leafCount = bits & 15;
                for (var p = first; p < first + leafCount; p++)
                {
                    if (IntersectPack(scene, DeviceScene.PackStride * (packOffset + p), shear, instance, alphaMode, material, rayKey, ref hit))
                    {
                        found = true;
                        if (anyHit)
                        {
                            return true;
                        }
                    }
                }
            }

            if (!TryPop(stackNode, stackT, ref count, hit.T, ref current))
            {
                return found;
            }
        }
    }

    /// <summary>
    /// Slab test of the four children of <paramref name="node"/>; the hit children are pushed farthest
    /// first and the nearest is returned with <paramref name="descended"/> set.
    /// </summary>
    private static int Visit(ArrayView<int> nodes, int offset, int node, DeviceRay ray, float tMax, ArrayView<int> stackNode, ArrayView<float> stackT, ref int count, out bool descended)
    {
        var baseIndex = DeviceScene.NodeStride * (offset + node);
        var ix = Reciprocal(ray.Direction.X);
        var iy = Reciprocal(ray.Direction.Y);
        var iz = Reciprocal(ray.Direction.Z);
        var nearX = ix >= 0f ? 0 : 3;
        var nearY = iy >= 0f ? 1 : 4;
        var nearZ = iz >= 0f ? 2 : 5;
        var start = count;
        var single = -1;
        var hits = 0;
        for (var lane = 0; lane < 4; lane++)
        {
            var tNearX = (Plane(nodes, baseIndex, nearX, lane) - ray.Origin.X) * ix;
            var tNearY = (Plane(nodes, baseIndex, nearY, lane) - ray.Origin.Y) * iy;
            var tNearZ = (Plane(nodes, baseIndex, nearZ, lane) - ray.Origin.Z) * iz;
            // The far plane of each axis is the other one of the pair: 0<->3, 1<->4, 2<->5.
            var tFarX = (Plane(nodes, baseIndex, nearX > 2 ? 0 : 3, lane) - ray.Origin.X) * ix;
            var tFarY = (Plane(nodes, baseIndex, nearY > 2 ? 1 : 4, lane) - ray.Origin.Y) * iy;
            var tFarZ = (Plane(nodes, baseIndex, nearZ > 2 ? 2 : 5, lane) - ray.Origin.Z) * iz;
            var tNear = MathF.Max(MathF.Max(tNearX, tNearY), MathF.Max(tNearZ, 0f));
            var tFar = MathF.Min(MathF.Min(tFarX, tFarY) * RobustFar, MathF.Min(tFarZ * RobustFar, tMax));
            if (tNear <= tFar)
            {
                var child = nodes[baseIndex + 24 + lane];
                hits++;
                single = child;

                // Insertion into the sorted run above start: farthest lowest, nearest on top.
                var at = count;
                while (at > start && stackT[at - 1] < tNear)
                {
                    stackNode[at] = stackNode[at - 1];
                    stackT[at] = stackT[at - 1];
                    at--;
                }

                stackNode[at] = child;
                stackT[at] = tNear;
                count++;
            }
        }

        descended = hits > 0;
        if (hits == 1)
        {
            count = start;
            return single;
        }

        if (hits > 1)
        {
            count--;
            return stackNode[count];
        }

        return node;
    }

    private static float Plane(ArrayView<int> nodes, int baseIndex, int plane, int lane) =>
        Interop.IntAsFloat((uint)nodes[baseIndex + (4 * plane) + lane]);

    private static float Reciprocal(float d) => 1f / (d == 0f ? MathF.CopySign(1e-20f, d) : d);

    /// <summary>The four lanes of one pack against the sheared ray; updates <paramref name="hit"/> with the nearest the alpha test keeps.</summary>
    private static bool IntersectPack(in DeviceScene scene, int baseIndex, in TriangleShear r, int instance, int alphaMode, int material, ulong rayKey, ref DeviceHit hit)
    {
        var packs = scene.Packs;
        var found = false;
        for (var lane = 0; lane < 4; lane++)
        {
            var primitive = packs[baseIndex + 36 + lane];
            if (primitive < 0)
            {
                continue;
            }

            var v0 = Vertex(packs, baseIndex, 0, lane);
            var v1 = Vertex(packs, baseIndex, 1, lane);
            var v2 = Vertex(packs, baseIndex, 2, lane);
            if (r.Intersect(v0, v1, v2, hit.T, out var t, out var b1, out var b2)
                && (alphaMode == 0 || AcceptAlpha(scene, instance, material, alphaMode, rayKey, primitive, b1, b2)))
            {
                hit.T = t;
                hit.B1 = b1;
                hit.B2 = b2;
                hit.Instance = instance;
                hit.Primitive = primitive;
                found = true;
            }
        }

        return found;
    }

    private static Float3 Vertex(ArrayView<int> packs, int baseIndex, int vertex, int lane) => new(
        Interop.IntAsFloat((uint)packs[baseIndex + (((3 * vertex) + 0) * 4) + lane]),
        Interop.IntAsFloat((uint)packs[baseIndex + (((3 * vertex) + 1) * 4) + lane]),
        Interop.IntAsFloat((uint)packs[baseIndex + (((3 * vertex) + 2) * 4) + lane]));

    /// <summary>p·M for the row-vector affine matrix stored at <paramref name="offset"/> (rows 1–4, 3 columns).</summary>
    public static Float3 TransformPoint(ArrayView<float> m, int offset, Float3 p) =>
        TransformVector(m, offset, p) + new Float3(m[offset + 9], m[offset + 10], m[offset + 11]);

    /// <summary>v·M without the translation.</summary>
    public static Float3 TransformVector(ArrayView<float> m, int offset, Float3 v) => new(
        (v.X * m[offset]) + (v.Y * m[offset + 3]) + (v.Z * m[offset + 6]),
        (v.X * m[offset + 1]) + (v.Y * m[offset + 4]) + (v.Z * m[offset + 7]),
        (v.X * m[offset + 2]) + (v.Y * m[offset + 5]) + (v.Z * m[offset + 8]));
}
