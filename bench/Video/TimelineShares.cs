using OrleansBridge.Client;

namespace OrleansBridge.Bench.Video;

/// <summary>
/// Where edit-to-photon goes, stage by stage: the server's timeline of the first frame of each edit
/// (docs/protocol.md §6.7), framed by what only the client sees. The stages of one edit add up to its
/// measured edit-to-photon exactly, so their shares add up to 100%.
/// </summary>
internal sealed class TimelineShares
{
    /// <summary>The stages in order: what each one is the time between.</summary>
    private static readonly (string Name, string Span)[] Stages =
    [
        ("client", "edit sent → its commit sent (begin and put round trips)"),
        ("commit", "gateway read the commit → applied, context told"),
        ("load", "→ the render loop has the scene"),
        ("setup", "→ the first pass starts"),
        ("render", "→ the image resolved"),
        ("wait", "→ the send loop takes it"),
        ("encode", "→ the encoder returns"),
        ("queue", "→ first byte to the socket"),
        ("network", "→ the frame received (and the commit's way up)"),
    ];

    private readonly List<double[]> _edits = [];

    /// <summary>One edit: <paramref name="measuredMs"/> from before its transaction was sent to <paramref name="frame"/>'s arrival.</summary>
    public bool Add(double measuredMs, VideoFrame frame)
    {
        if (frame.Timeline is not { } t || frame.EditToPhoton is not { } editToPhoton || frame.Transit is not { } transit)
        {
            return false; // a server without timelines, or an edit this session did not commit
        }

        _edits.Add(
        [
            measuredMs - editToPhoton.TotalMilliseconds, t.Committed, t.Loaded - t.Committed, t.RenderStart - t.Loaded, t.RenderEnd - t.RenderStart,
            t.EncodeStart - t.RenderEnd, t.EncodeEnd - t.EncodeStart, t.Sent - t.EncodeEnd, transit.TotalMilliseconds,
        ]);
        return true;
    }

    /// <summary>Each stage's p50 and p99 in ms and as a share of its edit's edit-to-photon, for <paramref name="which"/> frames.</summary>
    public void Print(string which)
    {
        if (_edits.Count == 0)
        {
            Console.WriteLine("  (no frame carried a timeline)");
            return;
        }

        Console.WriteLine($"  where the time went, {which} ({_edits.Count} edits; nearest-rank percentiles of each stage and of its share of the edit's time):");
        Console.WriteLine("  stage      p50 ms   p99 ms   share p50   share p99   span");
        for (var i = 0; i < Stages.Length; i++)
        {
            var ms = _edits.Select(e => e[i]).ToList();
            var shares = _edits.Select(e => 100 * e[i] / e.Sum()).ToList();
            var (p50, p99, _) = VideoBench.Percentiles(ms);
            var (s50, s99, _) = VideoBench.Percentiles(shares);
            Console.WriteLine($"  {Stages[i].Name,-8} {p50,8:0.0} {p99,8:0.0} {s50,10:0.0}% {s99,10:0.0}%   {Stages[i].Span}");
        }
    }
}
