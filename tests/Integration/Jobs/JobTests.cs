using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Jobs;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Jobs;

/// <summary>Jobs over the real WebSocket with the real SDK: progress, results, cancellation, bounds, plugins, scene.stats.</summary>
public sealed class JobTests : IDisposable
{
    private readonly TestDirectory _plugins = new();

    public JobTests()
    {
        // The sample plugin, built by the solution and copied beside the tests (Integration.csproj), goes into a fresh plugin folder.
        var built = Path.Combine(AppContext.BaseDirectory, "SamplePlugin", "OrleansBridge.Tests.SamplePlugin.dll");
        Assert.True(File.Exists(built), $"The sample plugin was not built to {built}.");
        File.Copy(built, Path.Combine(_plugins.Path, Path.GetFileName(built)));
    }

    public void Dispose() => _plugins.Dispose();

    private Task<BridgeTestServer> StartAsync(BlockingJob? blocking = null) =>
        BridgeTestServer.StartAsync(
            new Dictionary<string, string?> { ["Bridge:Jobs:PluginFolder"] = _plugins.Path },
            services =>
            {
                if (blocking is not null)
                {
                    services.AddSingleton<IJob>(blocking);
                }
            });

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    /// <summary>Collects the job events of a session, for tests that drive job.submit and job.cancel by hand.</summary>
    private static Channel<(string Name, JsonElement Data)> JobEvents(BridgeSession session)
    {
        var events = Channel.CreateUnbounded<(string, JsonElement)>();
        session.EventReceived += (name, data) =>
        {
            if (name.StartsWith("job.", StringComparison.Ordinal))
            {
                events.Writer.TryWrite((name, data.Clone()));
            }
        };
        return events;
    }

