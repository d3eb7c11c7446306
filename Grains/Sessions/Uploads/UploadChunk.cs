using System.Buffers;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// One received chunk of an upload, copied out of the connection's receive buffer (which the next
/// message reuses) into a pooled array, waiting to be read into the cache. Its request is answered
/// when <see cref="Consumed"/> completes, so the client's in-flight bytes follow the cache's pace.
/// </summary>
internal sealed class UploadChunk
{
    private readonly TaskCompletionSource<bool> _consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _bytes;

    public UploadChunk(ReadOnlySpan<byte> bytes)
    {
        Length = bytes.Length;
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(_bytes);
    }

    /// <summary>The chunk's length.</summary>
    public int Length { get; }

    /// <summary>True once the cache read the whole chunk; false when the upload ended before it did.</summary>
    public Task<bool> Consumed => _consumed.Task;

    /// <summary>The bytes from <paramref name="offset"/> on; empty once released.</summary>
    public ReadOnlySpan<byte> From(int offset) => _bytes is { } bytes ? bytes.AsSpan(offset, Length - offset) : [];

    /// <summary>Returns the array to the pool and resolves <see cref="Consumed"/>; later calls do nothing.</summary>
    public void Release(bool consumed)
    {
        if (Interlocked.Exchange(ref _bytes, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            _consumed.TrySetResult(consumed);
        }
    }
}
