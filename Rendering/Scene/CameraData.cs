using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// A glTF perspective camera placed by its node: it looks down the node's local −Z with +Y up and +X to
/// the right. An optional thin lens (not part of glTF) adds depth of field.
/// </summary>
public sealed record CameraData
{
    /// <summary>The camera node's global transform (row-vector convention); scale is ignored.</summary>
    public Matrix4x4 Transform { get; init; } = Matrix4x4.Identity;

    /// <summary>Vertical field of view in radians (glTF yfov).</summary>
    public float YFov { get; init; } = 0.8f;

    /// <summary>
    /// Width / height of the view (glTF aspectRatio). Null uses the image's own aspect; a value that
    /// differs from the image's stretches the view to fill it, like glTF's projection matrix does.
    /// </summary>
    public float? AspectRatio { get; init; }

    /// <summary>Nearest distance along the primary ray at which geometry is seen (glTF znear).</summary>
    public float ZNear { get; init; } = 1e-3f;

    /// <summary>Lens diameter in metres (the scene contract's <c>Aperture</c>); 0 is a pinhole.</summary>
    public float Aperture { get; init; }

    /// <summary>Distance in metres, along −Z, of the plane in focus (thin lens only).</summary>
    public float FocusDistance { get; init; } = 10f;

    /// <summary>World-space camera position.</summary>
    public Vector3 Position => Transform.Translation;

    /// <summary>World-space unit viewing direction (the node's −Z).</summary>
    public Vector3 Forward => Vector3.Normalize(Vector3.TransformNormal(-Vector3.UnitZ, Transform));

    /// <summary>
    /// A camera at <paramref name="eye"/> looking at <paramref name="target"/>, the node matrix a glTF
    /// exporter would write for it.
    /// </summary>
    public static CameraData LookAt(Vector3 eye, Vector3 target, Vector3 up, float yFov) => new()
    {
        // CreateLookAt builds the view (world-to-camera) matrix with the camera looking down −Z: its
        // inverse is the node transform.
        Transform = Matrix4x4.Invert(Matrix4x4.CreateLookAt(eye, target, up), out var world) ? world : Matrix4x4.Identity,
        YFov = yFov,
    };
}
