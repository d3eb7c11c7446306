using System.Diagnostics;
using System.Text.Json;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>The built <c>bridge</c> program against a real server.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Info_Json_PrintsNegotiatedSessionAndTransitionsAndExitsZero()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var (exit, stdout, stderr) = await RunBridgeAsync("info", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("protocolVersion").GetInt32());
        Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("sessionId").GetString());
        Assert.Contains("echo", root.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        var transitions = root.GetProperty("transitions").EnumerateArray()
            .Select(t => $"{t.GetProperty("side").GetString()}:{t.GetProperty("state").GetString()}").ToList();
        Assert.Equal(["client:Connected", "server:Connected", "client:Closed"], transitions);
        Assert.Equal(4304, root.GetProperty("closed").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Info_BadToken_PrintsCodeAndExitsTwo()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var (exit, stdout, _) = await RunBridgeAsync("info", "--server", server.Url.ToString(), "--token", "wrong-token-wrong-token", "--json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(4201, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("TokenInvalid", json.RootElement.GetProperty("error").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Info_Text_PrintsRefusalReason()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var (exit, _, stderr) = await RunBridgeAsync("info", "--server", server.Url.ToString(), "--token", "wrong-token-wrong-token");

        Assert.Equal(2, exit);
        Assert.Contains("4201 TokenInvalid", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the <c>bridge</c> program built beside these tests (same configuration).</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunBridgeAsync(params string[] args)
    {
        var start = new ProcessStartInfo(BridgeProgram()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string BridgeProgram()
    {
        // tests/Integration/bin/<Configuration>/net10.0/ → Client/Cli/bin/<Configuration>/net10.0/bridge
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "Client", "Cli", "bin", configuration, here.Name, "bridge");
        Assert.True(File.Exists(path), $"The bridge program was not built at {path}");
        return path;
    }
}
