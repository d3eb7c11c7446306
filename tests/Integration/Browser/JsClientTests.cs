using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// The JavaScript client module's own tests (tests/Js/bridge-client.test.mjs, node:test) against the
/// real server: one xunit case per node test, so each is run, counted and reported on its own.
/// </summary>
public sealed partial class JsClientTests(ViewerServerFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerServerFixture>
{
    private const string TestFile = "tests/Js/bridge-client.test.mjs";

    /// <summary>Every <c>test('…'</c> of the node file, so a new node test is picked up without touching this class.</summary>
    public static TheoryData<string> NodeTests()
    {
        var data = new TheoryData<string>();
        foreach (Match match in TestNamePattern().Matches(File.ReadAllText(RepositoryPaths.Under(TestFile))))
        {
            data.Add(match.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NodeTests))]
    public async Task JsClient_NodeTest_Passes(string name)
    {
        var (exitCode, text) = await NodeTestRunner.RunAsync(TestFile, name, fixture.NodeEnvironment);
        output.WriteLine(text);

        Assert.True(exitCode == 0, $"node --test exited {exitCode} for '{name}':\n{text}");
        Assert.Matches(@"(?m)^# pass 1$", text); // Exactly this test ran (a pattern matching none passes vacuously).
        Assert.Matches(@"(?m)^# fail 0$", text);
    }

    [GeneratedRegex(@"^test\('((?:[^'\\]|\\.)*)'", RegexOptions.Multiline)]
    private static partial Regex TestNamePattern();
}
