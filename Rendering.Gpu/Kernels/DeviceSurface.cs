namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// A hit as the integrator sees it (<c>SurfaceInteraction</c> for the supported subset): position,
/// geometric normal and shading frame turned towards the incoming ray, the textured material
/// parameters, occlusion and emission.
/// </summary>
internal struct DeviceSurface
{
    public Float3 Position;
    public Float3 GeometricNormal;
    public Float3 T;
    public Float3 B;
    public Float3 N;
    public int Material;
    public Float3 BaseColor;
    public float Metallic;
    public float Roughness;

    /// <summary>Ambient occlusion factor (1 = none), applied to environment light.</summary>
    public float Occlusion;
    public Float3 Emission;

    public readonly Float3 ToLocal(Float3 v) => new(Float3.Dot(v, T), Float3.Dot(v, B), Float3.Dot(v, N));

    public readonly Float3 ToWorld(Float3 v) => (v.X * T) + (v.Y * B) + (v.Z * N);

    /// <summary>Fills the surface for <paramref name="hit"/> along <paramref name="ray"/> (<c>RenderScene.Shade</c> without textures).</summary>
    public static DeviceSurface Shade(in DeviceScene scene, DeviceRay ray, in DeviceHit hit)
    {
        var si = default(DeviceSurface);
        var ints = DeviceScene.InstanceIntStride * hit.Instance;
        var mesh = DeviceScene.MeshStride * scene.InstanceInts[ints];
        var identity = scene.InstanceInts[ints + 2] != 0;
        var matrices = DeviceScene.InstanceStride * hit.Instance;
        var vertexOffset = scene.Meshes[mesh + 2];
        var indexOffset = scene.Meshes[mesh + 3] + (3 * hit.Primitive);
        var i0 = vertexOffset + scene.Indices[indexOffset];
        var i1 = vertexOffset + scene.Indices[indexOffset + 1];
        var i2 = vertexOffset + scene.Indices[indexOffset + 2];
        float b1 = hit.B1, b2 = hit.B2, b0 = 1f - b1 - b2;
        var p0 = DeviceLights.Vec(scene.Positions, 3 * i0);
        var p1 = DeviceLights.Vec(scene.Positions, 3 * i1);
        var p2 = DeviceLights.Vec(scene.Positions, 3 * i2);
        if (!identity)
        {
            p0 = DeviceTraversal.TransformPoint(scene.Instances, matrices + 12, p0);
            p1 = DeviceTraversal.TransformPoint(scene.Instances, matrices + 12, p1);
            p2 = DeviceTraversal.TransformPoint(scene.Instances, matrices + 12, p2);
        }

        si.Position = (b0 * p0) + (b1 * p1) + (b2 * p2);
        var cross = Float3.Cross(p1 - p0, p2 - p0);
        var length = cross.Length();
        var ng = length > 0f ? cross / length : -Float3.Normalize(ray.Direction);
        var frontFace = Float3.Dot(ng, ray.Direction) < 0f;
        var side = frontFace ? 1f : -1f;
        si.GeometricNormal = side * ng;

        var ns = ng;
        if (scene.Meshes[mesh + 4] != 0)
        {
            var n = (b0 * DeviceLights.Vec(scene.Normals, 3 * i0)) + (b1 * DeviceLights.Vec(scene.Normals, 3 * i1)) + (b2 * DeviceLights.Vec(scene.Normals, 3 * i2));
            n = identity ? n : DeviceTraversal.TransformVector(scene.Instances, matrices + 24, n);
            var nLength = n.Length();
            ns = nLength > 0f ? n / nLength : ng;
        }

        ns = side * ns;

        // A shading normal that faces away from the viewer falls back to the geometric normal.
        si.SetFrame(Float3.Dot(ns, ray.Direction) >= 0f ? si.GeometricNormal : ns);
        si.Material = scene.InstanceInts[ints + 1];
        var m = DeviceScene.MaterialStride * si.Material;
        var materials = scene.Materials;
        var u = 0f;
        var v = 0f;
        if (scene.Meshes[mesh + 5] != 0)
        {
            u = (b0 * scene.TexCoords[2 * i0]) + (b1 * scene.TexCoords[2 * i1]) + (b2 * scene.TexCoords[2 * i2]);
            v = (b0 * scene.TexCoords[(2 * i0) + 1]) + (b1 * scene.TexCoords[(2 * i1) + 1]) + (b2 * scene.TexCoords[(2 * i2) + 1]);
        }

        si.BaseColor = DeviceLights.Vec(materials, m);
        if (DeviceTextures.IsBound(materials, m + DeviceScene.BaseColorSlot))
        {
            si.BaseColor *= DeviceTextures.Sample(scene, m + DeviceScene.BaseColorSlot, u, v, srgb: true).Rgb;
        }

        si.Metallic = materials[m + 3];
        si.Roughness = materials[m + 4];
        if (DeviceTextures.IsBound(materials, m + DeviceScene.MetallicRoughnessSlot))
        {
            var mr = DeviceTextures.Sample(scene, m + DeviceScene.MetallicRoughnessSlot, u, v, srgb: false).Rgb;
            si.Roughness *= mr.Y;
            si.Metallic *= mr.Z;
        }

        si.Occlusion = 1f;
        if (DeviceTextures.IsBound(materials, m + DeviceScene.OcclusionSlot))
        {
            si.Occlusion = 1f + (materials[m + 13] * (DeviceTextures.Sample(scene, m + DeviceScene.OcclusionSlot, u, v, srgb: false).Rgb.X - 1f));
        }

        if (!DeviceLights.Vec(materials, m + 9).IsZero && (frontFace || materials[m + 12] != 0f))
        {
            si.Emission = EmissionAt(scene, hit.Instance, hit.Primitive, b1, b2);
        }

        return si;
    }