    private static async Task<(string Name, JsonElement Data)> NextAsync(Channel<(string Name, JsonElement Data)> events, string jobId, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await events.Reader.ReadAsync(timeout.Token);
            if (next.Name == name && next.Data.GetProperty("jobId").GetString() == jobId)
            {
                return next;
            }
        }
    }

    private static async Task<string> SubmitAsync(BridgeSession session, string job, string input)
    {
        var response = await session.SendAsync("job.submit", Json($$"""{"job":"{{job}}","input":{{input}}}"""));
        Assert.True(response.IsSuccess, $"{response.Error} {response.Message}");
        return response.Result.GetProperty("jobId").GetString()!;
    }

    [Fact]
    public async Task RunJob_PluginWithSteps_ReportsProgressInOrderThenResult()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var reports = new List<JobProgress>();
        var progress = new SyncReporter<JobProgress>(reports.Add);

        var result = await session.RunJobAsync("sample.countdown", Json("""{"steps":3,"name":"jobs"}"""), progress);

        Assert.Equal("hello jobs", result.GetProperty("greeting").GetString());
        Assert.Equal([1 / 3.0, 2 / 3.0, 1.0], reports.Select(r => r.Progress), new DoubleTolerance(1e-9));
        Assert.Equal("step 3 of 3", reports[^1].Message);
    }

    [Fact]
    public async Task Cancel_PluginWaitingOnItsToken_JobFailsWithCancelled()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var events = JobEvents(session);
        var jobId = await SubmitAsync(session, "sample.countdown", """{"steps":1,"waitMs":-1}""");
        await NextAsync(events, jobId, JobEventNames.Progress); // It is running and now waits.

        Assert.True((await session.SendAsync("job.cancel", Json($$"""{"jobId":"{{jobId}}"}"""))).IsSuccess);

        var (_, failed) = await NextAsync(events, jobId, JobEventNames.Failed);
        Assert.Equal((int)ErrorCode.Cancelled, failed.GetProperty("code").GetInt32());
        Assert.Equal(ErrorCode.JobNotFound, (await session.SendAsync("job.cancel", Json($$"""{"jobId":"{{jobId}}"}"""))).Error);
    }

    [Fact]
    public async Task RunJobAsync_TokenCancelledMidway_ThrowsAndServerCancelsTheJob()
    {
        var blocking = new BlockingJob();
        await using var server = await StartAsync(blocking);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        using var cancel = new CancellationTokenSource();
        var run = session.RunJobAsync("test.block", default, null, cancel.Token);
        await blocking.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await blocking.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunJobAsync_TokenCancelledBeforeOrDuringTheSubmit_NoJobRunsOn()
    {
        var blocking = new BlockingJob();
        await using var server = await StartAsync(blocking);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        // Cancelled before the call: nothing is submitted.
        using var before = new CancellationTokenSource();
        await before.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.RunJobAsync("test.block", default, null, before.Token));

        // Cancelled while job.submit is on its way: the cancel goes out once the id is known.
        using var during = new CancellationTokenSource();
        var run = session.RunJobAsync("test.block", default, null, during.Token);
        await during.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await blocking.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, blocking.Runs);
    }

    [Fact]
    public async Task RunJob_JobReturnsError_ThrowsWithItsCode()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var error = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RunJobAsync("sample.countdown", Json("""{"steps":-1}""")));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("steps must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownJobAndOneOverTheBound_RefusedWithTheirCodes()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        Assert.Equal(ErrorCode.JobUnknown, (await session.SendAsync("job.submit", Json("""{"job":"no.such"}"""))).Error);
        for (var i = 0; i < JobRunner.MaxJobsPerSession; i++)
        {
            await SubmitAsync(session, "sample.countdown", """{"steps":0,"waitMs":-1}""");
        }

        var refused = await session.SendAsync("job.submit", Json("""{"job":"sample.countdown","input":{"steps":0,"waitMs":-1}}"""));

        Assert.Equal(ErrorCode.JobTooMany, refused.Error);
        await using var other = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        Assert.Equal("hello world", (await other.RunJobAsync("sample.countdown", Json("{}"))).GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task CloseSession_JobRunning_JobIsCancelled()
    {
        var blocking = new BlockingJob();
        await using var server = await StartAsync(blocking);
        var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await SubmitAsync(session, "test.block", "null");
        await blocking.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await session.CloseAsync();
        await session.DisposeAsync();

        await blocking.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SceneStats_CommittedTriangle_CountsKindsTrianglesBytesAndBounds()
    {
        await using var server = await StartAsync();
        var positions = new float[] { -1, 0, 2, 3, 4, 5, 0, -6, 1 };
        var bytes = new byte[positions.Length * 4];
        Buffer.BlockCopy(positions, 0, bytes, 0, bytes.Length); // Little-endian hosts, as everywhere these tests run.
        var hash = await StoreBulkAsync(server, bytes);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var tx = (await session.RequestAsync("scene.begin", default)).GetProperty("transaction").GetString();
        await session.RequestAsync("scene.put", Json($$"""
            {"transaction":"{{tx}}","elements":{
              "tri": {"type":"mesh","positions":"{{hash}}","vertexCount":3,"material":"mat"},
              "mat": {"type":"material"},
              "i-tri": {"type":"instance","target":"tri"},
              "scene": {"type":"scene","roots":["i-tri"]} } }
            """));
        await session.RequestAsync("scene.commit", Json($$"""{"transaction":"{{tx}}"}"""));

        var stats = await session.RunJobAsync("scene.stats", default);

        Assert.Equal(1, stats.GetProperty("version").GetInt64());
        Assert.Equal(4, stats.GetProperty("elements").GetInt32());
        Assert.Equal(1, stats.GetProperty("byKind").GetProperty("mesh").GetInt32());
        Assert.Equal(1, stats.GetProperty("triangles").GetInt64());
        Assert.Equal(36, stats.GetProperty("bulkBytes").GetInt64());
        Assert.Equal([-1f, -6f, 1f], stats.GetProperty("bounds").GetProperty("min").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal([3f, 4f, 5f], stats.GetProperty("bounds").GetProperty("max").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task BandwidthTest_SmallDownload_PartialsCarryAllBytes()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        long received = 0;
        var progress = new SyncReporter<JobProgress>(p => received += Convert.FromBase64String(p.Partial!.Value.GetString()!).Length);

        var result = await session.RunJobAsync("bandwidth.test", Json("""{"downloadBytes":100000,"chunkBytes":30000,"upload":"AAECAw=="}"""), progress);

        Assert.Equal(100_000, received);
        Assert.Equal(4, result.GetProperty("chunks").GetInt32());
        Assert.Equal(4, result.GetProperty("uploadBytes").GetInt32());
    }

    [Fact]
    public async Task CliStats_NewSession_PrintsEmptySceneStatsAsJson()
    {
        await using var server = await StartAsync();

        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stats", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var stats = Json(stdout);
        Assert.Equal(0, stats.GetProperty("elements").GetInt32());
        Assert.Equal(0, stats.GetProperty("triangles").GetInt64());
    }

    private static async Task<ContentHash> StoreBulkAsync(BridgeTestServer server, byte[] bytes)
    {
        var catalog = server.Services.GetRequiredService<IApplicationCatalog>();
        Assert.True(catalog.TryGet("bridge", out var application));
        var cache = server.Services.GetRequiredService<IContentCacheFactory>().GetCache(application.Cache);
        var hash = ContentHash.Compute(bytes);
        Assert.True((await cache.PutAsync(hash, new MemoryStream(bytes), CancellationToken.None)).Succeeded);
        return hash;
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool, which would race the assertions.</summary>
    private sealed class SyncReporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
