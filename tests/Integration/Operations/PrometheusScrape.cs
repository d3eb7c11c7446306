using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansBridge.Tests.Operations;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, for tests: every line must be a HELP or TYPE
/// comment or a sample; a sample's metric must have had its TYPE first; values must parse.
/// </summary>
public sealed partial class PrometheusScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusScrape()
    {
    }

    /// <summary>Metric family name → TYPE.</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static PrometheusScrape Parse(string text)
    {
        var scrape = new PrometheusScrape();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            var type = TypeLine().Match(line);
            if (type.Success)
            {
                if (!scrape._types.TryAdd(type.Groups[1].Value, type.Groups[2].Value))
                {
                    throw new FormatException($"line {lineNumber}: a second TYPE for {type.Groups[1].Value}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"line {lineNumber} is not a sample: {line}");
            }

            var name = sample.Groups["name"].Value;
            var family = FamilyOf(name, scrape._types);
            if (family is null)
            {
                throw new FormatException($"line {lineNumber}: {name} has no TYPE before it");
            }

            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            // "name{}" and "name" are the same series; OpenTelemetry's exporter writes the braces.
            var labels = sample.Groups["labels"].Value is "{}" ? string.Empty : sample.Groups["labels"].Value;
            if (!scrape._samples.TryAdd(name + labels, value))
            {
                throw new FormatException($"line {lineNumber}: duplicate series {name}{labels}");
            }
        }

        return scrape;
    }

    /// <summary>The value of a series, e.g. <c>bridge_sessions{state="connected"}</c>; 0 when absent.</summary>
    public double Value(string series) => _samples.GetValueOrDefault(series);

    /// <summary>The value of a series that must be present (labels in the order the exporter writes them).</summary>
    public double Required(string series) => _samples.TryGetValue(series, out var value)
        ? value
        : throw new Xunit.Sdk.XunitException($"the scrape has no series {series}; it has {_samples.Count}: {string.Join(", ", _samples.Keys.Take(40))}");

    /// <summary>True when the series is present.</summary>
    public bool Has(string series) => _samples.ContainsKey(series);

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t == "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)?\})? (?<value>[-+]?([0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|Inf|NaN))$""")]
    private static partial Regex SampleLine();
}
