using OrleansBridge.Hosting;
using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Grains;

public sealed class FolderGrainStorageTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly FolderGrainStorage _storage;

    public FolderGrainStorageTests() => _storage = new FolderGrainStorage(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Write_CreateThenUpdateWithEtag_ReadsLatest()
    {
        var first = await _storage.WriteAsync("session", "k", "one"u8.ToArray(), etag: null, CancellationToken.None);
        var second = await _storage.WriteAsync("session", "k", "two"u8.ToArray(), first, CancellationToken.None);

        var record = await _storage.ReadAsync("session", "k", CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(second, record!.Etag);
        Assert.Equal("two"u8.ToArray(), record.Data.ToArray());
    }

    [Fact]
    public async Task Write_CreateWhenExists_Conflict()
    {
        await _storage.WriteAsync("session", "k", "one"u8.ToArray(), null, CancellationToken.None);

        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync("session", "k", "two"u8.ToArray(), null, CancellationToken.None));
    }

    [Fact]
    public async Task Write_StaleEtag_ConflictAndRecordUnchanged()
    {
        var first = await _storage.WriteAsync("session", "k", "one"u8.ToArray(), null, CancellationToken.None);
        await _storage.WriteAsync("session", "k", "two"u8.ToArray(), first, CancellationToken.None);

        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync("session", "k", "three"u8.ToArray(), first, CancellationToken.None));

        Assert.Equal("two"u8.ToArray(), (await _storage.ReadAsync("session", "k", CancellationToken.None))!.Data.ToArray());
    }

    [Fact]
    public async Task Delete_WithEtag_RemovesAndStaleEtagConflicts()
    {
        var etag = await _storage.WriteAsync("session", "k", "one"u8.ToArray(), null, CancellationToken.None);
        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.DeleteAsync("session", "k", "999", CancellationToken.None));

        await _storage.DeleteAsync("session", "k", etag, CancellationToken.None);

        Assert.Null(await _storage.ReadAsync("session", "k", CancellationToken.None));
    }

    [Fact]
    public async Task Write_ConcurrentCreates_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await _storage.WriteAsync("session", "race", new byte[] { (byte)i }, null, CancellationToken.None);
                return true;
            }
            catch (GrainStateConflictException)
            {
                return false;
            }
        }));

        Assert.Single(await Task.WhenAll(attempts), won => won);
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b\\c")]
    [InlineData(".hidden")]
    [InlineData("UPPER")]
    public async Task Keys_WithSeparatorsOrDots_StayInsideTheRoot(string key)
    {
        await _storage.WriteAsync("session", key, "x"u8.ToArray(), null, CancellationToken.None);

        var files = Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).ToList();
        var file = Assert.Single(files);
        Assert.Equal(Path.Combine(_directory.Path, "session"), Path.GetDirectoryName(file));
        Assert.False(Path.GetFileName(file).StartsWith('.'), file);
        Assert.Equal("x"u8.ToArray(), (await _storage.ReadAsync("session", key, CancellationToken.None))!.Data.ToArray());
    }
}
