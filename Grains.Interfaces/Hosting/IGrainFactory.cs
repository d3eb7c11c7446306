namespace OrleansBridge.Hosting;

/// <summary>Marker for grain interfaces addressed by a string key (as in Orleans).</summary>
public interface IGrainWithStringKey;

/// <summary>Gets references to grains; a call through a reference activates the grain on first use.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key)
        where TGrain : class, IGrainWithStringKey;
}
