using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Sessions.Ownership;

/// <summary>
/// Write-ahead storage of a session's reliable channel, for sessions that can move between silos.
/// Nothing reaches the client before it is stored: the outbox sends only what a write released, and
/// acknowledgements (and a Welcome's position) name only what a write stored. Writes are grouped: one
/// write at a time carries everything appended meanwhile, so a burst costs one round trip, not one per
/// message. Every write carries the record's ETag; a conflict means another activation owns the
/// session now, and <c>fenced</c> is called.
/// <para>
/// The one exception: the answer to a request that changes nothing (docs/protocol.md §5.5) goes out
/// as soon as every message before it has, and what it changed (the delivered position, the outbox)
/// is stored within the unstored-answer window, or with the next write that something else needs. A
/// client that lost such answers with a dying silo re-sends the requests; one that received them
/// resumes past the stored end (<see cref="Outbox.ResumeFrom"/>). Acknowledgements still name only
/// what is stored.
/// </para>
/// <para>
/// Writes go through the session's Orleans <see cref="IPersistentState{TState}"/>, which may only be used
/// on the activation's scheduler. Changes arrive from any thread (the socket's pump appends answers), so
/// the write loop is started on the scheduler the journal was created on (the activation's, in a grain
/// turn): its awaits interleave with the grain's turns there, and its writes never block one.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never creates its wait handle (only WaitAsync is used), so there is nothing to dispose; a write may still hold it when the session leaves.")]
internal sealed class SessionJournal
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Unstored changes after which a write is due at once: bounds what a client holds unacknowledged.</summary>
    private const int MaxUnstoredChanges = 256;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly SortedDictionary<uint, InFlightRequest> _inFlight = [];
    private readonly IPersistentState<SessionRecord> _record;
    private readonly SessionChannel _channel;
    private readonly TimeProvider _time;
    private readonly TaskScheduler _activation = TaskScheduler.Current;
    private readonly Func<Exception, Task> _fenced;
    private readonly Action<Exception> _failed;
    private readonly TimeSpan _unstoredWindow;
    private int _dirty;
    private int _running;
    private int _unstored;
    private int _windowArmed;
    private volatile bool _stopped;

    public SessionJournal(IPersistentState<SessionRecord> record, SessionChannel channel, IEnumerable<InFlightRequest> inFlight, TimeProvider time, TimeSpan unstoredWindow, Func<Exception, Task> fenced, Action<Exception> failed)
    {
        _record = record;
        _channel = channel;
        _time = time;
        _unstoredWindow = unstoredWindow;
        _fenced = fenced;
        _failed = failed;
        foreach (var request in inFlight)
        {
            _inFlight[request.Sequence] = request;
        }

        channel.Outbox.HoldUntilReleased();
        channel.Inbound.HoldAcknowledgements();
        channel.Outbox.Appended = Changed;
    }

    /// <summary>
    /// Delivers a client sequence and, when it is new, records the request as in flight, atomically with
    /// respect to a write. The write is scheduled by <see cref="Describe"/>, once the request's kind is known.
    /// </summary>
    public Arrival Accept(uint sequence, uint requestId)
    {
        lock (_gate)
        {
            var arrival = _channel.Inbound.Accept(sequence);
            if (arrival == Arrival.Deliver)
            {
                _inFlight[sequence] = new InFlightRequest(sequence, requestId, string.Empty);
            }

            return arrival;
        }
    }

    /// <summary>
    /// Names the method of an in-flight request once parsed, and schedules the write of its delivery:
    /// at once when it changes state, else within the unstored-answer window.
    /// </summary>
    public void Describe(uint sequence, string method, bool changesState)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(sequence, out var request))
            {
                _inFlight[sequence] = request with { Method = method };
            }
        }

        if (changesState)
        {
            Changed();
        }
        else
        {
            ChangedUnstored();
        }
    }

    /// <summary>
    /// Appends the answer of request <paramref name="sequence"/> and forgets it as in flight, atomically
    /// with respect to a write. An answer that need not be stored first (<paramref name="mustStore"/>
    /// false) is sent as soon as every message before it is.
    /// </summary>
    public bool Answer(uint sequence, byte[] frame, bool mustStore = true)
    {
        uint appended;
        lock (_gate)
        {
            if (!_channel.Outbox.TryAppend(frame, out appended, notifyOwner: false))
            {
                return false;
            }

            _inFlight.Remove(sequence);
        }

        if (mustStore || _unstoredWindow <= TimeSpan.Zero || !_channel.Outbox.ReleaseIfNext(appended))
        {
            Changed(); // behind a message that waits for storage: the same write releases both
        }
        else
        {
            ChangedUnstored();
        }

        return true;
    }

    /// <summary>
    /// Schedules a write within the unstored-answer window (or at once past
    /// <see cref="MaxUnstoredChanges"/>, or with no window); returns at once.
    /// </summary>
    private void ChangedUnstored()
    {
        if (_unstoredWindow <= TimeSpan.Zero || Interlocked.Increment(ref _unstored) >= MaxUnstoredChanges)
        {
            Changed();
            return;
        }

        if (!_stopped && Interlocked.CompareExchange(ref _windowArmed, 1, 0) == 0)
        {
            _ = Task.Factory.StartNew(WindowAsync, CancellationToken.None, TaskCreationOptions.None, _activation).Unwrap();
        }
    }

    private async Task WindowAsync()
    {
        await Task.Delay(_unstoredWindow, _time);
        Volatile.Write(ref _windowArmed, 0);
        if (Volatile.Read(ref _unstored) > 0)
        {
            Changed();
        }
    }

    /// <summary>Schedules a write; returns at once.</summary>
    public void Changed()
    {
        Volatile.Write(ref _dirty, 1);
        if (!_stopped && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.None, _activation).Unwrap();
        }
    }

    /// <summary>
    /// Writes now and returns when stored: a takeover's fence. Its ETag moves, so an activation that
    /// still serves the session elsewhere has its next write refused. Throws
    /// <see cref="InconsistentStateException"/> when another activation wrote first.
    /// </summary>
    public async Task WriteNowAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await WriteOnceAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Stops scheduling writes, then writes once more so that everything appended so far is stored.</summary>
    public async Task StopAsync(bool flush)
    {
        _stopped = true;
        _channel.Outbox.Appended = null;
        await _writing.WaitAsync();
        try
        {
            if (flush)
            {
                await WriteOnceAsync();
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task RunAsync()
    {
        while (!_stopped)
        {
            if (Interlocked.Exchange(ref _dirty, 0) == 0)
            {
                Volatile.Write(ref _running, 0);
                // A change that arrived after the check and saw the loop running must not be lost.
                if (Volatile.Read(ref _dirty) == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            InconsistentStateException? conflict = null;
            await _writing.WaitAsync();
            try
            {
                if (!_stopped)
                {
                    await WriteOnceAsync();
                }
            }
            catch (InconsistentStateException ex)
            {
                _stopped = true;
                conflict = ex;
            }
            catch (Exception ex) when (ex is OrleansException or IOException or TaskCanceledException)
            {
                _failed(ex);
                Volatile.Write(ref _dirty, 1);
                await Task.Delay(RetryDelay, _time); // storage is down: nothing may be released until it is back
            }
            finally
            {
                _writing.Release();
            }

            if (conflict is not null)
            {
                Volatile.Write(ref _running, 0);
                await _fenced(conflict); // outside the write lock: the session stops the journal from there
                return;
            }
        }

        Volatile.Write(ref _running, 0);
    }

    private async Task WriteOnceAsync()
    {
        uint delivered;
        uint last;
        lock (_gate)
        {
            Volatile.Write(ref _unstored, 0); // this write carries them
            delivered = _channel.Inbound.LastDelivered;
            var (acknowledged, frames) = _channel.Outbox.Snapshot();
            last = acknowledged + (uint)frames.Length;
            _record.State = _record.State with { Channel = new SessionChannelRecord(delivered, acknowledged, frames, [.. _inFlight.Values]) };
        }

        await _record.WriteStateAsync();
        _channel.Inbound.MarkDurable(delivered);
        _channel.Outbox.Release(last);
    }
}
