using OrleansBridge.Rendering.Remote;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Rendezvous ordering: deterministic, a permutation, balanced over keys, minimal movement when a silo goes.</summary>
public sealed class RendezvousTests
{
    private static readonly string[] Silos = ["http://render-0:5080/", "http://render-1:5080/", "http://render-2:5080/", "http://render-3:5080/"];

    [Fact]
    public void Order_SameKeyAndSilos_IsTheSamePermutationWhateverTheListOrder()
    {
        var order = Rendezvous.Order("session-1", Silos);
        Assert.Equal(order, Rendezvous.Order("session-1", Silos));
        Assert.Equal(order, Rendezvous.Order("session-1", [.. Silos.Reverse()]));
        Assert.Equal(Silos.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
        Assert.NotEqual(Rendezvous.Score("ab", "c"), Rendezvous.Score("a", "bc"));
    }

    [Fact]
    public void Order_ManyKeys_SpreadsFirstChoicesEvenly()
    {
        const int Keys = 4000;
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Keys; i++)
        {
            var first = Rendezvous.Order($"session-{i}", Silos)[0];
            counts[first] = counts.GetValueOrDefault(first) + 1;
        }

        // 1000 expected each; a binomial standard deviation is about 27, so ±15% is over five of them.
        Assert.Equal(Silos.Length, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void Order_SiloRemoved_MovesOnlyItsKeysToTheirSecondChoice()
    {
        string[] fewer = [.. Silos.Where(s => s != Silos[2])];
        var moved = 0;
        for (var i = 0; i < 2000; i++)
        {
            var key = $"session-{i}";
            var before = Rendezvous.Order(key, Silos);
            var after = Rendezvous.Order(key, fewer);
            if (before[0] == Silos[2])
            {
                moved++;
                Assert.Equal(before[1], after[0]);
            }
            else
            {
                Assert.Equal(before[0], after[0]);
            }

            Assert.Equal(before.Where(s => s != Silos[2]), after);
        }

        Assert.InRange(moved, 400, 600);
    }
}
