using System.Diagnostics;
using System.Text;

namespace OrleansBridge.Tests.Browser;

/// <summary>Runs one test of a node:test file in a child node process and captures what it printed.</summary>
internal static class NodeTestRunner
{
    /// <summary>Bounded: a test that hangs fails instead of holding the run.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string testName, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        // Node 20 has the WHATWG WebSocket behind a flag; 22 and later have it by default and accept the flag.
        foreach (var argument in new[] { "--experimental-websocket", "--test", "--test-reporter=tap", "--test-name-pattern", "^" + EscapeRegex(testName) + "$", file })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            output.AppendLine($"[killed after {Timeout.TotalSeconds} s]");
        }

        await Task.WhenAll(stdout, stderr);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string EscapeRegex(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if ("\\^$.|?*+()[]{}/".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
