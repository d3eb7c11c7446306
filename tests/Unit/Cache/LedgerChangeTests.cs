using System.Text;
using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>Ledger changes re-applied on a retry or on top of another silo's change: nothing lost, nothing counted twice.</summary>
public sealed class LedgerChangeTests
{
    private static readonly PinOwner SnapshotA = PinOwner.Snapshot("bridge", "a", "t1");
    private static readonly PinOwner SnapshotB = PinOwner.Snapshot("bridge", "b", "t2");

    [Fact]
    public void ApplyingTwice_GivesTheSameRecordAsOnce()
    {
        var change = new LedgerChange().Pin(SnapshotA, [Hash("x"), Hash("y")]).Charge(Hash("x"), "t1", 10).Unpin(SnapshotA.Id, [Hash("y")]);

        var once = change.ApplyTo(null);
        var twice = change.ApplyTo(once);

        Assert.Equal(Json(once), Json(twice));
        Assert.Equal(10, twice.Charges.Sum(c => c.Length));
        Assert.Equal([Hash("x").ToString()], Assert.Single(twice.Owners).Hashes);
    }

    [Fact]
    public void ApplyingOnAnotherSilosRecord_KeepsBothChanges_InEitherOrder()
    {
        var mine = new LedgerChange().Pin(SnapshotA, [Hash("x")]).Charge(Hash("x"), "t1", 10).Charge(Hash("shared"), "t1", 5);
        var theirs = new LedgerChange().Pin(SnapshotB, [Hash("z")]).Charge(Hash("z"), "t2", 7).Charge(Hash("shared"), "t1", 5);

        var mineLast = mine.ApplyTo(theirs.ApplyTo(null));
        var theirsLast = theirs.ApplyTo(mine.ApplyTo(null));

        Assert.Equal(Json(mineLast), Json(theirsLast));
        Assert.Equal(22, mineLast.Charges.Sum(c => c.Length)); // the shared entry is charged once
        Assert.Equal(2, mineLast.Owners.Count);
    }

    [Fact]
    public void ReleaseAndCredit_RemoveOnlyTheirKeys_AndEmptyOwnersAreDropped()
    {
        var start = new LedgerChange().Pin(SnapshotA, [Hash("x")]).Pin(SnapshotB, [Hash("z")]).Charge(Hash("x"), "t1", 10).Charge(Hash("z"), "t2", 7).ApplyTo(null);

        var after = new LedgerChange().Release(SnapshotA.Id).Credit(Hash("x")).Unpin(SnapshotB.Id, [Hash("z")]).Credit(Hash("absent")).ApplyTo(start);

        Assert.Empty(after.Owners);
        Assert.Equal(("t2", 7L), (Assert.Single(after.Charges).Tenant, after.Charges[0].Length));
    }

    [Fact]
    public void Replace_MakesTheListTheOwnersWholeList()
    {
        var start = new LedgerChange().Pin(SnapshotA, [Hash("x"), Hash("y")]).ApplyTo(null);

        var after = new LedgerChange().Replace(SnapshotA, [Hash("y"), Hash("w")]).ApplyTo(start);

        Assert.Equal(new[] { Hash("y").ToString(), Hash("w").ToString() }.Order(), Assert.Single(after.Owners).Hashes);
    }

    [Fact]
    public void ByShard_PutsEachChargeInItsHashsFirstByte_AndEachOwnerInOneShard_AndThePartsMakeTheWhole()
    {
        var hashes = Enumerable.Range(0, 40).Select(i => Hash("entry-" + i)).ToList();
        var change = new LedgerChange().Pin(SnapshotA, hashes).Pin(SnapshotB, hashes[..3]).Unpin(SnapshotA.Id, [hashes[0]]);
        foreach (var hash in hashes)
        {
            change.Charge(hash, "t1", 10);
        }

        var parts = change.ByShard().ToList();
        var shards = parts.Select(p => (p.Shard, Record: p.Part.ApplyTo(null))).ToList();

        Assert.Equal(parts.Select(p => p.Shard).Order(), parts.Select(p => p.Shard)); // in shard order, each once
        Assert.Equal(parts.Count, parts.Select(p => p.Shard).Distinct().Count());
        foreach (var (shard, record) in shards)
        {
            Assert.All(record.Charges, c => Assert.Equal(Convert.FromHexString(c.Hash)[0], shard));
            Assert.All(record.Owners, o => Assert.Equal(LedgerChange.ShardOfOwner(o.Id), shard));
        }

        var whole = change.ApplyTo(null);
        Assert.Equal(
            whole.Charges.Select(c => c.Hash).Order(StringComparer.Ordinal),
            shards.SelectMany(s => s.Record.Charges).Select(c => c.Hash).Order(StringComparer.Ordinal));
        Assert.Equal(Owners(whole.Owners), Owners(shards.SelectMany(s => s.Record.Owners)));
        Assert.Equal(39, Assert.Single(whole.Owners, o => o.Id == SnapshotA.Id).Hashes.Count); // the unpin followed its pin into the owner's shard
    }

    [Fact]
    public void From_WritesTheWholeRecordAgain()
    {
        var record = new LedgerChange().Pin(SnapshotA, [Hash("x"), Hash("y")]).Pin(SnapshotB, [Hash("z")]).Charge(Hash("x"), "t1", 10).Charge(Hash("z"), "t2", 7).ApplyTo(null);

        Assert.Equal(Json(record), Json(LedgerChange.From(record).ApplyTo(null)));
        Assert.Equal(Json(record), Json(LedgerChange.From(record).ApplyTo(record))); // moving twice changes nothing
    }

    private static ContentHash Hash(string text) => ContentHash.Compute(Encoding.UTF8.GetBytes(text));

    private static string Owners(IEnumerable<DurablePinsRecord> owners) =>
        string.Join(';', owners.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{o.Id}:{o.Tenant}:{string.Join(',', o.Hashes)}"));

    private static string Json(CacheLedgerRecord record) => System.Text.Json.JsonSerializer.Serialize(record, GrainsJson.Default.CacheLedgerRecord);
}
