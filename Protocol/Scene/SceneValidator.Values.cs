using OrleansBridge.Protocol;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>Value ranges of each element kind (glTF 2.0 where glTF defines them).</summary>
public static partial class SceneValidator
{
    private static readonly string[] TextureFormats = ["png", "jpeg", "webp", "rgba8", "rgba32f"];
    private static readonly string[] Filters = ["nearest", "linear"];
    private static readonly string[] Wraps = ["repeat", "clamp", "mirror"];
    private static readonly string[] AlphaModes = ["opaque", "mask", "blend"];
    private static readonly string[] LightTypes = ["point", "spot", "directional"];
    private static readonly string[] ToneMappings = ["standard", "aces"];

    private static void CheckValues(string name, SceneElement element, List<SceneProblem> problems)
    {
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(new SceneProblem(name, ErrorCode.SceneElementInvalid, message));
            }
        }

        switch (element)
        {
            case MeshElement m:
                Require(m.VertexCount > 0, "vertexCount must be positive.");
                Require(m.Indices is null ? m.IndexCount == 0 && m.VertexCount % 3 == 0 : m.IndexCount > 0 && m.IndexCount % 3 == 0,
                    "indexCount must be a positive multiple of 3 with indices, and 0 without (then vertexCount is a multiple of 3).");
                break;
            case TextureElement t:
                Require(TextureFormats.Contains(t.Format), $"format must be one of {string.Join(", ", TextureFormats)}.");
                Require(t.Width is > 0 and <= 32768 && t.Height is > 0 and <= 32768, "width and height must be 1–32768.");
                Require(Filters.Contains(t.Sampler.MagFilter) && Filters.Contains(t.Sampler.MinFilter), "filters must be nearest or linear.");
                Require(Wraps.Contains(t.Sampler.WrapS) && Wraps.Contains(t.Sampler.WrapT), "wraps must be repeat, clamp or mirror.");
                break;
            case MaterialElement m:
                Require(m.BaseColorFactor is null || IsUnitVector(m.BaseColorFactor, 4), "baseColorFactor must be 4 numbers in [0, 1].");
                Require(m.EmissiveFactor is null || IsUnitVector(m.EmissiveFactor, 3), "emissiveFactor must be 3 numbers in [0, 1].");
                Require(InUnit(m.MetallicFactor) && InUnit(m.RoughnessFactor) && InUnit(m.OcclusionStrength) && InUnit(m.AlphaCutoff),
                    "metallicFactor, roughnessFactor, occlusionStrength and alphaCutoff must be in [0, 1].");
                Require(float.IsFinite(m.NormalScale) && float.IsFinite(m.EmissiveStrength) && m.EmissiveStrength >= 0,
                    "normalScale must be finite and emissiveStrength at least 0.");
                Require(AlphaModes.Contains(m.AlphaMode), "alphaMode must be opaque, mask or blend.");
                Require(m.Ior is null || (float.IsFinite(m.Ior.Value) && m.Ior >= 1), "ior must be at least 1 (KHR_materials_ior).");
                Require(m.Transmission is null || InUnit(m.Transmission.Factor), "transmission.factor must be in [0, 1].");
                Require(m.Volume is null || (float.IsFinite(m.Volume.ThicknessFactor) && m.Volume.ThicknessFactor >= 0
                    && (m.Volume.AttenuationDistance is null || (float.IsFinite(m.Volume.AttenuationDistance.Value) && m.Volume.AttenuationDistance > 0))
                    && (m.Volume.AttenuationColor is null || IsUnitVector(m.Volume.AttenuationColor, 3))),
                    "volume needs thicknessFactor at least 0, a positive attenuationDistance and an attenuationColor of 3 numbers in [0, 1].");
                Require(m.Clearcoat is null || (InUnit(m.Clearcoat.Factor) && InUnit(m.Clearcoat.RoughnessFactor) && float.IsFinite(m.Clearcoat.NormalScale)),
                    "clearcoat.factor and clearcoat.roughnessFactor must be in [0, 1] and clearcoat.normalScale finite.");
                Require(m.Specular is null || (InUnit(m.Specular.Factor)
                    && (m.Specular.ColorFactor is null || (m.Specular.ColorFactor.Length == 3 && m.Specular.ColorFactor.All(v => float.IsFinite(v) && v >= 0)))),
                    "specular.factor must be in [0, 1] and specular.colorFactor 3 numbers, each at least 0.");
                Require(m.Sheen is null || (InUnit(m.Sheen.RoughnessFactor) && (m.Sheen.ColorFactor is null || IsUnitVector(m.Sheen.ColorFactor, 3))),
                    "sheen.colorFactor must be 3 numbers in [0, 1] and sheen.roughnessFactor in [0, 1].");
                break;
            case LightElement l:
                Require(LightTypes.Contains(l.LightType), "lightType must be point, spot or directional.");
                Require(l.Color is not null && IsUnitVector(l.Color, 3), "color must be 3 numbers in [0, 1].");
                Require(float.IsFinite(l.Intensity) && l.Intensity >= 0, "intensity must be at least 0.");
                Require(l.Range is null || (float.IsFinite(l.Range.Value) && l.Range > 0), "range must be positive when given.");
                Require(l.LightType != "spot" || (l.InnerConeAngle >= 0 && l.InnerConeAngle < l.OuterConeAngle && l.OuterConeAngle <= MathF.PI / 2),
                    "a spot light needs 0 <= innerConeAngle < outerConeAngle <= pi/2.");
                break;
            case CameraElement c:
                Require(c.YFov > 0 && c.YFov < MathF.PI, "yfov must be in (0, pi) radians.");
                Require(c.AspectRatio is null || (float.IsFinite(c.AspectRatio.Value) && c.AspectRatio > 0), "aspectRatio must be positive when given.");
                Require(float.IsFinite(c.ZNear) && c.ZNear > 0 && (c.ZFar is null || (float.IsFinite(c.ZFar.Value) && c.ZFar > c.ZNear)), "need 0 < znear < zfar.");
                Require(float.IsFinite(c.Aperture) && c.Aperture >= 0 && float.IsFinite(c.FocusDistance) && c.FocusDistance > 0,
                    "aperture must be at least 0 and focusDistance positive.");
                break;
            case InstanceElement i:
                Require(i.Transform is null || (i.Transform.Length == 16 && i.Transform.All(float.IsFinite)), "transform must be 16 finite numbers (column-major).");
                break;
            case OptionsElement o:
                Require(o.EnvironmentColor is null || (o.EnvironmentColor.Length == 3 && o.EnvironmentColor.All(v => float.IsFinite(v) && v >= 0)), "environmentColor must be 3 numbers, each at least 0.");
                Require(float.IsFinite(o.EnvironmentIntensity) && o.EnvironmentIntensity >= 0, "environmentIntensity must be at least 0.");
                Require(o.Background is null || (o.Background.Length == 3 && o.Background.All(v => float.IsFinite(v) && v >= 0)), "background must be 3 numbers, each at least 0.");
                Require(ToneMappings.Contains(o.ToneMapping), "toneMapping must be standard or aces.");
                Require(float.IsFinite(o.Exposure) && Math.Abs(o.Exposure) <= 32, "exposure must be within ±32 stops.");
                Require(o.SamplesPerPixel is >= 1 and <= 1 << 20, "samplesPerPixel must be 1–1048576.");
                break;
        }
    }

    private static bool InUnit(float value) => value is >= 0 and <= 1;

    private static bool IsUnitVector(float[] values, int length) => values.Length == length && values.All(InUnit);
}
