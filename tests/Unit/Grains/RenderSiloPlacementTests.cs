using System.Net;
using Orleans.Runtime;
using OrleansBridge.Rendering.Placement;

namespace OrleansBridge.Tests.Grains;

/// <summary>Where render and video grains may go: GPU render silos first, then any render silo, then any silo.</summary>
public sealed class RenderSiloPlacementTests
{
    private static readonly SiloAddress Session = Silo(1);
    private static readonly SiloAddress CpuRender = Silo(2);
    private static readonly SiloAddress GpuRender = Silo(3);
    private static readonly SiloAddress OpenClRender = Silo(4);

    private static readonly Dictionary<SiloAddress, Dictionary<string, string>> Metadata = new()
    {
        [Session] = new() { [SiloRoles.MetadataKey] = SiloRoles.Session },
        [CpuRender] = new() { [SiloRoles.MetadataKey] = SiloRoles.Render, [SiloRoles.DeviceKey] = "cpu" },
        [GpuRender] = new() { [SiloRoles.MetadataKey] = SiloRoles.Render, [SiloRoles.DeviceKey] = "cuda" },
        [OpenClRender] = new() { [SiloRoles.MetadataKey] = SiloRoles.Render, [SiloRoles.DeviceKey] = "opencl" },
    };

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), n);

    private static IReadOnlyCollection<SiloAddress> Filter(params SiloAddress[] candidates) =>
        RenderSiloPlacementFilterDirector.Prefer(candidates, s => Metadata[s]);

    [Fact]
    public void GpuRenderSilos_AreTheOnlyCandidatesWhileThereAreAny()
    {
        Assert.Equal([GpuRender, OpenClRender], Filter(Session, CpuRender, GpuRender, OpenClRender));
        Assert.Equal([GpuRender], Filter(Session, CpuRender, GpuRender));
    }

    [Fact]
    public void WithoutAGpu_AnyRenderSilo_AndWithoutRenderSilos_AnySilo()
    {
        Assert.Equal([CpuRender], Filter(Session, CpuRender));
        Assert.Equal([Session], Filter(Session));
    }

    [Fact]
    public void ASessionSiloThatNamesADevice_IsStillNotARenderSilo()
    {
        var odd = Silo(9);
        var metadata = new Dictionary<SiloAddress, Dictionary<string, string>>(Metadata)
        {
            [odd] = new() { [SiloRoles.MetadataKey] = SiloRoles.Session, [SiloRoles.DeviceKey] = "cuda" },
        };
        Assert.Equal([CpuRender], RenderSiloPlacementFilterDirector.Prefer([odd, CpuRender], s => metadata[s]));
    }
}
