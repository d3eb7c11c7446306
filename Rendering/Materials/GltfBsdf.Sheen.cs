using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The sheen layer of KHR_materials_sheen: a Charlie lobe (<see cref="Charlie"/>) tinted by the sheen
/// colour on top of everything but the clear coat, which scales the layers below by the extension's
/// albedo scaling 1 − max(sheenColor)·E_sheen(n·v) (the view-angle form; transmission is scaled too).
/// The fitted visibility lets a smooth sheen seen within a few degrees of the horizon reflect more than
/// it receives (E up to ~1.5 at n·v = 0.01); there the lobe is divided by E, so E never exceeds 1.
/// </summary>
internal readonly partial struct GltfBsdf
{
    /// <summary>The share of the layers under the sheen that is seen at cosine <paramref name="cosO"/>; 1 without sheen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float SheenScale(float cosO) =>
        _sheenMax > 0f ? MathF.Max(0f, 1f - (_sheenMax * MathF.Min(Charlie.Albedo(cosO, _sheenRoughness), 1f))) : 1f;

    /// <summary>The sheen lobe's value, without its colour, normalised where its albedo would exceed 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float SheenLobe(Vector3 wo, Vector3 wi) =>
        Charlie.Evaluate(wo, wi, _sheenAlpha) / MathF.Max(Charlie.Albedo(wo.Z, _sheenRoughness), 1f);
}
