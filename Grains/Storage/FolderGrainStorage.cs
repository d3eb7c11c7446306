using System.Buffers.Binary;
using System.Globalization;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>
/// Grain state in a local folder: <c>&lt;root&gt;/&lt;grainType&gt;/&lt;key&gt;.state</c>, each file an 8-byte
/// little-endian generation followed by the state bytes. The generation is the ETag. Writes go to a
/// temporary file that is flushed to disk and renamed over the old one, so a crash leaves either the
/// old record or the new one, never a torn file. Conditional checks are exact within one process;
/// several processes sharing state use the blob storage instead.
/// </summary>
public sealed class FolderGrainStorage : IGrainStorage, IGrainStorageListing
{
    private const int StripeCount = 64;
    private readonly string _root;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates storage under <paramref name="root"/> (created when missing).</summary>
    public FolderGrainStorage(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string grainType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, GrainStorageKeys.Escape(grainType));
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

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        var path = PathOf(grainType, key);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await ReadUnlockedAsync(path, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        var path = PathOf(grainType, key);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await ReadUnlockedAsync(path, cancellationToken);
            if (etag is null ? current is not null : current?.Etag != etag)
            {
                throw new GrainStateConflictException(
                    $"Grain state {grainType}/{key} changed: expected ETag '{etag ?? "<none>"}', found '{current?.Etag ?? "<none>"}'.");
            }

            var generation = current is null ? 1 : ulong.Parse(current.Etag, CultureInfo.InvariantCulture) + 1;
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

            return generation.ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken)
    {
        var path = PathOf(grainType, key);
        var gate = Stripe(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await ReadUnlockedAsync(path, cancellationToken);
            if (current is null)
            {
                return;
            }

            if (current.Etag != etag)
            {
                throw new GrainStateConflictException($"Grain state {grainType}/{key} changed: expected ETag '{etag}', found '{current.Etag}'.");
            }

            File.Delete(path);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<GrainStateRecord?> ReadUnlockedAsync(string path, CancellationToken cancellationToken)
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

        var generation = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return new GrainStateRecord(bytes.AsMemory(8), generation.ToString(CultureInfo.InvariantCulture));
    }

    private string PathOf(string grainType, string key) =>
        Path.Combine(_root, GrainStorageKeys.Escape(grainType), GrainStorageKeys.Escape(key) + ".state");

    private SemaphoreSlim Stripe(string path) =>
        _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % StripeCount)];
}
