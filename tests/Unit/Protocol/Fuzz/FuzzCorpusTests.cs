using OrleansBridge.Bench.Fuzz;

namespace OrleansBridge.Tests.Protocol.Fuzz;

/// <summary>
/// Replays the wire fuzzer's committed corpus (bench/Fuzz/corpus/&lt;target&gt;) through its targets: every
/// path AFL++ found, and every input that once crashed (saved there as a regression), must pass
/// without an exception. The fuzzer itself runs in the bench (<c>bench fuzz --seconds N</c>).
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets() => [.. WireFuzzTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_EveryInput_PassesItsTargetWithoutAFault(string target)
    {
        var folder = RepositoryPaths.Under("bench", "Fuzz", "corpus", target);
        var inputs = Directory.GetFiles(folder);
        Assert.True(inputs.Length > 0, $"no corpus in {folder}");

        foreach (var input in inputs)
        {
            var bytes = File.ReadAllBytes(input);
            var fault = Record.Exception(() => WireFuzzTargets.All[target](bytes));
            Assert.True(fault is null, $"{Path.GetFileName(input)} ({bytes.Length} bytes): {fault}");
        }
    }

    [Fact]
    public void Seeds_EveryTargetHasOne_AndTheyAreInTheCorpus()
    {
        foreach (var (target, name, bytes) in WireFuzzTargets.Seeds())
        {
            var path = RepositoryPaths.Under("bench", "Fuzz", "corpus", target, "seed-" + name);
            Assert.True(File.Exists(path), $"{path} is missing: run bench fuzz --seed-corpus");
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        Assert.Equal(WireFuzzTargets.All.Keys.Order(), WireFuzzTargets.Seeds().Select(s => s.Target).Distinct().Order());
    }
}
