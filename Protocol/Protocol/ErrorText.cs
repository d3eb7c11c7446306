namespace OrleansBridge.Protocol;

/// <summary>
/// Bounds on the text an error carries back to a client. An error may quote what the client sent (an
/// unknown method's name); without a bound, a 4 MiB method name would come back as a 4 MiB error, and
/// the server would build and buffer it for replay. docs/protocol.md §7.
/// </summary>
public static class ErrorText
{
    /// <summary>Characters of client-supplied text an error quotes; longer text is clipped with "…".</summary>
    public const int MaxQuotedChars = 64;

    /// <summary>Characters of any error's reason; a longer reason is clipped with "…".</summary>
    public const int MaxReasonChars = 1024;

    /// <summary>Client-supplied <paramref name="text"/> as an error may quote it: at most <see cref="MaxQuotedChars"/> characters.</summary>
    public static string Quote(string? text) => Clip(text ?? string.Empty, MaxQuotedChars);

    /// <summary>A reason of at most <see cref="MaxReasonChars"/> characters.</summary>
    public static string Reason(string reason) => Clip(reason, MaxReasonChars);

    private static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // Never cut between the halves of a surrogate pair: the JSON writer would have to replace it.
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
