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
        si.Material = scene.InstanceInts[ints + 1];
        var m = DeviceScene.MaterialStride * si.Material;
        var materials = scene.Materials;
        var u = 0f;
        var v = 0f;
        var tangent = Float3.Zero;
        var handedness = 1f;
        if (scene.Meshes[mesh + 5] != 0)
        {
            float u0 = scene.TexCoords[2 * i0], v0 = scene.TexCoords[(2 * i0) + 1];
            float u1 = scene.TexCoords[2 * i1], v1 = scene.TexCoords[(2 * i1) + 1];
            float u2 = scene.TexCoords[2 * i2], v2 = scene.TexCoords[(2 * i2) + 1];
            u = (b0 * u0) + (b1 * u1) + (b2 * u2);
            v = (b0 * v0) + (b1 * v1) + (b2 * v2);
            if (scene.Meshes[mesh + 6] != 0)
            {
                tangent = (b0 * DeviceLights.Vec(scene.Tangents, 4 * i0)) + (b1 * DeviceLights.Vec(scene.Tangents, 4 * i1)) + (b2 * DeviceLights.Vec(scene.Tangents, 4 * i2));
                tangent = identity ? tangent : DeviceTraversal.TransformVector(scene.Instances, matrices + 12, tangent);
                handedness = scene.Tangents[(4 * i0) + 3] < 0f ? -1f : 1f;
            }
            else
            {
                tangent = UvTangent(p1 - p0, p2 - p0, u1 - u0, v1 - v0, u2 - u0, v2 - v0, ns, out handedness);
            }
        }

        si.SetFrame(ns, tangent, handedness);
        if (DeviceTextures.IsBound(materials, m + DeviceScene.NormalSlot) && !tangent.IsZero)
        {
            var texel = DeviceTextures.Sample(scene, m + DeviceScene.NormalSlot, u, v, srgb: false).Rgb;
            var scale = materials[m + 14];
            var mapped = si.ToWorld(new Float3(((2f * texel.X) - 1f) * scale, ((2f * texel.Y) - 1f) * scale, (2f * texel.Z) - 1f));
            var mappedLength = mapped.Length();
            if (mappedLength > 0f)
            {
                si.SetFrame(mapped / mappedLength, si.T, handedness);
            }
        }

        // A shading normal that faces away from the viewer falls back to the geometric normal.
        if (Float3.Dot(si.N, ray.Direction) >= 0f)
        {
            si.SetFrame(si.GeometricNormal, si.T, handedness);
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
            TexCoordAt(scene, mesh, primitive, b1, b2, out var u, out var v);
            emission *= DeviceTextures.Sample(scene, m + DeviceScene.EmissiveSlot, u, v, srgb: true).Rgb;
        }

        return emission;
    }

    /// <summary>
    /// The texture coordinates of <paramref name="primitive"/> at barycentrics (b1, b2), for the mesh
    /// whose record starts at <paramref name="mesh"/> (which must have texture coordinates).
    /// </summary>
    public static void TexCoordAt(in DeviceScene scene, int mesh, int primitive, float b1, float b2, out float u, out float v)
    {
        var vertexOffset = scene.Meshes[mesh + 2];
        var indexOffset = scene.Meshes[mesh + 3] + (3 * primitive);
        var i0 = vertexOffset + scene.Indices[indexOffset];
        var i1 = vertexOffset + scene.Indices[indexOffset + 1];
        var i2 = vertexOffset + scene.Indices[indexOffset + 2];
        var b0 = 1f - b1 - b2;
        u = (b0 * scene.TexCoords[2 * i0]) + (b1 * scene.TexCoords[2 * i1]) + (b2 * scene.TexCoords[2 * i2]);
        v = (b0 * scene.TexCoords[(2 * i0) + 1]) + (b1 * scene.TexCoords[(2 * i1) + 1]) + (b2 * scene.TexCoords[(2 * i2) + 1]);
    }

    /// <summary>
    /// ∂p/∂u of the triangle from its texture coordinates, with the handedness that makes cross(n, t)·w
    /// point along −∂p/∂v (<c>RenderScene.UvTangent</c>); zero when the texture coordinates are degenerate.
    /// </summary>
    private static Float3 UvTangent(Float3 dp1, Float3 dp2, float du1, float dv1, float du2, float dv2, Float3 n, out float handedness)
    {
        handedness = 1f;
        var det = (du1 * dv2) - (dv1 * du2);
        if (MathF.Abs(det) < 1e-12f)
        {
            return Float3.Zero;
        }

        var inverse = 1f / det;
        var dpdu = ((dv2 * dp1) - (dv1 * dp2)) * inverse;
        var dpdv = ((du1 * dp2) - (du2 * dp1)) * inverse;
        handedness = Float3.Dot(Float3.Cross(n, dpdu), dpdv) < 0f ? 1f : -1f;
        return dpdu;
    }

    /// <summary>
    /// The frame around unit normal <paramref name="n"/> whose tangent follows <paramref name="tangent"/>
    /// (Gram–Schmidt), bitangent flipped by <paramref name="handedness"/>; without a usable tangent, Duff et
    /// al. 2017's branchless basis (<c>Frame.FromNormalTangent</c>, <c>Frame.FromNormal</c>).
    /// </summary>
    private void SetFrame(Float3 n, Float3 tangent, float handedness)
    {
        var t = tangent - (Float3.Dot(n, tangent) * n);
        var length = t.Length();
        if (length > 1e-8f)
        {
            T = t / length;
            B = Float3.Cross(n, T) * handedness;
            N = n;
            return;
        }

        var sign = MathF.CopySign(1f, n.Z);
        var a = -1f / (sign + n.Z);
        var b = n.X * n.Y * a;
        T = new Float3(1f + (sign * n.X * n.X * a), sign * b, -sign * n.X);
        B = new Float3(b, sign + (n.Y * n.Y * a), -n.Y);
        N = n;
    }
}
