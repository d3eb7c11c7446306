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

    /// <summary>The metadata key of a render silo's render device: cpu, cuda, opencl or ilgpu-cpu (<c>Bridge:Rendering:Device</c> as chosen).</summary>
    public const string DeviceKey = "bridge.device";

    /// <summary>True for a device that is a GPU.</summary>
    public static bool IsGpu(string? device) => device is "cuda" or "opencl";
}

/// <summary>
/// Places a grain only on silos whose <see cref="SiloRoles.MetadataKey"/> is <see cref="SiloRoles.Render"/>,
/// and among those only on GPU ones (<see cref="SiloRoles.DeviceKey"/>) while there are any; a cluster
/// without render silos places it as if unfiltered (with <c>[PreferLocalPlacement]</c>: where the caller is).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RenderSiloPlacementFilterAttribute() : PlacementFilterAttribute(new RenderSiloPlacementFilterStrategy());

/// <summary>The strategy <see cref="RenderSiloPlacementFilterAttribute"/> names; it has no parameters.</summary>
public sealed class RenderSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);

/// <summary>Keeps the GPU render silos among the candidates Orleans offers, else the render silos, else all of them.</summary>
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

        return Prefer(candidates, silo => _metadata.GetSiloMetadata(silo).Metadata);
    }

    /// <summary>The filter over each candidate's metadata (<paramref name="metadataOf"/>).</summary>
    internal static IReadOnlyCollection<SiloAddress> Prefer(IReadOnlyCollection<SiloAddress> candidates, Func<SiloAddress, IReadOnlyDictionary<string, string>> metadataOf)
    {
        var render = candidates.Where(s => metadataOf(s).GetValueOrDefault(SiloRoles.MetadataKey) == SiloRoles.Render).ToList();
        if (render.Count == 0)
        {
            return candidates;
        }

        var gpu = render.Where(s => SiloRoles.IsGpu(metadataOf(s).GetValueOrDefault(SiloRoles.DeviceKey))).ToList();
        return gpu.Count > 0 ? gpu : render;
    }
}
