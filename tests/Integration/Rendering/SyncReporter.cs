namespace OrleansBridge.Tests.Rendering;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (no posting), so reports are seen in order and at once.</summary>
public sealed class SyncReporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
