namespace OrleansBridge.Tests.Infrastructure;

/// <summary>Reproducible pseudo-random content: the same seed gives the same bytes, different seeds differ.</summary>
public static class TestContent
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
