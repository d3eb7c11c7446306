using System.Numerics;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Shading;

namespace OrleansBridge.Rendering;

/// <summary>Turns a hit into a <see cref="SurfaceInteraction"/>: geometry, shading frame, textured material.</summary>
public sealed partial class RenderScene
{
    /// <summary>Fills <paramref name="si"/> for <paramref name="hit"/> found along <paramref name="ray"/>.</summary>
    internal void Shade(in Ray ray, in SurfaceHit hit, out SurfaceInteraction si)
    {
        si = default;
        ref readonly var instance = ref Instances[hit.Instance];
        ref readonly var material = ref Materials[instance.Material];
        var mesh = Meshes[instance.Mesh];
        var i0 = mesh.Indices[3 * hit.Primitive];
        var i1 = mesh.Indices[(3 * hit.Primitive) + 1];
        var i2 = mesh.Indices[(3 * hit.Primitive) + 2];
        float b1 = hit.U, b2 = hit.V, b0 = 1f - b1 - b2;

        var p0 = mesh.Positions[i0];
        var p1 = mesh.Positions[i1];
        var p2 = mesh.Positions[i2];
        if (!instance.IsIdentity)
        {
            p0 = Vector3.Transform(p0, instance.ObjectToWorld);
            p1 = Vector3.Transform(p1, instance.ObjectToWorld);
            p2 = Vector3.Transform(p2, instance.ObjectToWorld);
        }

        si.Position = (b0 * p0) + (b1 * p1) + (b2 * p2);
        var cross = Vector3.Cross(p1 - p0, p2 - p0);
        var length = cross.Length();
        var ng = length > 0f ? cross / length : -Vector3.Normalize(ray.Direction);
        si.FrontFace = Vector3.Dot(ng, ray.Direction) < 0f;
        var side = si.FrontFace ? 1f : -1f;
        si.GeometricNormal = side * ng;

        var ns = ng;
        if (mesh.Normals is { } normals)
        {
            var n = (b0 * normals[i0]) + (b1 * normals[i1]) + (b2 * normals[i2]);
            n = instance.IsIdentity ? n : Vector3.TransformNormal(n, instance.NormalToWorld);
            var nLength = n.Length();
            ns = nLength > 0f ? n / nLength : ng;
        }

        ns *= side;
        var uv = Vector2.Zero;
        var tangent = Vector3.Zero;
        var handedness = 1f;
        if (mesh.TexCoords is { } uvs)
        {
            var uv0 = uvs[i0];
            uv = (b0 * uv0) + (b1 * uvs[i1]) + (b2 * uvs[i2]);
            if (mesh.Tangents is { } tangents)
            {
                var t = (b0 * tangents[i0]) + (b1 * tangents[i1]) + (b2 * tangents[i2]);
                tangent = new Vector3(t.X, t.Y, t.Z);
                tangent = instance.IsIdentity ? tangent : Vector3.TransformNormal(tangent, instance.ObjectToWorld);
                handedness = tangents[i0].W < 0f ? -1f : 1f;
            }
            else
            {
                tangent = UvTangent(p1 - p0, p2 - p0, uvs[i1] - uv0, uvs[i2] - uv0, ns, out handedness);
            }
        }

        var frame = Frame.FromNormalTangent(ns, tangent, handedness);
        var baseColor = material.BaseColorFactor;
        if (material.BaseColorTexture.IsBound)
        {
            baseColor *= Lookup(material.BaseColorTexture, uv, srgb: true);
        }

        si.BaseColor = new Vector3(baseColor.X, baseColor.Y, baseColor.Z);
        si.Metallic = material.Metallic;
        si.Roughness = material.Roughness;
        if (material.MetallicRoughnessTexture.IsBound)
        {
            var mr = Lookup(material.MetallicRoughnessTexture, uv, srgb: false);
            si.Roughness *= mr.Y;
            si.Metallic *= mr.Z;
        }

        ShadeExtensions(material, uv, ref si);
        si.Occlusion = 1f;
        if (material.OcclusionTexture.IsBound)
        {
            var ao = Lookup(material.OcclusionTexture, uv, srgb: false).X;
            si.Occlusion = 1f + (material.OcclusionStrength * (ao - 1f));
        }

        if (material.NormalTexture.IsBound && tangent != Vector3.Zero)
        {
            var texel = Lookup(material.NormalTexture, uv, srgb: false);
            var local = new Vector3(((2f * texel.X) - 1f) * material.NormalScale, ((2f * texel.Y) - 1f) * material.NormalScale, (2f * texel.Z) - 1f);
            var mapped = frame.ToWorld(local);
            var mappedLength = mapped.Length();
            if (mappedLength > 0f)
            {
                frame = Frame.FromNormalTangent(mapped / mappedLength, frame.T, handedness);
            }
        }

        // A shading normal that faces away from the viewer (interpolation, normal maps) would make the
        // BSDF see the viewer below the surface; fall back to the geometric normal there.
        if (Vector3.Dot(frame.N, ray.Direction) >= 0f)
        {
            frame = Frame.FromNormalTangent(si.GeometricNormal, frame.T, handedness);
        }

        si.Shading = frame;
        if (material.IsEmissive && (si.FrontFace || material.DoubleSided))
        {
            si.Emission = EmissionAt(hit.Instance, hit.Primitive, b1, b2);
        }
    }

