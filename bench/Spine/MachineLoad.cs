using System.Globalization;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// CPU time from <c>/proc/stat</c> (the machine) and <c>/proc/self/stat</c> (this process), so a figure
/// can say how much of the machine other processes took while it was measured: on a small shared
/// machine a latency tail is as likely to be someone else's compiler as the code under test.
/// </summary>
internal readonly record struct MachineLoad(long TotalTicks, long IdleTicks, long SelfTicks)
{
    /// <summary>Reads the counters; zeros where /proc is not available.</summary>
    public static MachineLoad Take()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks.
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = cpu.Take(8).Sum();
            var idle = cpu[3] + cpu[4];

            // Fields after the parenthesised command: utime and stime are the 12th and 13th.
            var self = File.ReadAllText("/proc/self/stat");
            var fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');
            var selfTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new MachineLoad(total, idle, selfTicks);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return default;
        }
    }

    /// <summary>Share of all cores' time since <paramref name="before"/> that other processes were busy, in percent.</summary>
    public double OthersPercentSince(MachineLoad before)
    {
        var total = TotalTicks - before.TotalTicks;
        if (total <= 0)
        {
            return double.NaN;
        }

        var busy = total - (IdleTicks - before.IdleTicks);
        var others = busy - (SelfTicks - before.SelfTicks);
        return Math.Clamp(100.0 * others / total, 0, 100);
    }
}
