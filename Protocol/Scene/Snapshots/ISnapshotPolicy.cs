using OrleansBridge.Protocol;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>
/// Decides whether a tenant may save another snapshot. Replace the built-in, configuration-driven
/// policy by registering another implementation before <c>AddBridgeGrains</c>.
/// </summary>
public interface ISnapshotPolicy
{
    /// <summary>
    /// <see cref="ErrorCode.None"/> to allow, or the refusal's code (<see cref="ErrorCode.SnapshotDenied"/>,
    /// <see cref="ErrorCode.SnapshotLimitReached"/>) with a message a person can act on.
    /// </summary>
    (ErrorCode Error, string Message) CanSave(string application, string tenant, int existingSnapshots);
}
