namespace OrleansBridge.Rendering.Materials;

/// <summary>The diffuse lobe of the dielectric base (docs/rendering.md, "Light transport" and "Equal quality with Cycles").</summary>
public enum DiffuseModel
{
    /// <summary>
    /// The glTF specification's Lambertian lobe with the energy terms: c_diff/π scaled by what the specular
    /// lobes leave, (1 − E_s(μo))(1 − E_s(μi)) / (1 − E_s,avg), so a surface never reflects more than it receives.
    /// </summary>
    Gltf,

    /// <summary>
    /// Blender's Principled BSDF v1 diffuse (Cycles before Blender 4), which Blender's glTF importer gives
    /// every material: Burley's lobe with its retro-reflection, c_diff/π·[(1 − ½F_L)(1 − ½F_V) +
    /// R(F_L + F_V + F_L·F_V·(R − 1))], R = roughness·(1 + l·v), F = (1 − cos θ)⁵, added to the specular
    /// lobe without weighting by it. Rough surfaces seen or lit at grazing angles reflect more than the
    /// glTF lobe, up to more than they receive: for matching images rendered in Blender, not for energy.
    /// </summary>
    PrincipledV1,
}

/// <summary>The wire and configuration names of <see cref="DiffuseModel"/>: <c>gltf</c> and <c>principled</c>.</summary>
public static class DiffuseModels
{
    /// <summary>The names a request or the configuration may use.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gltf", "principled"];

    /// <summary>The model named <paramref name="name"/> (case-insensitive); false for any other name.</summary>
    public static bool TryParse(string? name, out DiffuseModel model)
    {
        model = DiffuseModel.Gltf;
        if (string.Equals(name, "gltf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(name, "principled", StringComparison.OrdinalIgnoreCase))
        {
            model = DiffuseModel.PrincipledV1;
            return true;
        }

        return false;
    }

    /// <summary>The name of <paramref name="model"/>.</summary>
    public static string Name(DiffuseModel model) => model == DiffuseModel.PrincipledV1 ? "principled" : "gltf";

    /// <summary>The refusal of <paramref name="value"/> as the field <paramref name="field"/>; null when it is absent or a model's name.</summary>
    public static string? Refusal(string field, string? value) =>
        value is null || TryParse(value, out _) ? null : $"{field} is '{value}'; it must be {string.Join(" or ", Names)}.";
}
