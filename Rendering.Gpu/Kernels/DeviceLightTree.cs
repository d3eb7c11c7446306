using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// The CPU's light selection by importance (<c>LightTable</c>, <c>LightTree</c>, <c>LightBounds</c>) on
/// the device: infinite lights weighted by their irradiance on the receiver, the tree's nodes by pbrt-v4's
/// importance bound, the pick walking down the tree rescaling one number, and the MIS density retracing
/// the same walk from a leaf's 64-bit trail. The uploaded tree is the CPU's own, node for node.
/// </summary>
internal static class DeviceLightTree
{
    /// <summary>Floats per node: min (3), max (3), cone axis (3), Φ, cos θo, cos θe, two-sided.</summary>
    public const int NodeStride = 13;

    private const float OneMinusEpsilon = 0.99999994f;

    /// <summary><c>LightTable.Pick</c> for <see cref="Lights.LightSelection.Importance"/>: the entry of the light picked at p (receiver normal n) and its probability; −1 when none can contribute.</summary>
    public static int Pick(in DeviceScene scene, float u, Float3 p, Float3 n, out float pmf)
    {
        pmf = 0f;
        var tree = scene.TreeNodeCount > 0 ? Importance(scene.TreeNodes, 0, p, n) : 0f;
        var infinite = InfiniteTotal(scene, n);
        var total = infinite + tree;
        if (!(total > 0f))
        {
            return -1;
        }

        var x = u * total;
        if (x < infinite)
        {
            var last = -1;
            for (var i = 0; i < scene.InfiniteCount; i++)
            {
                var weight = InfiniteWeight(scene, i, n);
                if (weight <= 0f)
                {
                    continue;
                }

                last = i;
                x -= weight;
                if (x < 0f)
                {
                    break;
                }
            }

            pmf = InfiniteWeight(scene, last, n) / total;
            return scene.InfiniteEntries[last];
        }

        var leaf = Sample(scene, p, n, MathF.Max(0f, MathF.Min((x - infinite) / tree, OneMinusEpsilon)), out var treePmf);
        if (leaf < 0)
        {
            return -1;
        }

        pmf = tree / total * treePmf;
        return scene.EntryOfLeaf[leaf];
    }

    /// <summary><c>LightTable.Pmf</c> for <see cref="Lights.LightSelection.Importance"/>: the probability that a pick at p (normal n) returns <paramref name="entry"/>.</summary>
    public static float Pmf(in DeviceScene scene, int entry, Float3 p, Float3 n)
    {
        var tree = scene.TreeNodeCount > 0 ? Importance(scene.TreeNodes, 0, p, n) : 0f;
        var total = InfiniteTotal(scene, n) + tree;
        if (!(total > 0f))
        {
            return 0f;
        }

        var leaf = scene.LeafOfEntry[entry];
        if (leaf < 0)
        {
            for (var i = 0; i < scene.InfiniteCount; i++)
            {
                if (scene.InfiniteEntries[i] == entry)
                {
                    return InfiniteWeight(scene, i, n) / total;
                }
            }

            return 0f;
        }

        return tree / total * LeafPmf(scene, leaf, p, n);
    }

    private static int Sample(in DeviceScene scene, Float3 p, Float3 n, float u, out float pmf)
    {
        pmf = 1f;
        var index = 0;
        while (true)
        {
            if (scene.TreeLinks[(2 * index) + 1] != 0)
            {
                return scene.TreeLinks[2 * index];
            }

            var second = scene.TreeLinks[2 * index];
            var left = Importance(scene.TreeNodes, index + 1, p, n);
            var right = Importance(scene.TreeNodes, second, p, n);
            var sum = left + right;
            if (!(sum > 0f))
            {
                pmf = 0f;
                return -1;
            }

            var pLeft = left / sum;
            if (u < pLeft)
            {
                u = MathF.Min(u / pLeft, OneMinusEpsilon);
                pmf *= pLeft;
                index++;
            }
            else
            {
                u = MathF.Min((u - pLeft) / (1f - pLeft), OneMinusEpsilon);
                pmf *= 1f - pLeft;
                index = second;
            }
        }
    }

