using System.Text;

namespace OrleansBridge.Storage;

/// <summary>Turns grain types and keys into names safe for files and blobs: no separators, no traversal.</summary>
public static class GrainStorageKeys
{
    /// <summary>
    /// Keeps <c>[a-z0-9-_]</c> (and dots that are not leading) as they are; anything else becomes
    /// <c>~xx</c> per UTF-8 byte. The result never contains a path separator or starts with a dot.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var builder = new StringBuilder(value.Length);
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var plain = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_'
                || (b == (byte)'.' && i > 0);
            if (plain)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('~').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
