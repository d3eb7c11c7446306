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
    private uint _durable;
    private volatile bool _held;

    /// <summary>Starts after <paramref name="lastDelivered"/>.</summary>
    public InboundSequence(uint lastDelivered = 0) => _last = lastDelivered;

    /// <summary>The highest sequence delivered in order: the value to acknowledge.</summary>
    public uint LastDelivered => Volatile.Read(ref _last);

    /// <summary>
    /// The position the peer may be told (acknowledged, or named in a Welcome): every delivered message,
    /// unless acknowledgements are held until the position is durable (<see cref="HoldAcknowledgements"/>).
    /// A peer drops what is acknowledged, so a server whose successor must resume exactly never
    /// acknowledges what it could forget.
    /// </summary>
    public uint Acknowledgeable => _held ? Math.Min(Volatile.Read(ref _durable), Volatile.Read(ref _last)) : Volatile.Read(ref _last);

    /// <summary>From now on acknowledge only what <see cref="MarkDurable"/> reported stored.</summary>
    public void HoldAcknowledgements()
    {
        Volatile.Write(ref _durable, Volatile.Read(ref _last));
        _held = true;
    }

    /// <summary>Positions up to <paramref name="position"/> are stored and may be acknowledged.</summary>
    public void MarkDurable(uint position)
    {
        uint current;
        do
        {
            current = Volatile.Read(ref _durable);
            if (position <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _durable, position, current) != current);
    }

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