    private static float LeafPmf(in DeviceScene scene, int leaf, Float3 p, Float3 n)
    {
        var trail = scene.Trails[leaf];
        var pmf = 1f;
        var index = 0;
        while (scene.TreeLinks[(2 * index) + 1] == 0)
        {
            var second = scene.TreeLinks[2 * index];
            var left = Importance(scene.TreeNodes, index + 1, p, n);
            var right = Importance(scene.TreeNodes, second, p, n);
            var sum = left + right;
            if (!(sum > 0f))
            {
                return 0f;
            }

            if ((trail & 1UL) == 0UL)
            {
                pmf *= left / sum;
                index++;
            }
            else
            {
                pmf *= right / sum;
                index = second;
            }

            trail >>= 1;
        }

        return pmf;
    }

    private static float InfiniteWeight(in DeviceScene scene, int slot, Float3 n)
    {
        var direction = DeviceLights.Vec(scene.InfiniteDirections, 3 * slot);
        var weight = scene.InfiniteWeights[slot];
        return direction.IsZero || n.IsZero ? weight : weight * MathF.Abs(Float3.Dot(direction, n));
    }

    private static float InfiniteTotal(in DeviceScene scene, Float3 n)
    {
        var total = 0f;
        for (var i = 0; i < scene.InfiniteCount; i++)
        {
            total += InfiniteWeight(scene, i, n);
        }

        return total;
    }

    /// <summary><c>LightBounds.Importance</c>: pbrt-v4's bound Φ·cos θ′/d² · cos θ′ᵢ of what the node's lights can send to p.</summary>
    private static float Importance(ArrayView<float> nodes, int node, Float3 p, Float3 n)
    {
        var b = NodeStride * node;
        var min = DeviceLights.Vec(nodes, b);
        var max = DeviceLights.Vec(nodes, b + 3);
        var axis = DeviceLights.Vec(nodes, b + 6);
        var phi = nodes[b + 9];
        var cosTheta0 = nodes[b + 10];
        var cosThetaE = nodes[b + 11];
        var twoSided = nodes[b + 12] != 0f;
        var centre = 0.5f * (min + max);
        var toPoint = p - centre;
        var distance2 = Float3.Dot(toPoint, toPoint);
        var halfDiagonal = 0.5f * (max - min).Length();
        var d2 = MathF.Max(distance2, halfDiagonal);
        var distance = MathF.Sqrt(distance2);
        var wi = distance > 0f ? toPoint / distance : new Float3(0f, 0f, 1f);
        var cosW = Float3.Dot(axis, wi);
        if (twoSided)
        {
            cosW = MathF.Abs(cosW);
        }

        var sinW = SafeSqrt(1f - (cosW * cosW));
        var radius2 = halfDiagonal * halfDiagonal;
        var cosB = distance2 < radius2 ? -1f : SafeSqrt(1f - (radius2 / distance2));
        var sinB = SafeSqrt(1f - (cosB * cosB));
        var sinO = SafeSqrt(1f - (cosTheta0 * cosTheta0));
        var cosX = CosSubClamped(sinW, cosW, sinO, cosTheta0);
        var sinX = SinSubClamped(sinW, cosW, sinO, cosTheta0);
        var cosThetaP = CosSubClamped(sinX, cosX, sinB, cosB);
        if (cosThetaP <= cosThetaE)
        {
            return 0f;
        }

        var importance = phi * cosThetaP / d2;
        if (!n.IsZero)
        {
            var cosI = MathF.Abs(Float3.Dot(wi, n));
            var sinI = SafeSqrt(1f - (cosI * cosI));
            importance *= CosSubClamped(sinI, cosI, sinB, cosB);
        }

        return MathF.Max(importance, 0f);
    }

    private static float CosSubClamped(float sinA, float cosA, float sinB, float cosB) =>
        cosA > cosB ? 1f : (cosA * cosB) + (sinA * sinB);

    private static float SinSubClamped(float sinA, float cosA, float sinB, float cosB) =>
        cosA > cosB ? 0f : (sinA * cosB) - (cosA * sinB);

    private static float SafeSqrt(float x) => MathF.Sqrt(MathF.Max(0f, x));
}
