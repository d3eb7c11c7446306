using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Cache;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Two silos' ledger activations of one cache, over one grain storage, changing it at the same time:
/// each charges uploads and pins snapshot entries of its own, both charge one shared entry, and each
/// then removes some of its own pins. Every write after the other silo's is refused (ETag) and retried.
/// </summary>
internal static class LedgerInterleaving
{
    private const int PerSilo = 12;
    private const string Tenant = "default";

    public static ICacheLedgerGrain LedgerOf(BridgeTestServer server) =>
        server.Grains.GetGrain<ICacheLedgerGrain>(server.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id);

    /// <summary>Runs both silos' changes concurrently and checks that each silo sees all of them, once.</summary>
    public static async Task RunAndAssertAsync(BridgeTestServer a, BridgeTestServer b)
    {
        var (ledgerA, ledgerB) = (LedgerOf(a), LedgerOf(b));
        Assert.Equal(
            a.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id,
            b.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id); // one cache, one ledger record
        var shared = Hash("shared");

        await Task.WhenAll(ChangeAsync(ledgerA, "a", shared), ChangeAsync(ledgerB, "b", shared));

        var expectedBytes = 1_000 + (2 * Enumerable.Range(0, PerSilo).Sum(Length)); // the shared entry counts once
        var expectedPins = new[] { "a", "b" }
            .SelectMany(silo => Enumerable.Range(0, PerSilo).Where(i => i % 3 != 0).Select(i => Hash($"{silo}-{i}")))
            .ToHashSet();
        foreach (var ledger in new[] { ledgerA, ledgerB })
        {
            var status = await ledger.GetStatusAsync();
            Assert.Equal(expectedBytes, status.TenantBytes[Tenant]);
            Assert.Equal(expectedPins.Order(), status.Pinned.Order());
            Assert.Equal(2, status.Owners); // the two snapshots; the upload sessions were released
            Assert.Equal(0, status.ReservedBytes);
        }
    }

    private static async Task ChangeAsync(ICacheLedgerGrain ledger, string silo, ContentHash shared)
    {
        var session = PinOwner.Session("uploads-" + silo, Tenant);
        var snapshot = PinOwner.Snapshot("bridge", "scene-" + silo, Tenant);
        for (var i = 0; i < PerSilo; i++)
        {
            var hash = Hash($"{silo}-{i}");
            Assert.True((await ledger.ReserveAsync(session, $"{silo}-{i}", hash, Length(i), 0)).Succeeded);
            await ledger.SettleAsync($"{silo}-{i}", hash, stored: true);
            await ledger.PinAsync(snapshot, [hash]);
            if (i == PerSilo / 2)
            {
                Assert.True((await ledger.ReserveAsync(session, silo + "-shared", shared, 1_000, 0)).Succeeded);
                await ledger.SettleAsync(silo + "-shared", shared, stored: true);
            }
        }

        await ledger.UnpinAsync(snapshot.Id, [.. Enumerable.Range(0, PerSilo).Where(i => i % 3 == 0).Select(i => Hash($"{silo}-{i}"))]);
        await ledger.ReleaseAsync(session.Id);
    }

    private static long Length(int i) => 100 + i;

    private static ContentHash Hash(string text) => ContentHash.Compute(System.Text.Encoding.UTF8.GetBytes(text));
}
