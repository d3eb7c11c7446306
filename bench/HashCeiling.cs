using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace OrleansBridge.Bench;

/// <summary>
/// How fast this machine computes SHA-256: the ceiling of an upload, which hashes every byte on the
/// client (to name the entry) and again on the server (to verify it), on different cores.
/// </summary>
internal static class HashCeiling
{
    /// <summary>
    /// <c>openssl speed -evp sha256</c>'s figure for 16 KiB blocks, in MB/s (10^6 bytes); null when
    /// openssl is missing or prints something unexpected.
    /// </summary>
    public static async Task<double?> OpenSslMegabytesPerSecondAsync()
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "speed", "-seconds", "2", "-bytes", "16384", "-evp", "sha256" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            // The last line reads "sha256   123456.78k": thousands of bytes per second for the one block size asked.
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("sha256", StringComparison.OrdinalIgnoreCase));
            var figure = last?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.TrimEnd('k');
            return double.TryParse(figure, NumberStyles.Float, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes / 1000 : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>.NET's SHA-256 over <paramref name="data"/> in 1 MiB appends, as the client and the cache hash, in MB/s.</summary>
    public static double DotNetMegabytesPerSecond(byte[] data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data.AsSpan(0, 1 << 20)); // warm-up
        hash.GetHashAndReset();
        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < data.Length; offset += 1 << 20)
        {
            hash.AppendData(data.AsSpan(offset, Math.Min(1 << 20, data.Length - offset)));
        }

        hash.GetHashAndReset();
        return data.Length / clock.Elapsed.TotalSeconds / 1e6;
    }
}
