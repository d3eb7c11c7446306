namespace OrleansBridge.Hosting;

/// <summary>Grain storage that can list the keys it holds for a grain type (sweeping records nobody addresses).</summary>
public interface IGrainStorageListing
{
    /// <summary>The keys of every record of <paramref name="grainType"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string grainType, CancellationToken cancellationToken);
}
