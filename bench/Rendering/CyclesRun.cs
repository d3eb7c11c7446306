using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OrleansBridge.Tests;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// Runs Blender (Debian's <c>blender</c>, Cycles on the CPU) with <c>cycles_bench.py</c>: builds the
/// bench scene as GLB, or renders a GLB and reads Cycles' own timing from its debug log.
/// </summary>
internal static partial class CyclesRun
{
    /// <summary>
    /// The scenes <c>cycles_bench.py</c> builds: the render bench's terrain and spheres at ~250k and ~1M
    /// triangles, the material extensions under a sun and a spot, and a Cornell box lit by an emissive quad.
    /// </summary>
    public static readonly string[] Scenes = ["250k", "1m", "materials", "cornell"];

    private static string Script => RepositoryPaths.Under("bench", "Rendering", "Cycles", "cycles_bench.py");

    /// <summary>Builds one of <see cref="Scenes"/> in Blender and exports it with Blender's glTF exporter.</summary>
    public static async Task BuildAsync(string size, int width, int height, string glb)
    {
        var (exit, output) = await RunAsync(false, "build", "--size", size, "--width", W(width), "--height", W(height), "--out", glb);
        if (exit != 0 || !File.Exists(glb))
        {
            throw new InvalidOperationException($"Blender could not build the {size} scene (exit {exit}):\n{Tail(output)}");
        }
    }

    /// <summary>
    /// Renders <paramref name="glb"/> with Cycles. <c>RenderSeconds</c> is Cycles' "Render time (without
    /// synchronization)": path tracing only, scene sync and BVH build excluded; <c>SyncSeconds</c> its
    /// "Total time spent synchronizing data"; <c>ProcessSeconds</c> the whole Blender run; <c>CpuSeconds</c>
    /// the CPU time of all Blender threads from before the sync to after the render (sync + BVH + path tracing).
    /// <paramref name="clampIndirect"/> and <paramref name="blurGlossy"/> are Cycles' <c>sample_clamp_indirect</c>
    /// and <c>blur_glossy</c> (0 = off, the bench's unbiased setting; Cycles' own defaults are 10 and 1);
    /// <paramref name="seed"/> Cycles' seed (a reference and an image scored against it take different ones).
    /// </summary>
    public static async Task<(double RenderSeconds, double SyncSeconds, double ProcessSeconds, double CpuSeconds)> RenderAsync(
        string glb, int width, int height, int spp, int threads, string png, float clampIndirect = 0f, float blurGlossy = 0f, int seed = 0)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output) = await RunAsync(true, "render", "--glb", glb, "--width", W(width), "--height", W(height), "--spp", W(spp), "--threads", W(threads), "--out", png,
            "--clamp-indirect", clampIndirect.ToString(CultureInfo.InvariantCulture), "--blur-glossy", blurGlossy.ToString(CultureInfo.InvariantCulture), "--seed", W(seed));
        var process = clock.Elapsed.TotalSeconds;
        var render = RenderTime().Match(output);
        var sync = SyncTime().Match(output);
        var cpu = CpuTime().Match(output);
        if (exit != 0 || !File.Exists(png) || !render.Success || !cpu.Success)
        {
            throw new InvalidOperationException($"Cycles did not render {glb} (exit {exit}):\n{Tail(output)}");
        }

        return (Parse(render), sync.Success ? Parse(sync) : double.NaN, process, Parse(cpu));
    }

    private static async Task<(int Exit, string Output)> RunAsync(bool debugCycles, params string[] arguments)
    {
        var start = new ProcessStartInfo("blender") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-b", "--factory-startup", "-P", Script }.Concat(debugCycles ? ["--debug-cycles"] : []).Append("--").Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var blender = Process.Start(start) ?? throw new InvalidOperationException("blender could not be started; install it (apt-get install blender).");
        var stdout = blender.StandardOutput.ReadToEndAsync();
        var stderr = blender.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        await blender.WaitForExitAsync(limit.Token);
        return (blender.ExitCode, await stdout + await stderr);
    }

    private static double Parse(Match match) => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

    private static string W(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string output) => output.Length > 3000 ? output[^3000..] : output;

    [GeneratedRegex(@"Render time \(without synchronization\): ([0-9.]+)")]
    private static partial Regex RenderTime();

    [GeneratedRegex(@"Total time spent synchronizing data: ([0-9.]+)")]
    private static partial Regex SyncTime();

    [GeneratedRegex(@"""cpuSeconds"": ([0-9.eE+-]+)")]
    private static partial Regex CpuTime();
}
