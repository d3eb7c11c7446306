using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>The any-hit alpha test of masked and blended materials (<c>AlphaFilter</c>).</summary>
internal static partial class DeviceTraversal
{
    /// <summary>
    /// <c>AlphaFilter.Accept</c>: alpha = factor × the base colour texture's alpha (where the mesh has
    /// texture coordinates); a masked hit is kept at alpha ≥ cutoff, a blended one with probability alpha,
    /// decided by a hash of the ray and the triangle (deterministic, converging to blending).
    /// </summary>
    private static bool AcceptAlpha(in DeviceScene scene, int instance, int material, int alphaMode, ulong rayKey, int primitive, float b1, float b2)
    {
        var alpha = scene.Materials[material + 56];
        var mesh = DeviceScene.MeshStride * scene.InstanceInts[DeviceScene.InstanceIntStride * instance];
        if (DeviceTextures.IsBound(scene.Materials, material + DeviceScene.BaseColorSlot) && scene.Meshes[mesh + 5] != 0)
        {
            DeviceSurface.TexCoordAt(scene, mesh, primitive, b1, b2, out var u, out var v);
            alpha *= DeviceTextures.Sample(scene, material + DeviceScene.BaseColorSlot, u, v, srgb: false).A;
        }

        if (alphaMode == 1)
        {
            return alpha >= scene.Materials[material + 57];
        }

        var x = (DeviceSampler.Mix(rayKey ^ (uint)primitive) >> 40) * (1f / 16777216f);
        return x < alpha;
    }

    /// <summary><c>AlphaFilter.RayKey</c>: a hash of the world ray's bits and the instance.</summary>
    private static ulong RayKey(DeviceRay ray, int instance)
    {
        var a = ((ulong)Interop.FloatAsInt(ray.Origin.X) << 32) | Interop.FloatAsInt(ray.Origin.Y);
        var b = ((ulong)Interop.FloatAsInt(ray.Origin.Z) << 32) | Interop.FloatAsInt(ray.Direction.X);
        var c = ((ulong)Interop.FloatAsInt(ray.Direction.Y) << 32) | Interop.FloatAsInt(ray.Direction.Z);
        return DeviceSampler.Mix(DeviceSampler.Mix(DeviceSampler.Mix(a) ^ b) ^ c) + (uint)instance;
    }
}
