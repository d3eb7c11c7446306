using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>The conformance suite on the <c>path:</c> backend, and what is particular to folders.</summary>
public sealed class FolderContentCacheTests : ContentCacheConformanceTests
{
    private readonly TestDirectory _directory = new();

    private static ContentCacheOptions Options => new() { MaxEntryBytes = MaxEntryBytes };

    protected override Task<IContentCache> CreateCacheAsync() => Task.FromResult<IContentCache>(Open());

    protected override Task<IContentCache> OpenSecondInstanceAsync() => Task.FromResult<IContentCache>(Open());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Put_StoresUnderTwoLevelsOfShards()
    {
        var data = Data(50, seed: 40);
        var hash = await PutOkAsync(data);
        var name = hash.ToString();

        var path = Path.Combine(_directory.Path, name[..2], name[2..4], name);

        Assert.True(File.Exists(path), $"expected the entry at {path}");
        Assert.Equal(data, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory.Path, FolderContentCache.TemporaryFolder)));
    }

    [Fact]
    public async Task TemporaryFiles_AreNeverReadOrListed_AndStaleOnesAreRemoved()
    {
        var data = Data(50, seed: 41);
        var hash = ContentHash.Compute(data);
        var temp = Path.Combine(_directory.Path, FolderContentCache.TemporaryFolder, $"{hash}.0123.tmp");
        await File.WriteAllBytesAsync(temp, data[..10]); // What a writer killed mid-entry leaves.

        Assert.Equal(Protocol.ErrorCode.CacheEntryNotFound, (await Cache.GetInfoAsync(hash, default)).Error);
        Assert.Empty(await ListAllAsync(Cache, pageSize: 10));

        var fresh = Open(); // Opening removes only temporary files older than StaleTemporaryFileAge.
        Assert.True(File.Exists(temp), "a fresh temporary file may belong to a live writer and must stay");
        Assert.Equal(1, fresh.RemoveStaleTemporaryFiles(TimeSpan.Zero));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public async Task RemoveStaleTemporaryFiles_LeavesAFileALiveWriterHolds()
    {
        var temp = Path.Combine(_directory.Path, FolderContentCache.TemporaryFolder, "held.tmp");
        await using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            Assert.Equal(0, Open().RemoveStaleTemporaryFiles(TimeSpan.Zero));
            Assert.True(File.Exists(temp));
        }

        Assert.Equal(1, Open().RemoveStaleTemporaryFiles(TimeSpan.Zero));
    }

    [Fact]
    public async Task StrayFiles_InShardFolders_AreNotListed()
    {
        var hash = await PutOkAsync(Data(50, seed: 42));
        var name = hash.ToString();
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, name[..2], name[2..4], "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_directory.Path, "zz"));

        var listed = Assert.Single(await ListAllAsync(Cache, pageSize: 10));
        Assert.Equal(hash, listed.Hash);
    }

    private FolderContentCache Open() => new(_directory.Path, Options, TimeProvider.System, NullLogger<FolderContentCache>.Instance);
}
