using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Tools.CacheWriter;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Crash safety of the <c>path:</c> backend: a child process writing 200 entries is killed with
/// SIGKILL mid-way; afterwards every visible entry is whole and matches its hash, and what the killed
/// writer left is ignored, cleaned up, and does not stop the entries from being written again.
/// </summary>
public sealed class CacheWriterCrashTests
{
    private const int Count = 200;
    private const int EntryBytes = 256 << 10;
    private const int Seed = 7;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task WriterKilledHalfwayThroughAnEntry_LeavesOnlyWholeVerifiedEntries()
    {
        using var directory = new TestDirectory();
        const int pauseAt = 60;
        using (var writer = await StartWriterAsync(directory.Path, pauseAt, untilLine: "paused"))
        {
            writer.Kill(); // SIGKILL: no finally blocks, no flushes.
            await writer.WaitForExitAsync();
        }

        var cache = Open(directory.Path);
        var visible = await AssertEveryVisibleEntryIsWholeAsync(cache);
        Assert.Equal(pauseAt, visible.Count);
        Assert.DoesNotContain(HashOf(pauseAt), visible);
        Assert.Single(TemporaryFiles(directory.Path)); // The torn entry, invisible.

        Assert.Equal(1, cache.RemoveStaleTemporaryFiles(TimeSpan.Zero));
        Assert.Empty(TemporaryFiles(directory.Path));
        await AssertAllCanBeWrittenAgainAsync(cache);
    }

    [Fact]
    public async Task WriterKilledAtAnArbitraryPoint_LeavesOnlyWholeVerifiedEntries()
    {
        using var directory = new TestDirectory();
        using (var writer = await StartWriterAsync(directory.Path, pauseAt: -1, untilLine: "stored 30"))
        {
            writer.Kill();
            await writer.WaitForExitAsync();
        }

        var cache = Open(directory.Path);
        var visible = await AssertEveryVisibleEntryIsWholeAsync(cache);
        Assert.True(visible.Count >= 31, $"the writer reported 31 entries stored but {visible.Count} are visible");
        var left = TemporaryFiles(directory.Path).Length;
        Assert.True(left <= 1, "a single writer leaves at most one temporary file");
        Assert.Equal(left, cache.RemoveStaleTemporaryFiles(TimeSpan.Zero));
        Assert.Empty(TemporaryFiles(directory.Path));
        await AssertAllCanBeWrittenAgainAsync(cache);
    }

    /// <summary>Lists the cache, reads every entry and checks it against its key; returns the keys.</summary>
    private static async Task<HashSet<ContentHash>> AssertEveryVisibleEntryIsWholeAsync(FolderContentCache cache)
    {
        var expected = Enumerable.Range(0, Count).Select(HashOf).ToHashSet();
        var visible = new HashSet<ContentHash>();
        foreach (var entry in await ContentCacheConformanceTests.ListAllAsync(cache, pageSize: 50))
        {
            var bytes = await ContentCacheConformanceTests.ReadAllAsync(cache, entry.Hash);
            Assert.True(bytes.Length == EntryBytes, $"entry {entry.Hash} has {bytes.Length} bytes, not {EntryBytes}");
            Assert.Equal(entry.Hash, ContentHash.Compute(bytes));
            Assert.Contains(entry.Hash, expected);
            visible.Add(entry.Hash);
        }

        return visible;
    }

    private static async Task AssertAllCanBeWrittenAgainAsync(FolderContentCache cache)
    {
        for (var i = 0; i < Count; i++)
        {
            var content = Entries.Content(Seed, i, EntryBytes);
            var put = await cache.PutAsync(ContentHash.Compute(content), new MemoryStream(content), default);
            Assert.True(put.Succeeded, $"entry {i}: {put}");
        }

        Assert.Equal(Count, (await AssertEveryVisibleEntryIsWholeAsync(cache)).Count);
    }

    /// <summary>Starts the CacheWriter tool and returns once it has printed <paramref name="untilLine"/>.</summary>
    private static async Task<Process> StartWriterAsync(string cacheFolder, int pauseAt, string untilLine)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "OrleansBridge.Tools.CacheWriter.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", tool, cacheFolder, $"{Count}", $"{EntryBytes}", $"{Seed}", $"{pauseAt}" })
        {
            start.ArgumentList.Add(argument);
        }

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == untilLine)
            {
                reached.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.Exited += (_, _) => reached.TrySetException(new InvalidOperationException($"CacheWriter exited before '{untilLine}': {errors}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await reached.Task.WaitAsync(ChildTimeout);
        return process;
    }

    private static ContentHash HashOf(int index) => ContentHash.Compute(Entries.Content(Seed, index, EntryBytes));

    private static string[] TemporaryFiles(string root) => Directory.GetFiles(Path.Combine(root, FolderContentCache.TemporaryFolder));

    private static FolderContentCache Open(string root) =>
        new(root, new ContentCacheOptions(), TimeProvider.System, NullLogger<FolderContentCache>.Instance);
}
