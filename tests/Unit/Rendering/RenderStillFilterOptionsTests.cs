using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// The per-request clamps and glossy filter of <c>render.still</c>: how they read from the wire, how they
/// resolve against the renderer's defaults, and how <see cref="RenderStillLimits"/> refuses bad values.
/// </summary>
public sealed class RenderStillFilterOptionsTests
{
    private static readonly RenderingOptions Limits = new();

    private static RenderStillRequest Request(float? clampDirect = null, float? clampIndirect = null, float? filterGlossy = null) =>
        new("app", default(ContentHash), null, 64, 48, 4, null, "png", null, null, null,
            ClampDirect: clampDirect, ClampIndirect: clampIndirect, FilterGlossy: filterGlossy);

    [Fact]
    public void Parse_FieldsAbsent_AreNullAndResolveToTheRendererDefaults()
    {
        var input = JsonSerializer.Deserialize("""{"width":64,"height":48}""", RenderJobJson.Default.RenderStillInput)!;

        Assert.Equal((null, null, null), (input.ClampDirect, input.ClampIndirect, input.FilterGlossy));
        Assert.Equal(new RenderOptions().Filter, FireflyFilter.CyclesDefaults.With(input.ClampDirect, input.ClampIndirect, input.FilterGlossy));
        Assert.Equal(new FireflyFilter(0f, 10f, 1f), FireflyFilter.CyclesDefaults);
        Assert.Null(RenderStillLimits.Check(Request(), Limits));
    }

    [Fact]
    public void Parse_Zeros_TurnEachOff()
    {
        var input = JsonSerializer.Deserialize("""{"width":64,"height":48,"clampDirect":0,"clampIndirect":0,"filterGlossy":0}""", RenderJobJson.Default.RenderStillInput)!;

        Assert.Equal(FireflyFilter.None, FireflyFilter.CyclesDefaults.With(input.ClampDirect, input.ClampIndirect, input.FilterGlossy));
        Assert.Null(RenderStillLimits.Check(Request(input.ClampDirect, input.ClampIndirect, input.FilterGlossy), Limits));
    }

    [Fact]
    public void Parse_SomeGiven_OverrideOnlyThose()
    {
        var input = JsonSerializer.Deserialize("""{"width":64,"height":48,"clampIndirect":2.5,"clampDirect":40}""", RenderJobJson.Default.RenderStillInput)!;

        Assert.Equal(new FireflyFilter(40f, 2.5f, 1f), FireflyFilter.CyclesDefaults.With(input.ClampDirect, input.ClampIndirect, input.FilterGlossy));
        // Written back (to a render silo) only when given.
        var json = JsonSerializer.Serialize(input, RenderJobJson.Default.RenderStillInput);
        Assert.Contains("\"clampIndirect\":2.5", json, StringComparison.Ordinal);
        Assert.DoesNotContain("filterGlossy", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1f, null, null, "clampDirect")]
    [InlineData(null, -0.5f, null, "clampIndirect")]
    [InlineData(null, null, -2f, "filterGlossy")]
    [InlineData(null, float.NaN, null, "clampIndirect")]
    [InlineData(null, null, float.PositiveInfinity, "filterGlossy")]
    public void Check_NegativeOrNonFinite_IsInvalidArgumentNamingTheField(float? clampDirect, float? clampIndirect, float? filterGlossy, string field)
    {
        var refused = RenderStillLimits.Check(Request(clampDirect, clampIndirect, filterGlossy), Limits);

        Assert.NotNull(refused);
        Assert.Equal(ErrorCode.InvalidArgument, refused.Error);
        Assert.Contains(field, refused.Message, StringComparison.Ordinal);
    }
}
