using System.Globalization;

namespace OrleansBridge.Bench.Spine;

/// <summary>The spine bench's knobs; every loop is bounded by one of these counts or durations.</summary>
internal sealed record SpineOptions
{
    /// <summary>a) Sequential connects measured.</summary>
    public int Connects { get; init; } = 500;

    /// <summary>b) Drops measured per backoff setting.</summary>
    public int Drops { get; init; } = 100;

    /// <summary>c) Seconds each echo configuration is measured, after <see cref="WarmUpSeconds"/>.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>c) Seconds of echo traffic before measuring.</summary>
    public double WarmUpSeconds { get; init; } = 1;

    /// <summary>c) Sessions of the many-session echo runs.</summary>
    public int Sessions { get; init; } = 100;

    /// <summary>c) Requests each session keeps in flight in the throughput runs.</summary>
    public int Depth { get; init; } = 16;

    /// <summary>d) Idle sessions opened for the memory figure.</summary>
    public int Idle { get; init; } = 1_000;

    /// <summary>d) Skip the separate-process server (when the Silo executable is not built).</summary>
    public bool InProcessOnly { get; init; }

    /// <summary>
    /// d) Skip the in-process server: with it, this one process holds both ends of every session's
    /// socket, two descriptors per session, which past about 9,900 sessions meets a 20,000 open-file limit.
    /// </summary>
    public bool SeparateOnly { get; init; }

    /// <summary>Which figures to run, by letter.</summary>
    public string Only { get; init; } = "abcd";

    public bool Runs(char figure) => Only.Contains(figure, StringComparison.Ordinal);

    public static string Usage =>
        "options: --only abcd --connects 500 --drops 100 --seconds 5 --warmup 1 --sessions 100 --depth 16 --idle 1000 --in-process-only | --separate-only";

    public static bool TryParse(string[] args, out SpineOptions options, out string error)
    {
        options = new SpineOptions();
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--in-process-only")
            {
                options = options with { InProcessOnly = true };
                continue;
            }

            if (args[i] == "--separate-only")
            {
                options = options with { SeparateOnly = true };
                continue;
            }

            if (args[i] == "--only" && i + 1 < args.Length && args[i + 1].Length > 0 && args[i + 1].All(c => c is >= 'a' and <= 'd'))
            {
                options = options with { Only = args[++i] };
                continue;
            }

            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"'{args[i]}' needs a positive number. {Usage}";
                return false;
            }

            i++;
            switch (args[i - 1])
            {
                case "--connects": options = options with { Connects = (int)value }; break;
                case "--drops": options = options with { Drops = (int)value }; break;
                case "--seconds": options = options with { Seconds = value }; break;
                case "--warmup": options = options with { WarmUpSeconds = value }; break;
                case "--sessions": options = options with { Sessions = (int)value }; break;
                case "--depth": options = options with { Depth = (int)value }; break;
                case "--idle": options = options with { Idle = (int)value }; break;
                default:
                    error = $"Unknown option '{args[i - 1]}'. {Usage}";
                    return false;
            }
        }

        return true;
    }
}
