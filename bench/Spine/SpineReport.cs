using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansBridge.Bench.Spine;

/// <summary>Collects the figures and prints them as one table with units, the machine and the command.</summary>
internal sealed class SpineReport
{
    private readonly List<(string Figure, LatencySummary Latency, double Others, string Rate)> _latencies = [];
    private readonly List<(string Figure, double KiB, string Method)> _memory = [];

    /// <summary>Adds a latency row; <paramref name="others"/> is the percent of the machine's CPU other processes used meanwhile.</summary>
    public void AddLatency(string figure, LatencySummary latency, double others, string rate) => _latencies.Add((figure, latency, others, rate));

    public void AddMemory(string figure, double kib, string method) => _memory.Add((figure, kib, method));

    public string Render(string[] args, Uri? url, string memoryHeading)
    {
        var text = new StringBuilder();
        text.AppendLine("OrleansBridge spine: handshake, resume, echo and idle memory over loopback WebSockets");
        text.AppendLine($"command  dotnet run -c Release --project bench -- spine{string.Concat(args.Select(a => " " + a))}");
        text.AppendLine($"machine  {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription} {RuntimeInformation.OSArchitecture}");
        text.AppendLine($"process  client SDK and in-process server share this process ({(GCSettings.IsServerGC ? "server" : "workstation")} GC); url {url?.ToString() ?? "n/a"}");
        text.AppendLine($"server   Production, logging Warning, {SpineServerArgs.Describe()}");
        text.AppendLine();
        text.AppendLine($"{"figure",-60} {"n",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"others",6}  rate / notes");
        foreach (var (figure, latency, others, rate) in _latencies)
        {
            var busy = double.IsNaN(others) ? "?" : $"{others:F0}%";
            text.AppendLine(latency.Count == 0
                ? $"{figure,-60} {"-",7} {"-",8} {"-",8} {"-",8} {busy,6}  {rate}"
                : $"{figure,-60} {latency.Count,7} {latency.P50Ms,8:F3} {latency.P99Ms,8:F3} {latency.MaxMs,8:F3} {busy,6}  {rate}");
        }

        text.AppendLine("others: share of the whole machine's CPU that other processes used while the figure was measured");

        text.AppendLine();
        text.AppendLine($"{memoryHeading,-60} {"KiB",7}  method");
        foreach (var (figure, kib, method) in _memory)
        {
            text.AppendLine($"{figure,-60} {kib,7:F1}  {method}");
        }

        return text.ToString();
    }

    private static string CpuModel()
    {
        const string Key = "model name";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
