namespace OrleansBridge.Hosting;

/// <summary>Grain storage that can list the grains holding a record of one state (sweeping records nobody addresses); Orleans' providers cannot.</summary>
public interface IGrainStorageListing
{
    /// <summary>The keys of every grain with a <paramref name="stateName"/> record, in no particular order.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string stateName, CancellationToken cancellationToken);
}
