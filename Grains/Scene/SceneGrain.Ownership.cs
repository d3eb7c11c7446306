using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Hosting;
using OrleansBridge.Logging;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Scene;

/// <summary>
/// The scene's part in session ownership across silos: its record is leased under the session's lease
/// id, so the takeover that fences the session fences the scene too; the latest commits are kept with
/// the head so that a moved session answers a replayed commit instead of applying it again.
/// </summary>
internal sealed partial class SceneGrain
{
    private const string StateName = "scene";
    private IDisposable? _leaseTimer;
    private volatile bool _fenced;

    public Task<CommitResult?> FindCommitAsync(uint requestSequence) => Task.FromResult(AppliedBy(requestSequence));

    public async Task RelinquishAsync(bool releaseLease)
    {
        _transactions.Clear();
        _leaseTimer?.Dispose();
        _leaseTimer = null;
        _fenced = true;
        if (releaseLease && _record.LeaseId is { } lease && _ownership.Leases is { } leases)
        {
            await leases.ReleaseLeaseAsync(StateName, Key, lease, CancellationToken.None);
        }

        _record.LeaseId = null;
        await Ledger.ReleaseAsync(OrleansBridge.Cache.PinOwner.Scene(SessionId).Id); // this silo's pins; the new owner pins its own
        DelayDeactivation(TimeSpan.Zero);
        DeactivateOnIdle();
    }

    /// <summary>
    /// With leases: make sure the record exists (a lease needs a blob), take its lease under the
    /// session's id, and only then read it, so what is read is what the last owner stored.
    /// </summary>
    private async Task TakeRecordAsync(CancellationToken cancellationToken)
    {
        if (_ownership.Leases is null)
        {
            return;
        }

        if (!_ownership.TryGetLease(SessionId, out var lease))
        {
            throw new InvalidOperationException($"Scene {Key}: this silo does not own session {SessionId}.");
        }

        await _record.ReadStateAsync(cancellationToken);
        if (!_record.RecordExists)
        {
            _record.State = new SceneRecord(_headHash, 0);
            try
            {
                await _record.WriteStateAsync(cancellationToken);
            }
            catch (GrainStateConflictException)
            {
                // Another owner created it first: the lease below decides who goes on.
            }
        }

        var status = await _ownership.TakeAsync(StateName, Key, lease, cancellationToken);
        if (status != LeaseStatus.Ok)
        {
            throw new InvalidOperationException($"Scene {Key}: its lease could not be taken ({status}).");
        }

        _record.LeaseId = lease;
        _leaseTimer = this.RegisterGrainTimer(RenewAsync, _ownership.RenewInterval, _ownership.RenewInterval);
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (_record.LeaseId is not { } lease || _ownership.Leases is not { } leases)
        {
            return;
        }

        var status = await leases.RenewLeaseAsync(StateName, Key, lease, cancellationToken);
        if (status is LeaseStatus.Lost or LeaseStatus.NotFound)
        {
            _fenced = true;
            LogLeaseLost(Key, $"renewal answered {status}");
            await RelinquishAsync(releaseLease: false);
        }
    }

    private CommitResult? AppliedBy(uint requestSequence) =>
        requestSequence == 0 ? null
        : _record.State?.Applied?.LastOrDefault(a => a.Sequence == requestSequence) is { } a ? new CommitResult(a.Transaction, a.Manifest, a.Version, a.Elements)
        : null;

    private static List<AppliedCommit>? KeepApplied(IReadOnlyList<AppliedCommit>? applied, AppliedCommit? latest)
    {
        if (latest is null)
        {
            return applied is null ? null : [.. applied];
        }

        var kept = new List<AppliedCommit>(AppliedCommit.Kept);
        kept.AddRange((applied ?? []).Skip(Math.Max(0, (applied?.Count ?? 0) - (AppliedCommit.Kept - 1))));
        kept.Add(latest);
        return kept;
    }

    [LoggerMessage(EventId = LogEvents.SceneLeaseLost, Level = LogLevel.Warning, Message = "Scene {Scene}: another silo owns it now ({Why}); its open transactions here are dropped")]
    private partial void LogLeaseLost(string scene, string why);
}
