namespace OrleansBridge.Protocol.Messages;

/// <summary>A refused handshake, or the reason a connection or session is ending (Reject and Close bodies).</summary>
/// <param name="Code">The stable numeric code.</param>
/// <param name="Reason">A message a person can act on.</param>
/// <param name="SupportedVersions">On <see cref="ErrorCode.UnsupportedProtocolVersion"/>: what the server speaks.</param>
/// <param name="Details">Structured detail a method defines (e.g. every offending element of a refused commit); omitted when absent.</param>
public sealed record ErrorBody(ErrorCode Code, string Reason, IReadOnlyList<int>? SupportedVersions = null, System.Text.Json.JsonElement? Details = null)
{
    /// <summary>An error body with the code's default reason.</summary>
    public static ErrorBody Of(ErrorCode code) => new(code, ErrorCodes.Describe(code));
}
