using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Storage;

public sealed class AtomicPublishTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryPublish_FreeName_MovesTheFile()
    {
        var source = Path.Combine(_directory.Path, "temp");
        var destination = Path.Combine(_directory.Path, "entry");
        File.WriteAllText(source, "new");

        Assert.True(AtomicPublish.TryPublish(source, destination));

        Assert.False(File.Exists(source));
        Assert.Equal("new", File.ReadAllText(destination));
    }

    [Fact]
    public void TryPublish_NameTaken_LeavesBothUntouched()
    {
        var source = Path.Combine(_directory.Path, "temp");
        var destination = Path.Combine(_directory.Path, "entry");
        File.WriteAllText(source, "second");
        File.WriteAllText(destination, "first");

        Assert.False(AtomicPublish.TryPublish(source, destination));

        Assert.Equal("first", File.ReadAllText(destination));
        Assert.Equal("second", File.ReadAllText(source));
    }

    [Fact]
    public async Task TryPublish_ManyRacingWriters_ExactlyOneWinsEveryRound()
    {
        for (var round = 0; round < 50; round++)
        {
            var destination = Path.Combine(_directory.Path, $"entry-{round}");
            var sources = Enumerable.Range(0, 6).Select(i =>
            {
                var path = Path.Combine(_directory.Path, $"temp-{round}-{i}");
                File.WriteAllBytes(path, [(byte)i]);
                return path;
            }).ToList();

            var wins = await Task.WhenAll(sources.Select(s => Task.Run(() => AtomicPublish.TryPublish(s, destination))));

            Assert.Equal(1, wins.Count(w => w));
        }
    }
}
