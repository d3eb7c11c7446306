using System.Runtime.InteropServices;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Adapter;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>Bulk data for adapter tests, by content hash.</summary>
public sealed class TestBlobs
{
    private readonly Dictionary<ContentHash, ReadOnlyMemory<byte>> _blobs = [];

    public ContentHash Add(byte[] bytes)
    {
        var hash = ContentHash.Compute(bytes);
        _blobs[hash] = bytes;
        return hash;
    }

    public ContentHash Add<T>(T[] values)
        where T : unmanaged => Add(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public InMemoryBlobSource Source => new(_blobs);
}
