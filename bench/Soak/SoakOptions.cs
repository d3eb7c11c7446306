using System.Globalization;

namespace OrleansBridge.Bench.Soak;

/// <summary>The soak's command line.</summary>
internal sealed record SoakOptions(int Sessions, double Minutes, TimeSpan Interval, int DropsPerMinute, int Seed, int EchoPercent, int CommitPercent, int DistinctUploads)
{
    public static SoakOptions? Parse(string[] args)
    {
        int sessions = 200, seed = 1;
        double minutes = 30, intervalSeconds = 60;
        int? drops = null;
        int echo = 60, commit = 25, distinct = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--sessions":
                    sessions = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--minutes":
                    minutes = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--interval-seconds":
                    intervalSeconds = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--drops-per-minute":
                    drops = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--mix" when value.Split(',') is [var e, var c, var u]:
                    echo = int.Parse(e, CultureInfo.InvariantCulture);
                    commit = int.Parse(c, CultureInfo.InvariantCulture);
                    if (echo + commit + int.Parse(u, CultureInfo.InvariantCulture) != 100)
                    {
                        return null;
                    }

                    break;
                case "--distinct-uploads":
                    distinct = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }
        }

        return args.Length % 2 != 0 || sessions < 1 || minutes <= 0 || intervalSeconds <= 0 || distinct < 0
            ? null
            : new SoakOptions(sessions, minutes, TimeSpan.FromSeconds(intervalSeconds), drops ?? Math.Max(1, sessions / 2), seed, echo, commit, distinct);
    }
}
