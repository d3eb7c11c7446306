namespace OrleansBridge.Scene.Snapshots;

/// <summary>Snapshot grain keys: <c>&lt;tenant&gt;@&lt;application&gt;</c>, so snapshots outlive the sessions that saved them.</summary>
public static class SnapshotKeys
{
    /// <summary>The key of an application's snapshots for one tenant.</summary>
    public static string For(string application, string tenant) => $"{tenant}@{application}";

    /// <summary>Splits a key into application and tenant.</summary>
    public static (string Application, string Tenant) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.LastIndexOf('@');
        return at < 0 ? throw new ArgumentException($"'{key}' is not a snapshot key.", nameof(key)) : (key[(at + 1)..], key[..at]);
    }

    /// <summary>True for a snapshot name or merge prefix: 1–128 of <c>A–Z a–z 0–9 . _ - /</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');
}
