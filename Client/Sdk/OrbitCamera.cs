using System.Numerics;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Client;

/// <summary>
/// A camera that circles a point, committed as a camera element and the instance that places it
/// (docs/scene.md): what <c>bridge stream --orbit</c> and the video benchmark send as camera edits.
/// The instance must be reachable from the scene's roots; <see cref="Place"/> adds it to a root.
/// </summary>
/// <param name="Name">The camera instance's name, which a video context names as its camera.</param>
/// <param name="Center">The point looked at.</param>
/// <param name="Radius">Distance from the centre in the horizontal plane.</param>
/// <param name="Height">Height above the centre.</param>
public sealed record OrbitCamera(string Name, Vector3 Center, float Radius, float Height)
{
    /// <summary>The camera element's name.</summary>
    public string ElementName => Name + "-camera";

    /// <summary>The instance's column-major transform (glTF order) at <paramref name="angle"/> radians around +Y.</summary>
    public float[] TransformAt(float angle)
    {
        var eye = Center + new Vector3(Radius * MathF.Sin(angle), Height, Radius * MathF.Cos(angle));
        // The camera looks down its −Z with +Y up (glTF): its world transform is the inverse of the view matrix.
        Matrix4x4.Invert(Matrix4x4.CreateLookAt(eye, Center, Vector3.UnitY), out var world);
        return
        [
            world.M11, world.M12, world.M13, world.M14, world.M21, world.M22, world.M23, world.M24,
            world.M31, world.M32, world.M33, world.M34, world.M41, world.M42, world.M43, world.M44,
        ];
    }

    /// <summary>Puts the camera at <paramref name="angle"/> into <paramref name="transaction"/> (element and instance).</summary>
    public void Place(BridgeTransaction transaction, float angle, SceneRootElement? root = null, string rootName = "scene")
    {
        ArgumentNullException.ThrowIfNull(transaction);
        transaction.Put(ElementName, new CameraElement(0.8f));
        transaction.Put(Name, new InstanceElement(ElementName, TransformAt(angle)));
        if (root is not null && !root.Roots.Contains(Name))
        {
            transaction.Put(rootName, root with { Roots = [.. root.Roots, Name] });
        }
    }

    /// <summary>Commits the camera at <paramref name="angle"/>: one camera edit. Returns the commit.</summary>
    public async Task<Scene.Messages.CommitResult> MoveAsync(BridgeSession session, float angle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var transaction = session.BeginTransaction();
        transaction.Put(Name, new InstanceElement(ElementName, TransformAt(angle)));
        return await transaction.CommitAsync(cancellationToken);
    }
}
