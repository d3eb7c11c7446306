using System.Numerics;
using OrleansBridge.Rendering.Acceleration;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Shading;

/// <summary>
/// The any-hit filter of alpha-masked and alpha-blended materials: alpha = base-colour factor alpha ×
/// base-colour texture alpha at the hit's texture coordinate. Mask keeps hits with alpha ≥ cutoff;
/// Blend keeps a hit with probability alpha, decided by a hash of the ray and the triangle so that the
/// same ray always makes the same decision (deterministic images).
/// </summary>
internal readonly struct AlphaFilter : IHitFilter
{
    private readonly MeshData _mesh;
    private readonly TextureData? _texture;
    private readonly TextureSlot _slot;
    private readonly float _alphaFactor;
    private readonly float _cutoff;
    private readonly bool _blend;
    private readonly ulong _rayKey;

    /// <summary>The filter for hits on <paramref name="mesh"/> shaded with <paramref name="material"/>.</summary>
    public AlphaFilter(MeshData mesh, in MaterialRecord material, TextureData? baseColorTexture, ulong rayKey)
    {
        _mesh = mesh;
        _texture = mesh.TexCoords is null ? null : baseColorTexture;
        _slot = material.BaseColorTexture;
        _alphaFactor = material.BaseColorFactor.W;
        _cutoff = material.AlphaCutoff;
        _blend = material.AlphaMode == AlphaMode.Blend;
        _rayKey = rayKey;
    }

    /// <inheritdoc />
    public bool Accept(int primitive, float b1, float b2)
    {
        var alpha = _alphaFactor;
        if (_texture is not null)
        {
            var uvs = _mesh.TexCoords!;
            var indices = _mesh.Indices;
            var uv = ((1f - b1 - b2) * uvs[indices[3 * primitive]]) + (b1 * uvs[indices[(3 * primitive) + 1]]) + (b2 * uvs[indices[(3 * primitive) + 2]]);
            alpha *= TextureLookup.Sample(_texture, _slot.Map(uv), srgb: false).W;
        }

        if (!_blend)
        {
            return alpha >= _cutoff;
        }

        var u = (SampleStream.Mix(_rayKey ^ (ulong)(uint)primitive) >> 40) * (1f / 16777216f);
        return u < alpha;
    }

    /// <summary>A key identifying a ray (and instance) for the stochastic Blend decision.</summary>
    public static ulong RayKey(Vector3 origin, Vector3 direction, int instance)
    {
        var a = ((ulong)BitConverter.SingleToUInt32Bits(origin.X) << 32) | BitConverter.SingleToUInt32Bits(origin.Y);
        var b = ((ulong)BitConverter.SingleToUInt32Bits(origin.Z) << 32) | BitConverter.SingleToUInt32Bits(direction.X);
        var c = ((ulong)BitConverter.SingleToUInt32Bits(direction.Y) << 32) | BitConverter.SingleToUInt32Bits(direction.Z);
        return SampleStream.Mix(SampleStream.Mix(SampleStream.Mix(a) ^ b) ^ c) + (ulong)(uint)instance;
    }
}
