using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Shading;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>
/// What the GPU kernel renders, decided per scene and request: the core glTF metallic-roughness
/// material with its base colour, metallic-roughness, emissive, occlusion and normal textures, emission and
/// KHR_materials_specular/_ior factors, punctual, emissive-triangle and environment light (constant or mapped),
/// background, thin lens, the clamps and glossy filter, alpha mask and blend, the denoiser's features.
/// Anything else (transmission and volume, clear coat, sheen, textures on extension parameters) sends
/// the render to the CPU path tracer with the reason this returns.
/// </summary>
public static class GpuSupport
{
    /// <summary>Null when the GPU backend renders <paramref name="scene"/> with <paramref name="options"/> as the CPU would; otherwise why not.</summary>
    public static string? Refusal(RenderScene scene, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IndependentSamples)
        {
            return "independent (non-Sobol) samples are a CPU test mode";
        }

        if (scene.Lights.Selection == Lights.LightSelection.Uniform)
        {
            return "uniform light selection is a CPU test mode";
        }

        var used = new HashSet<int>();
        foreach (var instance in scene.Instances)
        {
            used.Add(instance.Material);
        }

        foreach (var index in used.Order())
        {
            if (MaterialRefusal(scene.Materials[index]) is { } reason)
            {
                return $"material {index} {reason}";
            }
        }

        return null;
    }

    private static string? MaterialRefusal(in MaterialRecord m)
    {
        if (m.TransmissionTexture.IsBound || m.ClearcoatTexture.IsBound || m.ClearcoatRoughnessTexture.IsBound
            || m.SpecularTexture.IsBound || m.SpecularColorTexture.IsBound || m.SheenColorTexture.IsBound || m.SheenRoughnessTexture.IsBound)
        {
            return "has textures on KHR_materials_* parameters";
        }

        if (m.Transmission > 0f)
        {
            return "transmits (KHR_materials_transmission)";
        }

        if (m.Clearcoat > 0f)
        {
            return "has a clear coat (KHR_materials_clearcoat)";
        }

        if (m.SheenColor != System.Numerics.Vector3.Zero)
        {
            return "has sheen (KHR_materials_sheen)";
        }

        return null;
    }
}
