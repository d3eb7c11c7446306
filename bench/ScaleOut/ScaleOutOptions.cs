using System.Globalization;

namespace OrleansBridge.Bench.ScaleOut;

/// <summary>
/// Options of the scale-out bench: <c>--only fsp</c> (also <c>S</c>, <c>g</c>, <c>r</c>, <c>v</c>, <c>h</c>), <c>--kills 20</c>,
/// <c>--levels 1,10,50,100,200,500,1000,2000</c>, <c>--seconds 5</c>, <c>--rate 10</c> (echoes per
/// second per session), <c>--membership shipped|orleans|both</c> (the failover's membership settings:
/// the product's, Orleans' defaults, or each in turn).
/// </summary>
internal sealed record ScaleOutOptions(string Only, int Kills, int[] Levels, int Seconds, int Rate, string Membership)
{
    public static ScaleOutOptions Parse(string[] args)
    {
        var options = new ScaleOutOptions("fsp", 20, [1, 10, 50, 100, 200, 500, 1000, 2000], 5, 10, "shipped");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--only" => options with { Only = args[i + 1] },
                "--kills" => options with { Kills = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--levels" => options with { Levels = [.. args[i + 1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] },
                "--seconds" => options with { Seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--membership" when args[i + 1] is "shipped" or "orleans" or "both" => options with { Membership = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/README.md."),
            };
        }

        return options;
    }
}
