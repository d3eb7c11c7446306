namespace OrleansBridge.Scene.Gltf;

/// <summary>How normals are made for a primitive that has none.</summary>
public enum GltfNormalMode
{
    /// <summary>
    /// Flat: each triangle gets its face normal (its vertices are split). glTF 2.0 §3.7.2.1: "When normals
    /// are not specified, client implementations MUST calculate flat normals".
    /// </summary>
    Flat,

    /// <summary>Smooth: area-weighted averages of the face normals around each shared vertex (not glTF's rule; opt-in).</summary>
    Smooth,
}
