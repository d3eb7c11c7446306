using System.Globalization;

namespace OrleansBridge.Bench.ScaleOut;

/// <summary>
/// Options of the scale-out bench: <c>--only fsp</c>, <c>--kills 20</c>,
/// <c>--levels 1,10,50,100,200,500,1000,2000</c>, <c>--seconds 5</c>, <c>--rate 10</c> (echoes per
/// second per session).
/// </summary>
internal sealed record ScaleOutOptions(string Only, int Kills, int[] Levels, int Seconds, int Rate)
{
    public static ScaleOutOptions Parse(string[] args)
    {
        var options = new ScaleOutOptions("fsp", 20, [1, 10, 50, 100, 200, 500, 1000, 2000], 5, 10);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--only" => options with { Only = args[i + 1] },
                "--kills" => options with { Kills = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--levels" => options with { Levels = [.. args[i + 1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] },
                "--seconds" => options with { Seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/README.md."),
            };
        }

        return options;
    }
}
