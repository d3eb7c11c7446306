using System.Buffers.Binary;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>
/// Orleans grain storage in a local folder, the embedded default (<c>Bridge:Grains:Storage=path:…</c>):
/// <c>&lt;root&gt;/&lt;state name&gt;/&lt;grain key&gt;.state</c>, each file an 8-byte little-endian
/// generation followed by the state as serialized by the <see cref="IGrainStorageSerializer"/>. The
/// generation is the ETag. A grain that keeps several records of one kind names them
/// <c>&lt;state&gt;/&lt;part&gt;</c>: they are stored as <c>&lt;state&gt;/&lt;grain key&gt;/&lt;part&gt;</c>
/// (the cache ledger's shards). Writes go to a temporary file that is flushed to disk and renamed over
/// the old one, so a crash leaves either the old record or the new one, never a torn file. A write or
/// clear whose ETag is not the stored one throws <see cref="InconsistentStateException"/>. Conditional
/// checks are exact within one process; several processes share state through Azure Blob Storage.
/// </summary>
public sealed class FolderGrainStorage : IGrainStorage, IGrainStorageListing
{
    private const int StripeCount = 64;
    private readonly string _root;
    private readonly IGrainStorageSerializer _serializer;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates storage under <paramref name="root"/> (created when missing).</summary>
    public FolderGrainStorage(string root, IGrainStorageSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(serializer);
        _root = Path.GetFullPath(root);
        _serializer = serializer;
        Directory.CreateDirectory(_root);
    }

    /// <summary>Creates storage under <paramref name="root"/> for the product's grain states.</summary>
    public FolderGrainStorage(string root)
        : this(root, BridgeStateSerializer.Instance)
    {
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string stateName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, GrainStorageKeys.Escape(stateName));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.state"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (GrainStorageKeys.TryUnescape(Path.GetFileNameWithoutExtension(file), out var key))
            {
                yield return key;
            }

            await Task.Yield(); // a folder of many records does not hold the caller's thread
        }
    }

    /// <summary>The file that holds state <paramref name="stateName"/> of <paramref name="grainId"/>.</summary>
    public string FileOf(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var key = grainId.Key.ToString() ?? throw new ArgumentException("A grain id without a key.", nameof(grainId));
        var part = stateName.IndexOf('/', StringComparison.Ordinal);
        if (part > 0)
        {
            key = $"{key}/{stateName[(part + 1)..]}";
            stateName = stateName[..part];
        }

        return Path.Combine(_root, GrainStorageKeys.Escape(stateName), GrainStorageKeys.Escape(key) + ".state");
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = FileOf(stateName, grainId);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var record = await ReadUnlockedAsync(path, cancellationToken);
            if (record is { } stored)
            {
                grainState.State = _serializer.Deserialize<T>(new BinaryData(stored.Data));
                grainState.ETag = stored.Generation.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var data = _serializer.Serialize(grainState.State).ToMemory();
        var path = FileOf(stateName, grainId);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await ReadUnlockedAsync(path, cancellationToken);
            var etag = grainState.ETag;
            if (etag is null ? current is not null : current?.Generation.ToString(CultureInfo.InvariantCulture) != etag)
            {
                throw Conflict(stateName, grainId, etag, current);
            }

            var generation = current is { } stored ? stored.Generation + 1 : 1;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    var header = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(header, generation);
                    await file.WriteAsync(header, cancellationToken);
                    await file.WriteAsync(data, cancellationToken);
                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            grainState.ETag = generation.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = FileOf(stateName, grainId);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await ReadUnlockedAsync(path, cancellationToken);
            if (current is not null)
            {
                if (current.Value.Generation.ToString(CultureInfo.InvariantCulture) != grainState.ETag)
                {
                    throw Conflict(stateName, grainId, grainState.ETag, current);
                }

                File.Delete(path);
            }

            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            gate.Release();
        }
    }

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected, (ulong Generation, ReadOnlyMemory<byte> Data)? current)
    {
        var found = current?.Generation.ToString(CultureInfo.InvariantCulture);
        return new InconsistentStateException(
            $"Grain state {stateName} of {grainId} changed: expected ETag '{expected ?? "<none>"}', found '{found ?? "<none>"}'.", found, expected, null);
    }

    private static async Task<(ulong Generation, ReadOnlyMemory<byte> Data)?> ReadUnlockedAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null; // The usual case for a new grain; the catch below covers a concurrent delete.
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"Grain state file {path} is shorter than its header.");
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes), bytes.AsMemory(8));
    }

    private SemaphoreSlim Stripe(string path) =>
        _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % StripeCount)];
}
