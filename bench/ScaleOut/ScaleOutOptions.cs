using System.Globalization;

namespace OrleansBridge.Bench.ScaleOut;

/// <summary>Options of the scale-out bench: <c>--only fs</c>, <c>--kills 20</c>, <c>--levels 1,10,50,100,200,400</c>, <c>--seconds 3</c>.</summary>
internal sealed record ScaleOutOptions(string Only, int Kills, int[] Levels, int Seconds)
{
    public static ScaleOutOptions Parse(string[] args)
    {
        var options = new ScaleOutOptions("fs", 20, [1, 10, 50, 100, 200, 400, 800], 3);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--only" => options with { Only = args[i + 1] },
                "--kills" => options with { Kills = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--levels" => options with { Levels = [.. args[i + 1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] },
                "--seconds" => options with { Seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/README.md."),
            };
        }

        return options;
    }
}
