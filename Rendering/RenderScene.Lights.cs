using System.Numerics;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering;

/// <summary>Light sampling for next-event estimation and the densities multiple importance sampling needs.</summary>
public sealed partial class RenderScene
{
    // Per instance, the offset of its triangles in _emitterEntries, or -1 when its material does not emit.
    private readonly int[] _emitterOffset;
    private readonly int[] _emitterEntries;

    /// <summary>Per instance, the offset of its triangles in <see cref="EmitterEntries"/>, or −1 when its material does not emit.</summary>
    internal ReadOnlySpan<int> EmitterOffsets => _emitterOffset;

    /// <summary>Light-table entries of emissive triangles, per emitting instance from its offset, by primitive.</summary>
    internal ReadOnlySpan<int> EmitterEntries => _emitterEntries;

    /// <summary>
    /// Picks a light by its estimated contribution at <paramref name="p"/> (surface normal
    /// <paramref name="n"/>) with <paramref name="random"/>.Z and a point on it with X, Y. False when no
    /// light can contribute or the sample carries nothing (back of a one-sided emitter).
    /// </summary>
    internal bool SampleLight(Vector3 p, Vector3 n, Vector3 random, out LightSample sample)
    {
        sample = default;
        var entry = Lights.Pick(random.Z, p, n, out var pmf);
        var u = new Vector2(random.X, random.Y);
        if (entry < 0 || pmf <= 0f)
        {
            return false;
        }

        var punctual = Lights.Punctual;
        if (entry < punctual.Length)
        {
            sample.Radiance = punctual[entry].Illuminate(p, out sample.Wi, out sample.Distance);
            sample.Pdf = pmf;
            sample.IsDelta = true;
            return sample.Radiance != Vector3.Zero;
        }

        if (entry == Lights.EnvironmentEntry)
        {
            var environment = Lights.Environment!;
            sample.Wi = environment.Sample(u, out var pdf);
            sample.Distance = float.PositiveInfinity;
            sample.Radiance = environment.Radiance(sample.Wi);
            sample.Pdf = pdf * pmf;
            sample.IsEnvironment = true;
            return sample.Pdf > 0f;
        }

        ref readonly var triangle = ref Lights.Triangles[entry - punctual.Length];
        var b = Warp.UniformTriangle(u);
        var point = triangle.PointAt(b);
        var solidAngle = triangle.SolidAnglePdf(p, point);
        if (solidAngle <= 0f)
        {
            return false;
        }

        var d = point - p;
        sample.Distance = d.Length();
        sample.Wi = d / sample.Distance;
        sample.Radiance = EmissionAt(triangle.Instance, triangle.Primitive, b.X, b.Y);
        sample.Pdf = solidAngle * pmf;
        return true;
    }

    /// <summary>Density with which <see cref="SampleLight"/> picks the point where a ray from <paramref name="from"/> hit an emitter.</summary>
    internal float EmitterPdf(int instance, int primitive, Vector3 from, Vector3 fromNormal, Vector3 point)
    {
        var offset = _emitterOffset[instance];
        if (offset < 0)
        {
            return 0f;
        }

        var entry = _emitterEntries[offset + primitive];
        return Lights.Pmf(entry, from, fromNormal) * Lights.Triangles[entry - Lights.Punctual.Length].SolidAnglePdf(from, point);
    }

    /// <summary>Density with which <see cref="SampleLight"/> picks environment direction <paramref name="direction"/>.</summary>
    internal float EnvironmentPdf(Vector3 direction, Vector3 from, Vector3 fromNormal) =>
        Lights.Environment is { } environment ? Lights.Pmf(Lights.EnvironmentEntry, from, fromNormal) * environment.Pdf(direction) : 0f;

    /// <summary>Radiance arriving from the environment along <paramref name="direction"/>.</summary>
    internal Vector3 EnvironmentRadiance(Vector3 direction) =>
        Lights.Environment?.Radiance(direction) ?? Vector3.Zero;

