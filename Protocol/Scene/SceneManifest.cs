using System.Collections.Immutable;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;

namespace OrleansBridge.Scene;

/// <summary>
/// A committed scene version: element name → element hash, stored in the cache under its own hash
/// (DESIGN.md, data model). Names are kept in ordinal order, so two equal scenes have byte-equal
/// manifests and equal manifest hashes.
/// </summary>
/// <param name="FormatVersion">The manifest format; readers refuse versions they do not know.</param>
/// <param name="Elements">Element hashes by name.</param>
public sealed record SceneManifest(int FormatVersion, ImmutableSortedDictionary<string, ContentHash> Elements)
{
    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest of the empty scene.</summary>
    public static SceneManifest Empty { get; } = new(CurrentFormatVersion, ImmutableSortedDictionary.Create<string, ContentHash>(StringComparer.Ordinal));

    /// <summary>The canonical bytes.</summary>
    public byte[] ToCanonicalBytes() => JsonSerializer.SerializeToUtf8Bytes(this, SceneJson.Default.SceneManifest);

    /// <summary>The manifest's identity: SHA-256 of its canonical bytes.</summary>
    public ContentHash ComputeHash() => ContentHash.Compute(ToCanonicalBytes());

    /// <summary>Reads a manifest; an unknown format version or malformed JSON is an error value.</summary>
    public static ErrorCode TryParse(ReadOnlySpan<byte> json, out SceneManifest manifest)
    {
        manifest = Empty;
        SceneManifest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, SceneJson.Default.SceneManifest);
        }
        catch (JsonException)
        {
            return ErrorCode.SceneFormatInvalid;
        }

        if (parsed is null)
        {
            return ErrorCode.SceneFormatInvalid;
        }

        if (parsed.FormatVersion != CurrentFormatVersion)
        {
            return ErrorCode.SceneFormatVersionUnknown;
        }

        manifest = parsed with { Elements = parsed.Elements.WithComparers(StringComparer.Ordinal) };
        return ErrorCode.None;
    }
}