    /// <summary>The KHR_materials_* parameters at <paramref name="uv"/> (channels as each extension specifies).</summary>
    private void ShadeExtensions(in MaterialRecord material, Vector2 uv, ref SurfaceInteraction si)
    {
        si.Transmission = material.Transmission;
        if (material.TransmissionTexture.IsBound)
        {
            si.Transmission *= Lookup(material.TransmissionTexture, uv, srgb: false).X;
        }

        si.Ior = material.Ior;
        si.ThinWalled = material.ThinWalled;
        si.Absorption = material.Absorption;
        si.Clearcoat = material.Clearcoat;
        if (material.ClearcoatTexture.IsBound)
        {
            si.Clearcoat *= Lookup(material.ClearcoatTexture, uv, srgb: false).X;
        }

        si.ClearcoatRoughness = material.ClearcoatRoughness;
        if (material.ClearcoatRoughnessTexture.IsBound)
        {
            si.ClearcoatRoughness *= Lookup(material.ClearcoatRoughnessTexture, uv, srgb: false).Y;
        }

        si.Specular = material.Specular;
        if (material.SpecularTexture.IsBound)
        {
            si.Specular *= Lookup(material.SpecularTexture, uv, srgb: false).W;
        }

        si.SpecularColor = material.SpecularColor;
        if (material.SpecularColorTexture.IsBound)
        {
            var texel = Lookup(material.SpecularColorTexture, uv, srgb: true);
            si.SpecularColor *= new Vector3(texel.X, texel.Y, texel.Z);
        }

        si.SheenColor = material.SheenColor;
        if (material.SheenColorTexture.IsBound)
        {
            var texel = Lookup(material.SheenColorTexture, uv, srgb: true);
            si.SheenColor *= new Vector3(texel.X, texel.Y, texel.Z);
        }

        si.SheenRoughness = material.SheenRoughness;
        if (material.SheenRoughnessTexture.IsBound)
        {
            si.SheenRoughness *= Lookup(material.SheenRoughnessTexture, uv, srgb: false).W;
        }
    }

    private Vector4 Lookup(in TextureSlot slot, Vector2 uv, bool srgb) =>
        TextureLookup.Sample(Textures[slot.Texture], slot.Map(uv), srgb);

    /// <summary>
    /// ∂p/∂u of the triangle from its texture coordinates, with the handedness that makes
    /// cross(n, t)·w point along −∂p/∂v (texture "up", since glTF's v grows downwards).
    /// </summary>
    private static Vector3 UvTangent(Vector3 dp1, Vector3 dp2, Vector2 duv1, Vector2 duv2, Vector3 n, out float handedness)
    {
        handedness = 1f;
        var det = (duv1.X * duv2.Y) - (duv1.Y * duv2.X);
        if (MathF.Abs(det) < 1e-12f)
        {
            return Vector3.Zero;
        }

        var inverse = 1f / det;
        var dpdu = ((duv2.Y * dp1) - (duv1.Y * dp2)) * inverse;
        var dpdv = ((duv1.X * dp2) - (duv2.X * dp1)) * inverse;
        handedness = Vector3.Dot(Vector3.Cross(n, dpdu), dpdv) < 0f ? 1f : -1f;
        return dpdu;
    }
}
