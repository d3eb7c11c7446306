using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// The real Bicep compiler, from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c> that test.sh
/// restores into <c>.tools/bicep/</c> (version pinned in Directory.Packages.props). It compiles offline:
/// resource types and their properties come from the type definitions inside the binary.
/// </summary>
public static partial class BicepCompiler
{
    private const string Package = "Azure.Bicep.CommandLine.linux-x64";

    /// <summary>Where test.sh puts the binary of the pinned version.</summary>
    public static string Executable { get; } = RepositoryPaths.Under(".tools", "bicep", Package.ToLowerInvariant(), PinnedVersion(), "tools", "bicep");

    /// <summary>Runs <c>bicep build &lt;file&gt; --stdout</c>: the ARM JSON and the compiler's diagnostics.</summary>
    public static async Task<BicepBuild> BuildAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"The Bicep compiler is not installed at {Executable}; run ./test.sh once (it restores tests/Tools/Bicep/Bicep.proj into .tools/bicep/ and makes the binary executable).");
        }

        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("build");
        start.ArgumentList.Add(file);
        start.ArgumentList.Add("--stdout");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stderr = await error;
        var diagnostics = Diagnostic().Matches(stderr).Select(m => new BicepDiagnostic(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value)).ToList();
        return new BicepBuild(process.ExitCode, await output, stderr, diagnostics);
    }

    private static string PinnedVersion()
    {
        var props = XDocument.Load(RepositoryPaths.Under("Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == Package).Attribute("Version")!.Value;
    }

    /// <summary><c>&lt;file&gt;(line,column) : Warning code: message</c>, as the compiler writes to standard error.</summary>
    [GeneratedRegex(@"^.*\((\d+),\d+\) : (Error|Warning|Info) ([\w-]+): (.*)$", RegexOptions.Multiline)]
    private static partial Regex Diagnostic();
}
