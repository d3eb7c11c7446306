namespace OrleansBridge.Hosting;

/// <summary>
/// Grain storage that several silos of one cluster share (Azure Blob Storage). With it a session's
/// reliable channel is stored write-ahead, so that the session survives its silo: whichever silo
/// activates the session next rebuilds the channel from storage. The ETag on every write is the fence
/// against a second activation (docs/architecture.md, "Sessions across silos").
/// </summary>
public interface ISharedGrainStorage : IGrainStorage;
