namespace OrleansBridge.Video;

/// <summary>The lease renewals with each session's video grain, and opening again what a fresh activation lacks.</summary>
public sealed partial class VideoContexts
{
    private void EnsureRenewing()
    {
        lock (_gate)
        {
            _renewing ??= Task.Run(RenewLoopAsync);
        }
    }

    /// <summary>Renews every session's lease each <see cref="RenewPeriod"/>, and at once when membership changes.</summary>
    private async Task RenewLoopAsync()
    {
        var membership = WatchMembershipAsync();
        var retry = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _wake.WaitAsync(retry ? RetryPeriod : RenewPeriod, _stop.Token);
                var rounds = _sessions.Values.Select(RenewAsync).ToList();
                retry = (await Task.WhenAll(rounds)).Contains(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }

        await membership;
    }

    /// <summary>A silo that joins or dies: renew now (a dead render silo's contexts are opened again at once).</summary>
    private async Task WatchMembershipAsync()
    {
        if (_membership is null)
        {
            return;
        }

        try
        {
            await foreach (var _ in _membership.MembershipUpdates.WithCancellation(_stop.Token))
            {
                _wake.Set();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One session's renewal; false when its video grain could not be reached or a context not reopened (retry soon).</summary>
    private async Task<bool> RenewAsync(SessionVideo video)
    {
        string[] ids;
        lock (video)
        {
            if (video.Links.Count == 0)
            {
                return true;
            }

            ids = [.. video.Links.Keys];
        }

        VideoLease lease;
        try
        {
            lease = await video.Grain.RenewAsync(video.Reference, ids).WaitAsync(RenewTimeout, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!video.Unreachable)
            {
                video.Unreachable = true;
                LogUnreachable(ex, video.SessionId, "renew");
            }

            return false;
        }

        video.Unreachable = false;
        var reopened = true;
        foreach (var id in lease.Missing)
        {
            reopened &= await ReopenAsync(video, id, lease.Silo);
        }

        return reopened;
    }

    /// <summary>Opens a context again on the session's video grain (a new generation: frames of the old one are refused).</summary>
    private async Task<bool> ReopenAsync(SessionVideo video, string id, string? silo = null)
    {
        VideoLink? link;
        VideoOpen open;
        lock (video)
        {
            if (!video.Links.TryGetValue(id, out link))
            {
                return true; // closed meanwhile
            }

            link.Generation++;
            link.Opened = _time.GetTimestamp();
            open = new VideoOpen(video.Application, id, link.Generation, link.Settings.ToParams(), video.Reference, video.LastTransaction, link.Sent);
        }

        try
        {
            link.Encoder = await video.Grain.OpenAsync(open).WaitAsync(CallTimeout, _stop.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, video.SessionId, "reopen");
            return false;
        }

        _metrics.VideoContextsReopened.Add(1);
        LogReopened(video.SessionId, id, silo ?? "?");
        return true;
    }
}
