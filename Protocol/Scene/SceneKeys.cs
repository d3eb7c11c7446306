namespace OrleansBridge.Scene;

/// <summary>Scene grain keys: <c>&lt;sessionId&gt;@&lt;application&gt;</c>.</summary>
public static class SceneKeys
{
    /// <summary>The key of a session's scene.</summary>
    public static string For(string sessionId, string application) => $"{sessionId}@{application}";

    /// <summary>Splits a key into session id and application.</summary>
    public static (string SessionId, string Application) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.LastIndexOf('@');
        return at <= 0 ? throw new ArgumentException($"'{key}' is not a scene key.", nameof(key)) : (key[..at], key[(at + 1)..]);
    }
}
