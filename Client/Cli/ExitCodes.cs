namespace OrleansBridge.Cli;

/// <summary>The tool's exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A network or unexpected failure.</summary>
    public const int Failed = 1;

    /// <summary>The server refused: a Reject or a refused upgrade, with its code printed.</summary>
    public const int Refused = 2;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 64;
}
