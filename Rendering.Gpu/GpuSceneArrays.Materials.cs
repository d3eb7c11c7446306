using System.Numerics;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Gpu.Kernels;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>Materials and textures as the kernel reads them.</summary>
internal sealed partial class GpuSceneArrays
{
    /// <summary>
    /// Per material the factors (the BSDF's constants are derived per hit, after the textures, as
    /// <c>GltfBsdf</c>'s constructor derives them), the dielectric's F0 and F90 from KHR_materials_specular
    /// and _ior, emission, double-sidedness, occlusion strength and four texture slots.
    /// </summary>
    private static float[] FlattenMaterials(RenderScene scene)
    {
        var result = new float[DeviceScene.MaterialStride * scene.Materials.Length];
        for (var i = 0; i < scene.Materials.Length; i++)
        {
            ref readonly var material = ref scene.Materials[i];
            var ior = MathF.Max(material.Ior, 1f);
            var s = Math.Clamp(material.Specular, 0f, 1f);
            var iorF0 = ((ior - 1f) / (ior + 1f)) * ((ior - 1f) / (ior + 1f));
            var dielectricF0 = Vector3.Min(iorF0 * Vector3.Max(material.SpecularColor, Vector3.Zero), Vector3.One) * s;
            var c = material.BaseColorFactor;
            var target = result.AsSpan(DeviceScene.MaterialStride * i, DeviceScene.MaterialStride);
            ReadOnlySpan<float> values =
            [
                c.X, c.Y, c.Z, material.Metallic, material.Roughness, dielectricF0.X, dielectricF0.Y, dielectricF0.Z, s,
                material.Emission.X, material.Emission.Y, material.Emission.Z, material.DoubleSided ? 1f : 0f, material.OcclusionStrength, material.NormalScale, (float)material.AlphaMode,
            ];
            values.CopyTo(target);
            WriteSlot(target[DeviceScene.BaseColorSlot..], material.BaseColorTexture);
            WriteSlot(target[DeviceScene.MetallicRoughnessSlot..], material.MetallicRoughnessTexture);
            WriteSlot(target[DeviceScene.EmissiveSlot..], material.EmissiveTexture);
            WriteSlot(target[DeviceScene.OcclusionSlot..], material.OcclusionTexture);
            WriteSlot(target[DeviceScene.NormalSlot..], material.NormalTexture);
            target[56] = material.BaseColorFactor.W;
            target[57] = material.AlphaCutoff;
        }

        return result;
    }

    /// <summary>A texture slot: its texture and <c>TextureSlot</c>'s folded KHR_texture_transform.</summary>
    private static void WriteSlot(Span<float> target, in Shading.TextureSlot slot)
    {
        var (transformed, m00, m01, m10, m11, offsetU, offsetV) = slot.Transform;
        ReadOnlySpan<float> values = [slot.Texture, transformed ? 1f : 0f, m00, m01, m10, m11, offsetU, offsetV];
        values.CopyTo(target);
    }

    /// <summary>Every texture's texels one after another: RGBA8 packed into a uint, or four floats; and per texture where and how to read it.</summary>
    private static (int[] Info, uint[] Bytes, float[] Floats) FlattenTextures(TextureData[] textures)
    {
        var info = new int[DeviceTextures.InfoStride * textures.Length];
        var bytes = new List<uint>();
        var floats = new List<float>();
        for (var i = 0; i < textures.Length; i++)
        {
            var texture = textures[i];
            var isFloat = texture.RgbaFloat is not null;
            var offset = isFloat ? floats.Count / 4 : bytes.Count;
            if (texture.RgbaFloat is { } f)
            {
                floats.AddRange(f);
            }
            else
            {
                bytes.AddRange(MemoryMarshal.Cast<byte, uint>(texture.Rgba8.AsSpan()).ToArray());
            }

            ReadOnlySpan<int> values =
            [
                offset, texture.Width, texture.Height, (int)texture.Sampler.WrapS, (int)texture.Sampler.WrapT,
                texture.Sampler.Filter == TextureFilter.Nearest ? 0 : 1, isFloat ? 1 : 0,
            ];
            values.CopyTo(info.AsSpan(DeviceTextures.InfoStride * i));
        }

        return (info, [.. bytes], [.. floats]);
    }
}
