using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Hosting;
using OrleansBridge.Logging;
using OrleansBridge.Storage;
using OrleansBridge.Storage.Azure;
using OrleansBridge.Storage.Http;
using OrleansBridge.Tests.Azurite;

namespace OrleansBridge.Tests.Storage;

/// <summary>Grain state in blobs against a real Azurite: ETag rules, conflicts, and an unreachable store.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobGrainStorageTests : IDisposable
{
    private const string GrainType = "session";
    private readonly string _location;
    private readonly BlobGrainStorage _storage;

    public BlobGrainStorageTests(AzuriteFixture azurite)
    {
        _location = azurite.NewLocation();
        _storage = Open(_location);
    }

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Read_OfAGrainNeverWritten_IsNull()
    {
        Assert.Null(await _storage.ReadAsync(GrainType, "nobody", default));
    }

    [Fact]
    public async Task Create_ThenRead_GivesTheBytesAndTheETag()
    {
        var etag = await _storage.WriteAsync(GrainType, "a/b c", Bytes("one"), null, default);

        var record = await _storage.ReadAsync(GrainType, "a/b c", default);

        Assert.NotNull(record);
        Assert.Equal("one", Encoding.UTF8.GetString(record.Data.Span));
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task Create_WhenTheGrainExists_Conflicts()
    {
        await _storage.WriteAsync(GrainType, "k", Bytes("first"), null, default);

        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync(GrainType, "k", Bytes("second"), null, default));

        Assert.Equal("first", Encoding.UTF8.GetString((await _storage.ReadAsync(GrainType, "k", default))!.Data.Span));
    }

    [Fact]
    public async Task Update_WithTheCurrentETag_Replaces_AndWithAStaleOne_Conflicts()
    {
        var first = await _storage.WriteAsync(GrainType, "k", Bytes("v1"), null, default);
        var second = await _storage.WriteAsync(GrainType, "k", Bytes("v2"), first, default);

        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync(GrainType, "k", Bytes("v3"), first, default));
        Assert.Equal("v2", Encoding.UTF8.GetString((await _storage.ReadAsync(GrainType, "k", default))!.Data.Span));
    }

    [Fact]
    public async Task Delete_WithAStaleETag_Conflicts_AndWithTheCurrentOne_Removes()
    {
        var first = await _storage.WriteAsync(GrainType, "k", Bytes("v1"), null, default);
        var second = await _storage.WriteAsync(GrainType, "k", Bytes("v2"), first, default);

        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.DeleteAsync(GrainType, "k", first, default));
        await _storage.DeleteAsync(GrainType, "k", second, default);

        Assert.Null(await _storage.ReadAsync(GrainType, "k", default));
    }

    [Fact]
    public async Task Update_AfterAnotherSiloDeletedTheGrain_Conflicts()
    {
        var etag = await _storage.WriteAsync(GrainType, "k", Bytes("v1"), null, default);
        await _storage.DeleteAsync(GrainType, "k", etag, default);

        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync(GrainType, "k", Bytes("v2"), etag, default));
    }

    [Fact]
    public async Task TwoSilosCreatingOneGrain_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                await _storage.WriteAsync(GrainType, "race", Bytes($"silo {i}"), null, default);
                return true;
            }
            catch (GrainStateConflictException)
            {
                return false;
            }
        });

        var won = await Task.WhenAll(attempts);

        Assert.Equal(1, won.Count(w => w));
    }

    [Fact]
    public async Task UnreachableStore_FailsWithAnIOExceptionNamingIt_AndLogsTheRetryAndTheGiveUp()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // Nothing listens there now.
        var log = new EventLog();
        using var storage = Open($"UseDevelopmentStorage=true;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;container=grains", log);

        var error = await Assert.ThrowsAsync<IOException>(() => storage.ReadAsync(GrainType, "k", default));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal([LogEvents.StorageRetry, LogEvents.StorageUnavailable], log.EventIds);
    }

    [Fact]
    public async Task WrongAccountKey_FailsWithAnIOExceptionSayingWhatToCheck()
    {
        using var storage = Open(_location.Replace(AzureBlobLocation.DevelopmentAccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<IOException>(() => storage.ReadAsync(GrainType, "k", default));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("check AccountName and AccountKey", error.Message, StringComparison.Ordinal);
    }

    private static BlobGrainStorage Open(string location, ILogger<BlobGrainStorage>? logger = null) => new(
        location,
        new StorageHttpOptions { RetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
        logger ?? NullLogger<BlobGrainStorage>.Instance);

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Records the event ids the storage logs, in order.</summary>
    private sealed class EventLog : ILogger<BlobGrainStorage>
    {
        private readonly List<int> _ids = [];

        public IReadOnlyList<int> EventIds
        {
            get
            {
                lock (_ids)
                {
                    return [.. _ids];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_ids)
            {
                _ids.Add(eventId.Id);
            }
        }
    }
}
