using Orleans;
using OrleansBridge.Sessions;

namespace OrleansBridge.Video;

/// <summary>Sessions that leave this silo and continue here: detaching, attaching, what a departed session left.</summary>
public sealed partial class VideoContexts
{
    private async Task ReleaseSessionAsync(SessionRelease release)
    {
        if (!_sessions.TryRemove(release.SessionId, out var video))
        {
            return;
        }

        List<VideoLink> links;
        lock (video)
        {
            links = [.. video.Links.Values];
            video.Links.Clear();
            if (release.Moved && links.Count > 0)
            {
                // Kept for one lease: if the session comes back here while its render silo is lost, these are opened again.
                ForgetDeparted();
                _departed[release.SessionId] = new Departed(_time.GetTimestamp(), video.LastId, video.LastTransaction,
                    [.. links.Select(l => new DepartedContext(l.Id, l.Settings, l.Generation, l.Sent))]);
            }
        }

        if (links.Count > 0)
        {
            try
            {
                // Moved: the contexts keep running where they render, and the new silo attaches to them.
                await (release.Moved ? video.Grain.DetachAsync(video.Reference) : video.Grain.CloseAllAsync()).WaitAsync(CallTimeout);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogUnreachable(ex, release.SessionId, release.Moved ? "detach" : "close"); // their lease ends them there
            }
        }

        foreach (var link in links)
        {
            link.Stream.Dispose();
        }

        await Task.Run(() => _grains.DeleteObjectReference<IVideoSink>(video.Reference)); // outside the session's turn, as created
    }

    /// <summary>
    /// A session continued here: its contexts are attached in the background (the handler runs in the
    /// session's turn), and its <c>video.*</c> requests wait for that, so a client that asks for a
    /// keyframe after resuming finds its context.
    /// </summary>
    private void OnContinued(string sessionId, string application)
    {
        var attaching = Task.Run(() => AttachAsync(sessionId, application));
        _attaching[sessionId] = attaching;
        attaching.ContinueWith(_ => _attaching.TryRemove(new KeyValuePair<string, Task>(sessionId, attaching)), TaskScheduler.Default).Ignore();
    }

    private Task AttachedAsync(string sessionId) => _attaching.TryGetValue(sessionId, out var attaching) ? attaching : Task.CompletedTask;

    /// <summary>The session continues here after living on another silo: its contexts, still running, send here from now on.</summary>
    private async Task AttachAsync(string sessionId, string application)
    {
        if (!_media.TryGet(sessionId, out var queue))
        {
            return;
        }

        var video = await TrackAsync(sessionId, application, queue);

        // What this silo kept when the session left it (one lease): told to the grain, and opened again
        // below should the grain have lost it.
        Departed? departed = null;
        if (_departed.TryRemove(sessionId, out var left) && _time.GetElapsedTime(left.At) < VideoGrain.Lease)
        {
            departed = left;
        }

        VideoContextState[] known = departed is null
            ? []
            : [.. departed.Contexts.Select(c => new VideoContextState(application, c.Id, c.Generation, c.Settings.ToParams(), "?", c.Sent))];
        VideoContextState[] states;
        try
        {
            states = await video.Grain.AttachAsync(video.Reference, known).WaitAsync(CallTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, sessionId, "attach");
            states = [];
        }

        var attached = 0;
        List<string> lost = [];
        lock (video)
        {
            // Contexts it had when it left this silo that the video grain lacks (their render silo died meanwhile): opened again below.
            if (departed is not null)
            {
                video.LastId = Math.Max(video.LastId, departed.LastId);
                if (departed.LastTransaction is { } transaction && video.LastTransaction is null)
                {
                    video.Committed(transaction, departed.At);
                }

                foreach (var context in departed.Contexts.Where(c => !video.Links.ContainsKey(c.Id) && states.All(s => s.Context != c.Id)))
                {
                    video.Links[context.Id] = new VideoLink(context.Id, context.Settings, video.Queue.Open(context.Settings.MaxPendingFrames), context.Generation,
                        _time.GetTimestamp()) { Sent = context.Sent };
                    lost.Add(context.Id);
                }
            }

            foreach (var state in states)
            {
                if (video.Links.ContainsKey(state.Context) || !VideoSettings.TryRead(state.Settings, out var settings, out _))
                {
                    continue;
                }

                video.Links[state.Context] = new VideoLink(state.Context, settings, video.Queue.Open(settings.MaxPendingFrames), state.Generation, _time.GetTimestamp())
                {
                    Encoder = state.Encoder,
                    Sent = state.FramesSent,
                };
                video.LastId = Math.Max(video.LastId, int.TryParse(state.Context.AsSpan(1), out var n) ? n : 0);
                attached++;
            }
        }

        if (attached > 0)
        {
            LogAttached(sessionId, attached);
        }

        foreach (var id in lost)
        {
            await ReopenAsync(video, id);
        }

        if (attached + lost.Count > 0)
        {
            EnsureRenewing();
        }
    }

    /// <summary>Drops what departed sessions left here longer than a lease ago (their contexts are closed where they ran).</summary>
    private void ForgetDeparted()
    {
        foreach (var (sessionId, departed) in _departed)
        {
            if (_time.GetElapsedTime(departed.At) >= VideoGrain.Lease)
            {
                _departed.TryRemove(sessionId, out _);
            }
        }
    }

    /// <summary>A session that moved away from this silo, as it was: for a return while its render silo was lost.</summary>
    private sealed record Departed(long At, int LastId, string? LastTransaction, DepartedContext[] Contexts);

    private sealed record DepartedContext(string Id, VideoSettings Settings, long Generation, long Sent);
}
