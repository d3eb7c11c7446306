namespace OrleansBridge.Tools.CacheWriter;

/// <summary>The deterministic content of entry i, so that the test knows every hash the writer uses.</summary>
public static class Entries
{
    public static byte[] Content(int seed, int index, int bytes)
    {
        var content = new byte[bytes];
        new Random(unchecked((seed * 1_000_003) + index)).NextBytes(content); // Not HashCode: it differs per process.
        return content;
    }
}
