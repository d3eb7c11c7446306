using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBridge.Cache;

/// <summary>
/// Reads and writes a <see cref="ContentHash"/> as its 64-character lowercase hex string; any other
/// text is a <see cref="JsonException"/>, so a bad key is refused while parsing, at the edge.
/// </summary>
public sealed class ContentHashJsonConverter : JsonConverter<ContentHash>
{
    /// <inheritdoc />
    public override ContentHash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length != ContentHash.TextLength || reader.ValueIsEscaped)
        {
            throw new JsonException("A content hash is a string of exactly 64 lowercase hexadecimal characters.");
        }

        Span<char> text = stackalloc char[ContentHash.TextLength];
        var length = reader.CopyString(text);
        return ContentHash.TryParse(text[..length], out var hash)
            ? hash
            : throw new JsonException("A content hash is a string of exactly 64 lowercase hexadecimal characters.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ContentHash value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
