using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Storage;

namespace OrleansBridge.Scene;

/// <summary>
/// The scene's part in sessions that move between silos: the latest commits are kept with the head,
/// in the same write, so that a moved session answers a replayed commit instead of applying it again;
/// a commit whose write is refused on its ETag (another activation wrote the record) fences this
/// activation, which then commits nothing more.
/// </summary>
internal sealed partial class SceneGrain
{
    private volatile bool _fenced;

    public Task<CommitResult?> FindCommitAsync(uint requestSequence) => Task.FromResult(AppliedBy(requestSequence));

    public async Task RelinquishAsync()
    {
        _transactions.Clear();
        _fenced = true;
        await Ledger.ReleaseAsync(OrleansBridge.Cache.PinOwner.Scene(SessionId).Id); // this activation's pins; the next one pins its own
        DelayDeactivation(TimeSpan.Zero);
        DeactivateOnIdle();
    }

    private CommitResult? AppliedBy(uint requestSequence) =>
        requestSequence == 0 ? null
        : _record.Stored()?.Applied?.LastOrDefault(a => a.Sequence == requestSequence) is { } a ? new CommitResult(a.Transaction, a.Manifest, a.Version, a.Elements)
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

    [LoggerMessage(EventId = LogEvents.SceneFenced, Level = LogLevel.Warning, Message = "Scene {Scene}: another activation wrote its record ({Why}); its open transactions here are dropped")]
    private partial void LogFenced(string scene, string why);
}
