namespace OrleansBridge.Bench.Fuzz;

/// <summary>
/// The process AFL++ starts (<c>fuzz-run &lt;target&gt;</c>): SharpFuzz's persistent loop over one target,
/// from a copy of the bench whose protocol assembly <c>bench fuzz</c> instrumented.
/// With <c>--replay &lt;file&gt;</c> it runs one input once, without AFL++ (reproducing a crash).
/// </summary>
public sealed class FuzzRun : IBench
{
    public string Name => "fuzz-run";

    public string Description => "(started by 'fuzz' under AFL++) one wire fuzz target: frame, handshake or reader";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !WireFuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: fuzz-run <{string.Join("|", WireFuzzTargets.All.Keys)}> [--replay <file>]");
            return Task.FromResult(2);
        }

        if (args is [_, "--replay", var file])
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: no fault");
            return Task.FromResult(0);
        }

        SharpFuzz.Fuzzer.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            target(copy.ToArray());
        });
        return Task.FromResult(0);
    }
}
