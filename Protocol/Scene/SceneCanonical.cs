using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>Canonical bytes and hashes of scene elements.</summary>
public static class SceneCanonical
{
    /// <summary>The element's canonical JSON. Throws for NaN or infinite numbers: validate first.</summary>
    public static byte[] Serialize(SceneElement element) => JsonSerializer.SerializeToUtf8Bytes(element, SceneJson.Default.SceneElement);

    /// <summary>The element's identity: SHA-256 of its canonical JSON.</summary>
    public static ContentHash Hash(SceneElement element) => ContentHash.Compute(Serialize(element));

    /// <summary>Reads an element from JSON (the wire or the cache); malformed input is an error value.</summary>
    public static ErrorCode TryDeserialize(ReadOnlySpan<byte> json, out SceneElement? element, out string message)
    {
        element = null;
        try
        {
            element = JsonSerializer.Deserialize(json, SceneJson.Default.SceneElement);
            message = element is null ? "An element must be a JSON object with a \"type\"." : string.Empty;
        }
        catch (JsonException ex)
        {
            message = ex.Message;
        }
        catch (NotSupportedException ex)
        {
            // Thrown for a missing or unknown "type" discriminator.
            message = ex.Message;
        }

        return element is null ? ErrorCode.SceneElementInvalid : ErrorCode.None;
    }
}
