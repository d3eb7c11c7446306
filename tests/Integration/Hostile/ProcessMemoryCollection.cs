namespace OrleansBridge.Tests.Hostile;

/// <summary>
/// Tests that read the process's managed heap run alone, after the parallel tests: the heap is the
/// whole test process's, and other tests' servers running beside them would be measured too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process memory";
}
