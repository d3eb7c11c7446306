using OrleansBridge.Scene;

namespace OrleansBridge.Jobs;

/// <summary>What a running job may see and use.</summary>
/// <param name="JobId">The id the client was given.</param>
/// <param name="SessionId">The session that submitted the job.</param>
/// <param name="Application">The session's application.</param>
/// <param name="Tenant">The session's tenant.</param>
/// <param name="Transaction">The transaction named at submit, or null; the job decides what it means (built-ins read the committed head).</param>
/// <param name="Scene">The session's scene: its committed head and elements.</param>
/// <param name="Progress">Pushes <c>job.progress</c> events to the client.</param>
/// <param name="Time">The server's clock.</param>
/// <param name="Cancellation">Fires on <c>job.cancel</c> and when the session closes.</param>
public sealed record JobContext(
    string JobId,
    string SessionId,
    string Application,
    string Tenant,
    string? Transaction,
    ISceneGrain Scene,
    IJobProgress Progress,
    TimeProvider Time,
    CancellationToken Cancellation);
