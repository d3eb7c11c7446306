using System.Buffers.Binary;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Applications;
using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Grains;

/// <summary>The folder grain storage as Orleans uses it: ETags, conditional writes and clears, file layout.</summary>
public sealed class FolderGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("application", "k");
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory _directory = new();
    private readonly FolderGrainStorage _storage;

    public FolderGrainStorageTests() => _storage = new FolderGrainStorage(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Write_CreateThenUpdateWithEtag_ReadsLatest()
    {
        var state = new GrainState<ApplicationRecord>(new ApplicationRecord(true, At));
        await _storage.WriteStateAsync("application", Grain, state);
        var first = state.ETag;
        state.State = new ApplicationRecord(false, At);
        await _storage.WriteStateAsync("application", Grain, state);

        var read = await ReadAsync(Grain);

        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(new ApplicationRecord(false, At), read.State);
    }

    [Fact]
    public async Task Read_WhenNothingIsStored_NoRecordAndNoEtag()
    {
        var read = await ReadAsync(Grain);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Write_CreateWhenExists_Conflict()
    {
        await _storage.WriteStateAsync("application", Grain, new GrainState<ApplicationRecord>(new ApplicationRecord(true, At)));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.WriteStateAsync("application", Grain, new GrainState<ApplicationRecord>(new ApplicationRecord(false, At))));
    }

    [Fact]
    public async Task Write_StaleEtag_ConflictAndRecordUnchanged()
    {
        var mine = new GrainState<ApplicationRecord>(new ApplicationRecord(true, At));
        await _storage.WriteStateAsync("application", Grain, mine);
        var theirs = await ReadAsync(Grain);
        theirs.State = new ApplicationRecord(false, At.AddDays(1));
        await _storage.WriteStateAsync("application", Grain, theirs);

        mine.State = new ApplicationRecord(true, At.AddDays(2));
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("application", Grain, mine));

        Assert.Equal(theirs.ETag, conflict.StoredEtag);
        Assert.Equal(theirs.State, (await ReadAsync(Grain)).State);
    }

    [Fact]
    public async Task Clear_WithEtag_RemovesAndStaleEtagConflicts()
    {
        var state = new GrainState<ApplicationRecord>(new ApplicationRecord(true, At));
        await _storage.WriteStateAsync("application", Grain, state);
        var stale = new GrainState<ApplicationRecord>(state.State) { ETag = "999", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("application", Grain, stale));

        await _storage.ClearStateAsync("application", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync(Grain)).RecordExists);
    }

    [Fact]
    public async Task Write_ConcurrentCreates_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await _storage.WriteStateAsync("application", Grain, new GrainState<ApplicationRecord>(new ApplicationRecord(i % 2 == 0, At.AddSeconds(i))));
                return true;
            }
            catch (InconsistentStateException)
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
        var grain = GrainId.Create("application", key);
        await _storage.WriteStateAsync("application", grain, new GrainState<ApplicationRecord>(new ApplicationRecord(true, At)));

        var file = Assert.Single(Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(_directory.Path, "application"), Path.GetDirectoryName(file));
        Assert.False(Path.GetFileName(file).StartsWith('.'), file);
        Assert.Equal(new ApplicationRecord(true, At), (await ReadAsync(grain)).State);
        Assert.Equal([key], await _storage.ListKeysAsync("application", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task AStateNameWithAPart_IsStoredUnderTheStateBesideTheGrainKey()
    {
        await _storage.WriteStateAsync("cache-ledger/0a", Grain, new GrainState<ApplicationRecord>(new ApplicationRecord(true, At)));

        var file = Assert.Single(Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(_directory.Path, "cache-ledger", "k~2f0a.state"), file);
        Assert.Equal(file, _storage.FileOf("cache-ledger/0a", Grain));
    }

    [Fact]
    public async Task AFileOfTheRecordFormat_ReadsWithItsGenerationAsTheEtag()
    {
        // The format on disk: an 8-byte little-endian generation, then the state's JSON.
        var file = _storage.FileOf("application", Grain);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var json = """{"isOpen":true,"changedAt":"2026-12-07T00:00:00+00:00"}"""u8;
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 41);
        json.CopyTo(bytes.AsSpan(8));
        await File.WriteAllBytesAsync(file, bytes);

        var read = await ReadAsync(Grain);

        Assert.Equal("41", read.ETag);
        Assert.Equal(new ApplicationRecord(true, At), read.State);
        await _storage.WriteStateAsync("application", Grain, read);
        Assert.Equal("42", read.ETag);
    }

    private async Task<GrainState<ApplicationRecord>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<ApplicationRecord>();
        await _storage.ReadStateAsync("application", grain, state);
        return state;
    }
}
