namespace OrleansBridge.Bench;

/// <summary>What one ffmpeg run produced: its standard output, or what went wrong.</summary>
/// <param name="Problem">Null on success; otherwise why the run failed (exit code and the end of stderr, timeout, too much output).</param>
/// <param name="Output">Standard output on success (empty otherwise).</param>
public readonly record struct FfmpegResult(string? Problem, byte[] Output)
{
    /// <summary>True when ffmpeg exited with 0 within its limits.</summary>
    public bool Succeeded => Problem is null;
}
