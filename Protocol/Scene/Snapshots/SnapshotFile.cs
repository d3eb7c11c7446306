using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>
/// The exported form of a snapshot (docs/protocol.md §6.6): enough to find it again in the cache that
/// holds it, and nothing secret; the cache is described, never its credentials.
/// </summary>
/// <param name="FormatVersion">The file format; readers refuse versions they do not know.</param>
/// <param name="Snapshot">The snapshot's name.</param>
/// <param name="Manifest">The manifest's hash.</param>
/// <param name="Parent">The parent snapshot's name, or null.</param>
/// <param name="Application">The application it was saved in.</param>
/// <param name="Tenant">The tenant that owns it.</param>
/// <param name="Cache">The cache location, described without secrets.</param>
public sealed record SnapshotFile(int FormatVersion, string Snapshot, ContentHash Manifest, string? Parent, string Application, string Tenant, string Cache)
{
    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Reads a snapshot file; an unknown format version or a malformed file is an error value.</summary>
    public static ErrorCode TryParse(JsonElement json, out SnapshotFile? file)
    {
        file = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return ErrorCode.SceneFormatInvalid;
        }

        // The version is checked before the shape, so a future format with other fields is reported as such.
        if (!json.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var v))
        {
            return ErrorCode.SceneFormatInvalid;
        }

        if (v != CurrentFormatVersion)
        {
            return ErrorCode.SceneFormatVersionUnknown;
        }

        try
        {
            file = json.Deserialize(SnapshotJson.Default.SnapshotFile);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return ErrorCode.SceneFormatInvalid;
        }

        return file is null ? ErrorCode.SceneFormatInvalid : ErrorCode.None;
    }
}
