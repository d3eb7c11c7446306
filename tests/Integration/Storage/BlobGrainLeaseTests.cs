using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Hosting;
using OrleansBridge.Storage;
using OrleansBridge.Storage.Http;
using OrleansBridge.Tests.Azurite;

namespace OrleansBridge.Tests.Storage;

/// <summary>Leases on grain records against a real Azurite: one owner, fenced writes, break and takeover.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobGrainLeaseTests : IDisposable
{
    private const string GrainType = "session";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private readonly BlobGrainStorage _storage;
    private readonly IGrainLeases _leases;

    public BlobGrainLeaseTests(AzuriteFixture azurite)
    {
        _storage = new BlobGrainStorage(azurite.NewLocation(), new StorageHttpOptions(), NullLogger<BlobGrainStorage>.Instance);
        _leases = _storage;
    }

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Lease_OfAMissingRecord_IsNotFound()
    {
        await _storage.WriteAsync(GrainType, "other", Bytes("x"), null, default); // the container exists

        Assert.Equal(LeaseStatus.NotFound, await _leases.AcquireLeaseAsync(GrainType, "nobody", Id(), Duration, default));
    }

    [Fact]
    public async Task Leased_WritesWithTheLease_Succeed_AndWithoutIt_Conflict()
    {
        var etag = await _storage.WriteAsync(GrainType, "k", Bytes("v1"), null, default);
        var lease = Id();
        Assert.Equal(LeaseStatus.Ok, await _leases.AcquireLeaseAsync(GrainType, "k", lease, Duration, default));

        var leased = await _leases.WriteAsync(GrainType, "k", Bytes("v2"), etag, lease, default);
        await Assert.ThrowsAsync<GrainStateConflictException>(() => _storage.WriteAsync(GrainType, "k", Bytes("v3"), leased, default));
        await Assert.ThrowsAsync<GrainStateConflictException>(() => _leases.WriteAsync(GrainType, "k", Bytes("v3"), leased, Id(), default));

        Assert.Equal("v2", Encoding.UTF8.GetString((await _storage.ReadAsync(GrainType, "k", default))!.Data.Span));
        Assert.Equal(LeaseStatus.Ok, await _leases.RenewLeaseAsync(GrainType, "k", lease, default));
    }

    [Fact]
    public async Task Takeover_ByBreakAndAcquire_FencesTheOldOwner_WhoseRenewIsLostAndWhoseWriteConflicts()
    {
        var etag = await _storage.WriteAsync(GrainType, "k", Bytes("a"), null, default);
        var first = Id();
        var second = Id();
        Assert.Equal(LeaseStatus.Ok, await _leases.AcquireLeaseAsync(GrainType, "k", first, Duration, default));
        Assert.Equal(LeaseStatus.HeldByAnother, await _leases.AcquireLeaseAsync(GrainType, "k", second, Duration, default));

        Assert.Equal(LeaseStatus.Ok, await _leases.BreakLeaseAsync(GrainType, "k", TimeSpan.Zero, default));
        Assert.Equal(LeaseStatus.Ok, await _leases.AcquireLeaseAsync(GrainType, "k", second, Duration, default));

        // The old owner's ETag still matches: only the lease stops it.
        await Assert.ThrowsAsync<GrainStateConflictException>(() => _leases.WriteAsync(GrainType, "k", Bytes("old"), etag, first, default));
        Assert.Equal(LeaseStatus.Lost, await _leases.RenewLeaseAsync(GrainType, "k", first, default));
        var written = await _leases.WriteAsync(GrainType, "k", Bytes("new"), etag, second, default);
        Assert.NotEqual(etag, written);
    }

    [Fact]
    public async Task Release_LetsAnotherOwnerAcquireAtOnce_AndDeleteUnderTheLeaseRemovesTheRecord()
    {
        await _storage.WriteAsync(GrainType, "k", Bytes("a"), null, default);
        var first = Id();
        var second = Id();
        Assert.Equal(LeaseStatus.Ok, await _leases.AcquireLeaseAsync(GrainType, "k", first, Duration, default));

        Assert.Equal(LeaseStatus.Ok, await _leases.ReleaseLeaseAsync(GrainType, "k", first, default));
        Assert.Equal(LeaseStatus.Ok, await _leases.AcquireLeaseAsync(GrainType, "k", second, Duration, default));
        var record = await _storage.ReadAsync(GrainType, "k", default);
        await _leases.DeleteAsync(GrainType, "k", record!.Etag, second, default);

        Assert.Null(await _storage.ReadAsync(GrainType, "k", default));
    }

    private static string Id() => Guid.NewGuid().ToString();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
