namespace OrleansBridge.Tools.CacheWriter;

/// <summary>Gives the first half of its content, then announces "paused" and never returns: a writer frozen mid-entry.</summary>
internal sealed class PausingStream : MemoryStream
{
    private readonly int _half;

    public PausingStream(byte[] content)
        : base(content, writable: false) => _half = content.Length / 2;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= _half)
        {
            Console.WriteLine("paused");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await base.ReadAsync(buffer[..Math.Min(buffer.Length, _half - (int)Position)], cancellationToken);
    }
}
