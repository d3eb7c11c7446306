namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// One live instance of a grain. <see cref="Gate"/> admits one turn at a time (a turn is a whole
/// call, awaits included: grains are not reentrant). Fields other than <see cref="LastUsed"/> are
/// read and written only while holding the gate.
/// </summary>
internal sealed class GrainActivation
{
    public GrainActivation(GrainId id, GrainContext context)
    {
        Id = id;
        Context = context;
    }

    public GrainId Id { get; }

    public GrainContext Context { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public object? Instance { get; set; }

    public bool Deactivated { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last turn's end.</summary>
    public long LastUsed;
}
