using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansBridge.Jobs;

namespace OrleansBridge.Tests.Jobs;

public sealed class JobCatalogTests
{
    private sealed class NamedJob(string name) : IJob
    {
        public string Name => name;

        public string Id => $"tests.{name}/1";

        public ValueTask<JobResult> RunAsync(JobContext context, JsonElement input) => ValueTask.FromResult(JobResult.Ok(input));
    }

    private static JobCatalog Catalog(IEnumerable<IJob> jobs, string? pluginFolder = null) =>
        new(jobs, Options.Create(new JobOptions { PluginFolder = pluginFolder }), NullLogger<JobCatalog>.Instance);

    [Fact]
    public void Create_TwoJobsWithOneName_ThrowsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog([new NamedJob("a"), new NamedJob("a")]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_RegisteredJobs_FoundByNameAndListedSorted()
    {
        var catalog = Catalog([new NamedJob("b"), new NamedJob("a")]);

        Assert.True(catalog.TryGet("b", out var job));
        Assert.Equal("tests.b/1", job.Id);
        Assert.False(catalog.TryGet("c", out _));
        Assert.Equal(["a", "b"], catalog.Names);
    }

    [Fact]
    public void Create_PluginFolderMissing_ThrowsNamingTheSetting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-plugins-{Guid.NewGuid():N}");

        var error = Assert.Throws<InvalidOperationException>(() => Catalog([], missing));

        Assert.Contains("Bridge:Jobs:PluginFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PluginFolderWithNonAssembly_SkipsIt()
    {
        using var folder = new TestDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "notes.dll"), "not an assembly");

        var catalog = Catalog([new NamedJob("a")], folder.Path);

        Assert.Equal(["a"], catalog.Names);
    }
}
