using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// Rewrites the element names an element refers to, for merging one scene into another under a name
/// prefix (docs/protocol.md §6.6): every reference the validator checks is rewritten, bulk data
/// hashes are not (they are content, not names).
/// </summary>
public static class SceneRename
{
    /// <summary>The element with every name it refers to prefixed with <paramref name="prefix"/>.</summary>
    public static SceneElement WithPrefix(SceneElement element, string prefix)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(prefix);
        string? P(string? name) => name is null ? null : prefix + name;
        TextureRef? T(TextureRef? texture) => texture is null ? null : texture with { Texture = prefix + texture.Texture };
        return element switch
        {
            MeshElement m => m with { Material = P(m.Material) },
            MaterialElement m => m with
            {
                BaseColorTexture = T(m.BaseColorTexture),
                MetallicRoughnessTexture = T(m.MetallicRoughnessTexture),
                NormalTexture = T(m.NormalTexture),
                OcclusionTexture = T(m.OcclusionTexture),
                EmissiveTexture = T(m.EmissiveTexture),
                Transmission = m.Transmission is { } t ? t with { Texture = T(t.Texture) } : null,
                Volume = m.Volume is { } v ? v with { ThicknessTexture = T(v.ThicknessTexture) } : null,
                Clearcoat = m.Clearcoat is { } c ? c with { Texture = T(c.Texture), RoughnessTexture = T(c.RoughnessTexture), NormalTexture = T(c.NormalTexture) } : null,
                Specular = m.Specular is { } s ? s with { Texture = T(s.Texture), ColorTexture = T(s.ColorTexture) } : null,
                Sheen = m.Sheen is { } sh ? sh with { ColorTexture = T(sh.ColorTexture), RoughnessTexture = T(sh.RoughnessTexture) } : null,
            },
            InstanceElement i => i with { Target = prefix + i.Target, MaterialOverride = P(i.MaterialOverride) },
            GroupElement g => g with { Children = [.. g.Children.Select(c => prefix + c)] },
            OptionsElement o => o with { EnvironmentTexture = P(o.EnvironmentTexture) },
            SceneRootElement s => s with { Roots = [.. s.Roots.Select(r => prefix + r)], Camera = P(s.Camera), Options = P(s.Options) },
            _ => element,
        };
    }
}
