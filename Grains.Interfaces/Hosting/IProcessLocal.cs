namespace OrleansBridge.Hosting;

/// <summary>
/// Marks an object that the gateway and the grains of one silo share by reference: a session's
/// reliable channel, the connection attached to it, a render's progress callback. Orleans passes
/// such arguments without copying them (<see cref="BridgeContractCopier"/>) and never serializes
/// them, so a grain call that carries one must stay inside the silo that made it
/// (docs/architecture.md, "What crosses a grain call").
/// </summary>
public interface IProcessLocal;
