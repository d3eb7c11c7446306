using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Applications;
using OrleansBridge.Logging;
using OrleansBridge.Storage;
using OrleansBridge.Storage.Azure;
using OrleansBridge.Storage.Http;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.ScaleOut;

namespace OrleansBridge.Tests.Storage;

/// <summary>
/// Grain state in Azure blobs against a real Azurite, as a silo configures it: Orleans'
/// <c>AzureBlobGrainStorage</c> with the product's client and serializer (ETag rules, conflicts, the
/// record's JSON), the listing of the session sweep, and an unreachable store.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureGrainStateTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheSilosProvider_WritesConditionally_AndRefusesStaleETags()
    {
        await using var server = await BridgeTestServer.StartAsync(SharedStorage.Settings(azurite.Azurite));
        var storage = server.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.ProviderName);
        var grain = GrainId.Create("application", "t" + Guid.NewGuid().ToString("N"));

        var mine = new GrainState<ApplicationRecord>(new ApplicationRecord(true, At));
        await storage.WriteStateAsync("probe", grain, mine);
        var theirs = new GrainState<ApplicationRecord>();
        await storage.ReadStateAsync("probe", grain, theirs);
        theirs.State = new ApplicationRecord(false, At.AddDays(1));
        await storage.WriteStateAsync("probe", grain, theirs);

        mine.State = new ApplicationRecord(true, At.AddDays(2));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("probe", grain, new GrainState<ApplicationRecord>(new ApplicationRecord(true, At)))); // a create when it exists
        var read = new GrainState<ApplicationRecord>();
        await storage.ReadStateAsync("probe", grain, read);
        Assert.Equal(theirs.State, read.State);
        Assert.Equal(theirs.ETag, read.ETag);

        await storage.ClearStateAsync("probe", grain, read);
        var cleared = new GrainState<ApplicationRecord>();
        await storage.ReadStateAsync("probe", grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    [Fact]
    public async Task ASessionsRecord_IsOneJsonBlobOfTheContainer_ListedByItsKey()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        await using var server = await BridgeTestServer.StartAsync(settings);
        await using var client = await RawClient.ConnectAsync(server.Url);
        var sessionId = (await client.WelcomeAsync(RawClient.NewHello())).SessionId;

        var container = server.Services.GetRequiredService<AzureGrainStateContainer>();
        Assert.Contains(sessionId, await container.ListKeysAsync("session", CancellationToken.None).ToListAsync());

        var blobs = new BlobContainerClient(AzureConnection(settings), container.Name, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
        var blob = await blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = "session-" }).SingleAsync(b => b.Name.EndsWith("/" + sessionId + ".json", StringComparison.Ordinal));
        var json = (await blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
        using var record = JsonDocument.Parse(json);
        Assert.Equal("bridge", record.RootElement.GetProperty("application").GetString()); // the product's camelCase JSON, not Orleans' binary format
    }

    [Fact]
    public async Task UnreachableStore_FailsWithAnIOExceptionNamingIt_AndLogsTheRetryAndTheGiveUp()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // Nothing listens there now.
        var log = new EventLog();
        using var container = new AzureGrainStateContainer(
            $"UseDevelopmentStorage=true;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;container=grains",
            log,
            new StorageHttpOptions { RetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<IOException>(async () => await container.ListKeysAsync("session", CancellationToken.None).ToListAsync());

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
        Assert.Equal([LogEvents.StorageRetry, LogEvents.StorageUnavailable], log.EventIds);
    }

    private static string AzureConnection(Dictionary<string, string?> settings) =>
        StorageAccount.ConnectionStringOf(settings["Bridge:Grains:Storage"]!, out var error) ?? throw new InvalidOperationException(error);

    /// <summary>Records the event ids the storage logs, in order.</summary>
    private sealed class EventLog : ILogger<AzureGrainStateContainer>
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