    /// <summary>
    /// Emitted radiance of <paramref name="primitive"/> of <paramref name="instance"/> at barycentrics
    /// (b1, b2): the material's emission times its emissive texture where the mesh has texture
    /// coordinates (<c>RenderScene.EmissionAt</c>).
    /// </summary>
    public static Float3 EmissionAt(in DeviceScene scene, int instance, int primitive, float b1, float b2)
    {
        var ints = DeviceScene.InstanceIntStride * instance;
        var mesh = DeviceScene.MeshStride * scene.InstanceInts[ints];
        var m = DeviceScene.MaterialStride * scene.InstanceInts[ints + 1];
        var emission = DeviceLights.Vec(scene.Materials, m + 9);
        if (DeviceTextures.IsBound(scene.Materials, m + DeviceScene.EmissiveSlot) && scene.Meshes[mesh + 5] != 0)
        {
            var vertexOffset = scene.Meshes[mesh + 2];
            var indexOffset = scene.Meshes[mesh + 3] + (3 * primitive);
            var i0 = vertexOffset + scene.Indices[indexOffset];
            var i1 = vertexOffset + scene.Indices[indexOffset + 1];
            var i2 = vertexOffset + scene.Indices[indexOffset + 2];
            var b0 = 1f - b1 - b2;
            var u = (b0 * scene.TexCoords[2 * i0]) + (b1 * scene.TexCoords[2 * i1]) + (b2 * scene.TexCoords[2 * i2]);
            var v = (b0 * scene.TexCoords[(2 * i0) + 1]) + (b1 * scene.TexCoords[(2 * i1) + 1]) + (b2 * scene.TexCoords[(2 * i2) + 1]);
            emission *= DeviceTextures.Sample(scene, m + DeviceScene.EmissiveSlot, u, v, srgb: true).Rgb;
        }

        return emission;
    }

    /// <summary>Duff et al. 2017's branchless orthonormal basis around <paramref name="n"/> (<c>Frame.FromNormal</c>).</summary>
    private void SetFrame(Float3 n)
    {
        var sign = MathF.CopySign(1f, n.Z);
        var a = -1f / (sign + n.Z);
        var b = n.X * n.Y * a;
        T = new Float3(1f + (sign * n.X * n.X * a), sign * b, -sign * n.X);
        B = new Float3(b, sign + (n.Y * n.Y * a), -n.Y);
        N = n;
    }
}
