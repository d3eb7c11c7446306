using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// The cache state of every session that used its cache, created on a session's first
/// <c>cache.*</c> request and released, through <see cref="SessionLifecycle.OnRelease"/>, before the
/// session is announced CLOSED: its uploads are aborted (nothing partial becomes visible) and its pins
/// and quota reservations are dropped from the ledger. A PENDING session keeps everything, so an
/// upload continues after a resume.
/// </summary>
internal sealed partial class SessionCacheRegistry
{
    private readonly ConcurrentDictionary<string, SessionCacheState> _sessions = new(StringComparer.Ordinal);
    private readonly IApplicationCatalog _catalog;
    private readonly ApplicationCaches _caches;
    private readonly IGrainFactory _grains;
    private readonly CacheMaintenance _maintenance;
    private readonly ILogger<SessionCacheRegistry> _logger;

    public SessionCacheRegistry(
        SessionLifecycle lifecycle,
        IApplicationCatalog catalog,
        ApplicationCaches caches,
        IGrainFactory grains,
        CacheMaintenance maintenance,
        ILogger<SessionCacheRegistry> logger)
    {
        _catalog = catalog;
        _caches = caches;
        _grains = grains;
        _maintenance = maintenance;
        _logger = logger;
        lifecycle.OnRelease(ReleaseAsync);
    }

    /// <summary>The calling session's cache state, created on first use.</summary>
    public SessionCacheState For(RequestContext context) =>
        _sessions.GetOrAdd(context.SessionId, static (id, args) => args.Self.Create(id, args.Context), (Self: this, Context: context));

    /// <summary>The session's cache state if it used the cache.</summary>
    public bool TryGet(string sessionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionCacheState? state) => _sessions.TryGetValue(sessionId, out state);

    /// <summary>
    /// Runs one upload's put: reserve quota (which pins the entry for the session), stream the chunks
    /// into the cache, settle the reservation, and keep a <c>path:</c> cache within its budget.
    /// </summary>
    public async Task<CachePutResult> PutAsync(SessionCacheState state, CacheUpload upload, Stream content, CancellationToken cancellationToken)
    {
        var reserved = await state.Ledger.ReserveAsync(state.Owner, upload.ReservationId, upload.Hash, upload.Length, state.TenantQuota);
        if (!reserved.Succeeded)
        {
            return CachePutResult.Fail(reserved);
        }

        LogStarted(state.Owner.Id, upload.Hash, upload.Length);
        var stored = false;
        try
        {
            var result = await state.Cache.Cache.PutAsync(upload.Hash, content, cancellationToken);
            stored = result.Status == CachePutStatus.Stored;
            if (result.Succeeded)
            {
                state.Cache.MarkUsed([upload.Hash]);
                LogCompleted(state.Owner.Id, upload.Hash, upload.Length, stored);
            }
            else
            {
                LogFailed(state.Owner.Id, upload.Hash, (int)result.Error, result.Detail ?? string.Empty);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(state.Owner.Id, upload.Hash, upload.Received);
            throw;
        }
        finally
        {
            await state.Ledger.SettleAsync(upload.ReservationId, upload.Hash, stored);
            if (stored)
            {
                state.Cache.NoteStored(upload.Length);
                await _maintenance.EnforceBudgetAsync(state.Cache, CancellationToken.None);
            }
        }
    }

    private SessionCacheState Create(string sessionId, RequestContext context)
    {
        var quota = _catalog.TryGet(context.Application, out var settings) ? settings.Limits.MaxTenantCacheBytes : 0;
        var cache = _caches.For(context.Application);
        return new SessionCacheState(cache, _grains.GetGrain<ICacheLedgerGrain>(cache.Id), PinOwner.Session(sessionId, context.Tenant), quota);
    }

    private async Task ReleaseAsync(SessionRelease closing)
    {
        if (!_sessions.TryRemove(closing.SessionId, out var state))
        {
            return;
        }

        foreach (var upload in state.Release())
        {
            try
            {
                await upload.Completion; // Aborted: its reservation is settled before the pins go.
            }
            catch
            {
                // Cancelled, as aborted uploads end; any other failure was answered to the requests that waited on it.
            }
        }

        await state.Ledger.ReleaseAsync(state.Owner.Id);
    }
}
