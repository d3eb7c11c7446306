namespace OrleansBridge.Rendering.Adapter;

/// <summary>What one scene may load into a render worker's memory.</summary>
/// <param name="MaxBulkBytes">Bulk bytes (arrays and encoded images) read for one scene: bounds a render's memory.</param>
/// <param name="MaxTexturePixels">Pixels of one decoded texture: 32768² is the element's own limit, this one is the worker's.</param>
public sealed record AdapterLimits(long MaxBulkBytes = 4L << 30, long MaxTexturePixels = 1L << 26)
{
    /// <summary>The defaults: 4 GiB of bulk data, 64 Mpixel textures.</summary>
    public static AdapterLimits Default { get; } = new();
}
