namespace OrleansBridge.Protocol;

/// <summary>The protocol versions this build speaks, and how one is chosen (docs/protocol.md §4.1).</summary>
public static class ProtocolVersions
{
    /// <summary>The newest version.</summary>
    public const int Current = 1;

    /// <summary>Every version accepted, oldest first.</summary>
    public static IReadOnlyList<int> Supported { get; } = [1];

    /// <summary>The highest supported version not above the client's; none when the client is older than all.</summary>
    public static bool TryNegotiate(int clientVersion, out int chosen)
    {
        chosen = 0;
        foreach (var version in Supported)
        {
            if (version <= clientVersion)
            {
                chosen = version;
            }
        }

        return chosen != 0;
    }
}
