using System.Diagnostics;

namespace OrleansBridge.Client;

/// <summary>
/// When this session sent its latest commits, by transaction id, so that a frame naming one can tell its
/// edit-to-photon (<see cref="VideoFrame.EditToPhoton"/>). Bounded: only recent commits are waited on.
/// </summary>
internal sealed class CommitTimes
{
    /// <summary>Commits remembered: far more than are ever in flight between a commit and its first frame.</summary>
    private const int Kept = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Notes that the commit of <paramref name="transaction"/> is being sent now.</summary>
    public void Sending(string transaction)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_sent.TryAdd(transaction, now))
            {
                _order.Enqueue(transaction);
                if (_order.Count > Kept)
                {
                    _sent.Remove(_order.Dequeue());
                }
            }
        }
    }

    /// <summary>When the commit of <paramref name="transaction"/> was sent, if this session sent it recently.</summary>
    public long? SentAt(string? transaction)
    {
        if (transaction is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _sent.TryGetValue(transaction, out var at) ? at : null;
        }
    }
}
