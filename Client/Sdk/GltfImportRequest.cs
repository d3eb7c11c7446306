namespace OrleansBridge.Client;

/// <summary>How <see cref="BridgeSession.ImportGltfAsync"/> places a glTF file in the session's scene.</summary>
/// <param name="Prefix">Prepended to every element name.</param>
/// <param name="Replace">Remove what the scene holds under the prefix first (everything, for an empty prefix); otherwise merge.</param>
public sealed record GltfImportRequest(string Prefix = "imported/", bool Replace = false);
