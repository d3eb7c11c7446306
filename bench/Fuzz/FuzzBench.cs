using System.Diagnostics;
using System.Globalization;

namespace OrleansBridge.Bench.Fuzz;

/// <summary>
/// <c>bench fuzz --seconds N [--target frame|handshake|reader|all]</c>: copies this bench to a work folder,
/// instruments the copy of the assembly that holds the protocol (the frame reader, the parsers, the JSON
/// contracts, the token decoder) with SharpFuzz, and runs AFL++ over each target for its share of the time, from the
/// corpus committed in <c>bench/Fuzz/corpus/&lt;target&gt;</c>. Prints executions per second, paths
/// (corpus entries) found, crashes and hangs; copies crashing inputs to <c>bench/results/fuzz/</c>
/// and exits 1 if there are any. <c>--grow-corpus</c> adds the paths found to the committed corpus;
/// <c>--seed-corpus</c> writes the seed inputs into the corpus folders.
/// </summary>
public sealed class FuzzBench : IBench
{
    public string Name => "fuzz";

    public string Description => "AFL++ with SharpFuzz over the frame reader, handshake and JSON envelopes: execs/s, paths, crashes";

    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var seconds = 60;
        var grow = false;
        var targets = WireFuzzTargets.All.Keys.ToList();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length:
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--target" when i + 1 < args.Length:
                    targets = args[++i] == "all" ? targets : [args[i]];
                    break;
                case "--seed-corpus":
                    WriteSeeds();
                    return 0;
                case "--grow-corpus":
                    grow = true;
                    break;
                default:
                    Console.Error.WriteLine("usage: fuzz [--seconds N] [--target frame|handshake|reader|all] [--grow-corpus] [--seed-corpus]");
                    return 2;
            }
        }

        if (FindOnPath("afl-fuzz") is not { } afl)
        {
            Console.Error.WriteLine("afl-fuzz is not installed (Debian: apt-get install afl++).");
            return 2;
        }

        var work = Path.Combine(Path.GetTempPath(), $"bridge-fuzz-{Environment.ProcessId}");
        var app = Path.Combine(work, "app");
        CopyDirectory(AppContext.BaseDirectory, app);
        // The assemblies that hold what the targets read: the frame header and reader, the JSON contracts, the token decoder.
        foreach (var assembly in new[] { typeof(Protocol.FrameHeader).Assembly, typeof(Admission.SignedToken).Assembly }.Distinct())
        {
            var file = Path.GetFileName(assembly.Location);
            var instrumented = SharpFuzz.Fuzzer.Instrument(Path.Combine(app, file), type => type.StartsWith("OrleansBridge.", StringComparison.Ordinal), SharpFuzz.Options.Value);
            Console.WriteLine($"instrumented {instrumented.Count()} types of {file} in {app}");
        }

        Console.WriteLine($"command: dotnet run -c Release --project bench -- fuzz --seconds {seconds}{(targets.Count == 1 ? $" --target {targets[0]}" : string.Empty)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {afl}");
        Console.WriteLine();
        Console.WriteLine($"{"target",-10} {"seconds",8} {"execs",10} {"execs/s",8} {"paths",6} {"new",5} {"crashes",8} {"hangs",6}");

        var crashes = 0;
        var share = Math.Max(10, seconds / targets.Count);
        foreach (var target in targets)
        {
            var corpus = CorpusOf(target);
            var output = Path.Combine(work, "out-" + target);
            var started = Stopwatch.GetTimestamp();
            await RunAflAsync(afl, corpus, output, share, app, target);
            var stats = ReadStats(Path.Combine(output, "default", "fuzzer_stats"));
            var found = Directory.GetFiles(Path.Combine(output, "default", "crashes"), "id:*");
            crashes += found.Length;
            var seeds = Directory.GetFiles(corpus).Length;
            var paths = (int)stats.GetValueOrDefault("corpus_count", stats.GetValueOrDefault("paths_total"));
            Console.WriteLine($"{target,-10} {Stopwatch.GetElapsedTime(started).TotalSeconds,8:0} {stats.GetValueOrDefault("execs_done"),10:0} {stats.GetValueOrDefault("execs_per_sec"),8:0} {paths,6} {paths - seeds,5} {found.Length,8} {stats.GetValueOrDefault("saved_hangs", stats.GetValueOrDefault("unique_hangs")),6:0}");
            if (grow)
            {
                // New paths join the committed corpus, named by their content, so the next run (and the unit test that replays it) starts there.
                foreach (var entry in Directory.GetFiles(Path.Combine(output, "default", "queue"), "id:*").Where(f => !f.Contains("orig:", StringComparison.Ordinal)))
                {
                    var name = "afl-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry)))[..12];
                    File.Copy(entry, Path.Combine(corpus, name), overwrite: true);
                }
            }

            if (found.Length > 0)
            {
                var keep = Path.Combine(RepositoryRoot(), "bench", "results", "fuzz", target);
                Directory.CreateDirectory(keep);
                foreach (var crash in found)
                {
                    File.Copy(crash, Path.Combine(keep, Path.GetFileName(crash).Replace(':', '_')), overwrite: true);
                }

                Console.WriteLine($"  crashing inputs copied to {keep}; reproduce one with: dotnet run -c Release --project bench -- fuzz-run {target} --replay <file>");
            }
        }

        Directory.Delete(work, recursive: true);
        return crashes == 0 ? 0 : 1;
    }

    private static async Task RunAflAsync(string afl, string corpus, string output, int seconds, string app, string target)
    {
        var start = new ProcessStartInfo(afl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-i", corpus, "-o", output, "-V", seconds.ToString(CultureInfo.InvariantCulture), "-t", "5000", "-m", "none", "--",
            "dotnet", Path.Combine(app, "OrleansBridge.Bench.dll"), "fuzz-run", target })
        {
            start.ArgumentList.Add(arg);
        }

        // No terminal UI; this machine's core_pattern and CPU governor are not the fuzzer's to change.
        start.Environment["AFL_NO_UI"] = "1";
        start.Environment["AFL_SKIP_BIN_CHECK"] = "1";
        start.Environment["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1";
        start.Environment["AFL_SKIP_CPUFREQ"] = "1";
        start.Environment["AFL_NO_AFFINITY"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("afl-fuzz did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 120));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"afl-fuzz ran past {seconds + 120} s");
        }

        if (!File.Exists(Path.Combine(output, "default", "fuzzer_stats")))
        {
            throw new InvalidOperationException($"afl-fuzz exited with {process.ExitCode} and wrote no statistics:\n{await stdout}\n{await stderr}");
        }
    }

    private static Dictionary<string, double> ReadStats(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && double.TryParse(parts[1].Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0].Trim(), parts => double.Parse(parts[1].Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static void WriteSeeds()
    {
        foreach (var (target, name, bytes) in WireFuzzTargets.Seeds())
        {
            var folder = CorpusOf(target);
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "seed-" + name), bytes);
            Console.WriteLine($"{target}/seed-{name}: {bytes.Length} bytes");
        }
    }

    private static string CorpusOf(string target) => Path.Combine(RepositoryRoot(), "bench", "Fuzz", "corpus", target);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
