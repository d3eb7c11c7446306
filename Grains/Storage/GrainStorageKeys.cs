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

    /// <summary>Reverses <see cref="Escape"/>; false for a name <see cref="Escape"/> cannot have made (a stray file).</summary>
    public static bool TryUnescape(string name, out string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        value = string.Empty;
        var bytes = new List<byte>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '~')
            {
                bytes.Add((byte)name[i]);
                continue;
            }

            if (i + 2 >= name.Length || !byte.TryParse(name.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            bytes.Add(b);
            i += 2;
        }

        if (bytes.Count == 0)
        {
            return false;
        }

        value = Encoding.UTF8.GetString([.. bytes]);
        return Escape(value) == name;
    }
}