    /// <summary>Emitted radiance of an instance's triangle at barycentrics (b1, b2), textured.</summary>
    internal Vector3 EmissionAt(int instance, int primitive, float b1, float b2)
    {
        ref readonly var record = ref Instances[instance];
        ref readonly var material = ref Materials[record.Material];
        var emission = material.Emission;
        var mesh = Meshes[record.Mesh];
        if (material.EmissiveTexture.IsBound && mesh.TexCoords is { } uvs)
        {
            var i = 3 * primitive;
            var uv = ((1f - b1 - b2) * uvs[mesh.Indices[i]]) + (b1 * uvs[mesh.Indices[i + 1]]) + (b2 * uvs[mesh.Indices[i + 2]]);
            var texel = TextureLookup.Sample(Textures[material.EmissiveTexture.Texture], material.EmissiveTexture.Map(uv), srgb: true);
            emission *= new Vector3(texel.X, texel.Y, texel.Z);
        }

        return emission;
    }

    private (LightTable Table, int[] Offsets, int[] Entries) BuildLights(SceneDescription description, LightSelection selection)
    {
        var punctual = description.Lights.Select(l => new PunctualLight(l)).ToArray();
        var triangles = new List<EmissiveTriangle>();
        var weights = new List<float>();
        var offsets = new int[Instances.Length];
        var textureMeans = new Dictionary<int, float>();
        var entries = new List<int>();
        for (var i = 0; i < Instances.Length; i++)
        {
            ref readonly var record = ref Instances[i];
            ref readonly var material = ref Materials[record.Material];
            offsets[i] = -1;
            if (!material.IsEmissive)
            {
                continue;
            }

            var scale = GltfBsdf.Luminance(material.Emission) * MathF.PI * (material.DoubleSided ? 2f : 1f);
            if (material.EmissiveTexture.IsBound)
            {
                var texture = material.EmissiveTexture.Texture;
                if (!textureMeans.TryGetValue(texture, out var mean))
                {
                    mean = textureMeans[texture] = MeanLuminance(Textures[texture]);
                }

                scale *= mean;
            }

            var mesh = Meshes[record.Mesh];
            offsets[i] = entries.Count;
            for (var t = 0; t < mesh.TriangleCount; t++)
            {
                var p0 = Vector3.Transform(mesh.Positions[mesh.Indices[3 * t]], record.ObjectToWorld);
                var p1 = Vector3.Transform(mesh.Positions[mesh.Indices[(3 * t) + 1]], record.ObjectToWorld);
                var p2 = Vector3.Transform(mesh.Positions[mesh.Indices[(3 * t) + 2]], record.ObjectToWorld);
                var triangle = new EmissiveTriangle(p0, p1, p2, i, t, material.DoubleSided);
                entries.Add(punctual.Length + triangles.Count);
                triangles.Add(triangle);
                weights.Add(triangle.Area * scale);
            }
        }

        var environment = description.Environment is { } e && e.Intensity > 0f && e.Color != Vector3.Zero ? new EnvironmentLight(e) : null;
        var table = new LightTable(punctual, [.. triangles], weights.ToArray(), environment, SceneRadius, selection);
        return (table, offsets, [.. entries]);
    }

    /// <summary>Mean luminance of an sRGB texture on a grid of at most 64 × 64 texels (for light power only).</summary>
    private static float MeanLuminance(TextureData texture)
    {
        const int Grid = 64;
        var sum = 0.0;
        for (var y = 0; y < Grid; y++)
        {
            for (var x = 0; x < Grid; x++)
            {
                var texel = TextureLookup.Sample(texture, new Vector2((x + 0.5f) / Grid, (y + 0.5f) / Grid), srgb: true);
                sum += GltfBsdf.Luminance(new Vector3(texel.X, texel.Y, texel.Z));
            }
        }

        return (float)(sum / (Grid * Grid));
    }
}
