using System.Globalization;
using System.Text;

namespace OrleansBridge.Silo.Operations;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): <c># HELP</c> and <c># TYPE</c>
/// once per metric, then one line per series, <c>name{label="value"} number</c>.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The Content-Type of a scrape answer.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes <c>_</c>.</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c));
            builder.Append(ok ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Writes one instrument's metric family.</summary>
    public static void Write(StringBuilder output, InstrumentState state)
    {
        var series = state.Series;
        if (series.Length == 0)
        {
            return;
        }

        var help = state.Instrument.Description ?? state.Instrument.Name;
        output.Append("# HELP ").Append(state.Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        output.Append("# TYPE ").Append(state.Name).Append(' ').Append(state.Kind).Append('\n');
        foreach (var one in series)
        {
            if (state.Kind == "histogram")
            {
                WriteHistogram(output, state, one);
            }
            else
            {
                WriteSample(output, state.Name, one.Labels, null, one.Sum);
            }
        }
    }

    private static void WriteHistogram(StringBuilder output, InstrumentState state, MetricSeries one)
    {
        long cumulative = 0;
        for (var i = 0; i < state.Bounds.Length; i++)
        {
            cumulative += one.Bucket(i);
            WriteSample(output, state.Name + "_bucket", one.Labels, Number(state.Bounds[i]), cumulative);
        }

        cumulative += one.Bucket(state.Bounds.Length);
        WriteSample(output, state.Name + "_bucket", one.Labels, "+Inf", cumulative);
        WriteSample(output, state.Name + "_sum", one.Labels, null, one.Sum);
        WriteSample(output, state.Name + "_count", one.Labels, null, one.Count);
    }

    private static void WriteSample(StringBuilder output, string name, KeyValuePair<string, string>[] labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                output.Append(first ? string.Empty : ",").Append(SanitizeName(label.Key)).Append("=\"").Append(EscapeLabel(label.Value)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                output.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and line feed.</summary>
    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
