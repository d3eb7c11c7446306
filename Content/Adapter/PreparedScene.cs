using OrleansBridge.Cache;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>A committed scene ready to render: its manifest hash, the adapted description and the built <see cref="RenderScene"/>.</summary>
/// <param name="Manifest">The manifest hash it was built from (the cache key).</param>
/// <param name="Adapted">Description, cameras, display settings.</param>
/// <param name="Scene">The renderer's scene (BVHs, lights).</param>
/// <param name="BuildTime">Adapting and building took this long.</param>
public sealed record PreparedScene(ContentHash Manifest, AdaptedScene Adapted, RenderScene Scene, TimeSpan BuildTime);
