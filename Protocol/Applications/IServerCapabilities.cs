namespace OrleansBridge.Applications;

/// <summary>The capability names announced in Welcome: the callable methods and protocol features.</summary>
public interface IServerCapabilities
{
    /// <summary>Capability names, stable across releases.</summary>
    IReadOnlyList<string> Capabilities { get; }
}
