using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// The JavaScript client module's own tests (tests/Js/*.test.mjs, node:test): against the real server
/// (bridge-client.test.mjs) and over a scripted in-memory socket (bridge-protocol.test.mjs). One xunit
/// case per node test, so each is run, counted and reported on its own.
/// </summary>
public sealed partial class JsClientTests(ViewerServerFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerServerFixture>
{
    private const string TestFolder = "tests/Js";

    /// <summary>Every <c>test('…'</c> of every node test file, so a new node test is picked up without touching this class.</summary>
    public static TheoryData<string, string> NodeTests()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.Under(TestFolder), "*.test.mjs").Order(StringComparer.Ordinal))
        {
            var file = $"{TestFolder}/{Path.GetFileName(path)}";
            foreach (Match match in TestNamePattern().Matches(File.ReadAllText(path)))
            {
                data.Add(file, match.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NodeTests))]
    public async Task JsClient_NodeTest_Passes(string file, string name)
    {
        var (exitCode, text) = await NodeTestRunner.RunAsync(file, name, fixture.NodeEnvironment);
        output.WriteLine(text);

        Assert.True(exitCode == 0, $"node --test exited {exitCode} for '{name}':\n{text}");
        Assert.Matches(@"(?m)^# pass 1$", text); // Exactly this test ran (a pattern matching none passes vacuously).
        Assert.Matches(@"(?m)^# fail 0$", text);
    }

    [GeneratedRegex(@"^test\('((?:[^'\\]|\\.)*)'", RegexOptions.Multiline)]
    private static partial Regex TestNamePattern();
}
