namespace OrleansBridge.Protocol.Reliability;

/// <summary>What to do with a sequenced message that arrived.</summary>
public enum Arrival
{
    /// <summary>The next message in order: deliver it.</summary>
    Deliver,
    /// <summary>Already delivered (a replay after resume): ignore it.</summary>
    Duplicate,
    /// <summary>It skips ahead: something was lost, which the protocol forbids.</summary>
    Gap,
}

/// <summary>
/// The receiving half of reliability: remembers the highest sequence delivered in order, so a
/// replayed message is recognised and ignored — nothing is applied twice (docs/protocol.md §5.2).
/// </summary>
public sealed class InboundSequence
{
    private uint _last;

    /// <summary>Starts after <paramref name="lastDelivered"/>.</summary>
    public InboundSequence(uint lastDelivered = 0) => _last = lastDelivered;

    /// <summary>The highest sequence delivered in order: the value to acknowledge.</summary>
    public uint LastDelivered => Volatile.Read(ref _last);

    /// <summary>Classifies an arrival and, for <see cref="Arrival.Deliver"/>, advances.</summary>
    public Arrival Accept(uint sequence)
    {
        var last = Volatile.Read(ref _last);
        if (sequence <= last)
        {
            return Arrival.Duplicate;
        }

        if (sequence != last + 1)
        {
            return Arrival.Gap;
        }

        Volatile.Write(ref _last, sequence);
        return Arrival.Deliver;
    }
}
