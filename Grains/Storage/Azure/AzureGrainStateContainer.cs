using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using OrleansBridge.Hosting;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// The blob container of grain state with <c>Bridge:Grains:Storage=azure:…</c>. Orleans'
/// <c>AzureBlobGrainStorage</c> reads and writes the records (blob <c>&lt;state&gt;-&lt;grain id&gt;.json</c>,
/// conditional on ETags); this class gives it the client (the service version Azurite accepts, bounded
/// retries, failures logged) and lists the grain keys that have a record, which Orleans' provider does not.
/// </summary>
public sealed class AzureGrainStateContainer : IGrainStorageListing, IDisposable
{
    private readonly AzureBlobContainer _container;

    /// <summary>Opens <paramref name="location"/>: <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    /// <param name="location">Where the state lives.</param>
    /// <param name="logger">Where retries and failures are logged.</param>
    /// <param name="options">Retry bounds and timeouts, handed to the SDK; the defaults when null.</param>
    public AzureGrainStateContainer(string location, ILogger<AzureGrainStateContainer> logger, StorageHttpOptions? options = null)
    {
        if (!AzureBlobLocation.TryParse(location, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(location));
        }

        _container = new AzureBlobContainer(parsed, options ?? new StorageHttpOptions(), logger);
    }

    /// <summary>The account's blob service, for Orleans' provider.</summary>
    public BlobServiceClient Service => _container.Client.GetParentBlobServiceClient();

    /// <summary>The container's name.</summary>
    public string Name => _container.Client.Name;

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string stateName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = stateName + "-";
        var blobs = _container.Client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await blobs.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (_container.TryRead(ex, "List Blobs", cancellationToken, out var failure))
                {
                    if (failure.Status == 404)
                    {
                        yield break; // no container yet: nothing stored
                    }

                    throw new IOException(failure.Describe(_container.Target, "List Blobs"));
                }

                // <state>-<grain type>/<key>.json: the key is everything after the grain type.
                var name = blobs.Current.Name.AsSpan(prefix.Length);
                var slash = name.IndexOf('/');
                if (slash > 0 && name.EndsWith(".json", StringComparison.Ordinal))
                {
                    yield return name[(slash + 1)..^".json".Length].ToString();
                }
            }
        }
        finally
        {
            await blobs.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _container.Dispose();
}
