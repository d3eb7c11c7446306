using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OrleansBridge.Rendering.Placement;

/// <summary>The silo metadata that says what a silo is for (Orleans silo metadata, set at start).</summary>
public static class SiloRoles
{
    /// <summary>The metadata key.</summary>
    public const string MetadataKey = "bridge.role";

    /// <summary>A silo that renders for the others (<c>--role render</c>, the GPU pool).</summary>
    public const string Render = "render";

    /// <summary>Any other silo: sessions, scenes, uploads and jobs.</summary>
    public const string Session = "session";
}

/// <summary>
/// Places a grain only on silos whose <see cref="SiloRoles.MetadataKey"/> is <see cref="SiloRoles.Render"/>;
/// a cluster without render silos places it as if unfiltered (with <c>[PreferLocalPlacement]</c>: where
/// the caller is).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RenderSiloPlacementFilterAttribute() : PlacementFilterAttribute(new RenderSiloPlacementFilterStrategy());

/// <summary>The strategy <see cref="RenderSiloPlacementFilterAttribute"/> names; it has no parameters.</summary>
public sealed class RenderSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);

/// <summary>Keeps the render silos among the candidates Orleans offers, or all of them when there is none.</summary>
internal sealed class RenderSiloPlacementFilterDirector(IServiceProvider services) : IPlacementFilterDirector
{
    private readonly ISiloMetadataCache? _metadata = services.GetService<ISiloMetadataCache>();

    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos as IReadOnlyCollection<SiloAddress> ?? [.. silos];
        if (_metadata is null)
        {
            return candidates; // silo metadata is not kept here (a test host): every silo is alike
        }

        var render = candidates.Where(IsRenderSilo).ToList();
        return render.Count > 0 ? render : candidates;
    }

    private bool IsRenderSilo(SiloAddress silo) =>
        _metadata!.GetSiloMetadata(silo).Metadata.TryGetValue(SiloRoles.MetadataKey, out var role) && role == SiloRoles.Render;
}
