using System.Text.RegularExpressions;
using OrleansBridge.Protocol;

namespace OrleansBridge.Tests.Protocol;

/// <summary>
/// The JavaScript client keeps its own copy of the protocol's constants (it has no build step); this
/// checks the copy against <see cref="ErrorCode"/> and <see cref="ProtocolConstants"/>, so the two
/// clients cannot drift apart.
/// </summary>
public sealed partial class JsClientConstantsTests
{
    private static string Source(string file) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Gateway", "wwwroot", file));

    [Fact]
    public void ErrorCodes_OfTheJsClient_HaveTheServersNamesAndValues()
    {
        var block = ErrorCodeBlock().Match(Source("bridge-frames.js"));
        Assert.True(block.Success, "bridge-frames.js has no `export const ErrorCode = Object.freeze({ … })`.");

        var entries = CodeEntry().Matches(block.Groups["body"].Value);

        Assert.True(entries.Count >= 30, $"Only {entries.Count} codes were read from bridge-frames.js.");
        foreach (Match entry in entries)
        {
            var name = entry.Groups["name"].Value;
            Assert.True(Enum.TryParse<ErrorCode>(name, out var code), $"bridge-frames.js names ErrorCode.{name}, which the protocol does not have.");
            Assert.Equal((int)code, int.Parse(entry.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void AckTimingAndFinalCodes_OfTheJsClient_AreTheProtocolsConstants()
    {
        var session = Source("bridge-session.js");

        Assert.Equal(ProtocolConstants.AckEvery.ToString(System.Globalization.CultureInfo.InvariantCulture), AckEvery().Match(session).Groups[1].Value);
        Assert.Equal(ProtocolConstants.AckDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), AckDelay().Match(session).Groups[1].Value);
        var finals = FinalCodes().Match(session);
        Assert.True(finals.Success, "bridge-session.js has no FINAL_CODES set.");
        var names = FinalName().Matches(finals.Groups[1].Value).Select(m => Enum.Parse<ErrorCode>(m.Groups[1].Value)).ToHashSet();
        Assert.True(names.SetEquals(ProtocolConstants.FinalCodes),
            $"JS final codes {string.Join(", ", names.Order())} differ from the protocol's {string.Join(", ", ProtocolConstants.FinalCodes.Order())}.");
    }

    [GeneratedRegex(@"export const ErrorCode = Object\.freeze\(\{(?<body>.*?)\}\);", RegexOptions.Singleline)]
    private static partial Regex ErrorCodeBlock();

    [GeneratedRegex(@"^\s*(?<name>[A-Z]\w*):\s*(?<value>\d+),", RegexOptions.Multiline)]
    private static partial Regex CodeEntry();

    [GeneratedRegex(@"const ACK_EVERY = (\d+);")]
    private static partial Regex AckEvery();

    [GeneratedRegex(@"const ACK_DELAY_MS = (\d+);")]
    private static partial Regex AckDelay();

    [GeneratedRegex(@"const FINAL_CODES = new Set\(\[(.*?)\]\);", RegexOptions.Singleline)]
    private static partial Regex FinalCodes();

    [GeneratedRegex(@"ErrorCode\.(\w+)")]
    private static partial Regex FinalName();
}
