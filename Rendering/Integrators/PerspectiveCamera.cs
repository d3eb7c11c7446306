using System.Numerics;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Generates primary rays for a <see cref="CameraData"/> and an image size: glTF conventions (looks
/// down the node's −Z, +Y up, +X right, vertical field of view), pixel (0, 0) at the top left, the pixel
/// filter by importance sampling (<see cref="Sampling.PixelFilter"/>), and an optional thin lens focused at
/// <see cref="CameraData.FocusDistance"/>.
/// </summary>
public sealed class PerspectiveCamera
{
    private readonly Vector3 _position;
    private readonly Vector3 _right;
    private readonly Vector3 _up;
    private readonly Vector3 _back;
    private readonly float _tanHalfX;
    private readonly float _tanHalfY;
    private readonly float _aperture; // lens radius
    private readonly float _focus;
    private readonly float _zNear;

    /// <summary>
    /// A camera for <paramref name="width"/> × <paramref name="height"/> pixels whose samples spread over a
    /// Blackman–Harris pixel filter <paramref name="pixelFilter"/> pixels wide (0, the default here: the box over the pixel).
    /// </summary>
    public PerspectiveCamera(CameraData camera, int width, int height, float pixelFilter = 0f)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (!PixelFilter.IsValid(pixelFilter))
        {
            throw new ArgumentOutOfRangeException(nameof(pixelFilter), pixelFilter, $"Use a width from 0 to {PixelFilter.MaxWidth} pixels.");
        }

        Data = camera;
        Width = width;
        Height = height;
        PixelFilterWidth = pixelFilter;
        var m = camera.Transform;
        _position = m.Translation;
        _right = Vector3.Normalize(Vector3.TransformNormal(Vector3.UnitX, m));
        _up = Vector3.Normalize(Vector3.TransformNormal(Vector3.UnitY, m));
        _back = Vector3.Normalize(Vector3.TransformNormal(Vector3.UnitZ, m));
        _tanHalfY = MathF.Tan(0.5f * camera.YFov);
        _tanHalfX = _tanHalfY * (camera.AspectRatio ?? (width / (float)height));
        _aperture = 0.5f * camera.Aperture;
        _focus = camera.FocusDistance;
        _zNear = camera.ZNear;
    }

    /// <summary>The camera description.</summary>
    public CameraData Data { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel filter's width in pixels (<see cref="PixelFilter"/>); 0 is the box over the pixel.</summary>
    public float PixelFilterWidth { get; }

    /// <summary>The ray through film position (<paramref name="filmX"/>, <paramref name="filmY"/>) in pixels, y down.</summary>
    public Ray RayThrough(float filmX, float filmY, Vector2 lens)
    {
        var x = ((2f * filmX / Width) - 1f) * _tanHalfX;
        var y = (1f - (2f * filmY / Height)) * _tanHalfY;
        var direction = new Vector3(x, y, -1f);
        var origin = Vector3.Zero;
        if (_aperture > 0f)
        {
            // Thin lens: every ray through the lens point meets the pinhole ray on the plane z = −focus.
            var onLens = _aperture * Warp.ConcentricDisk(lens);
            origin = new Vector3(onLens, 0f);
            direction = (_focus * direction) - origin;
        }

        var world = Vector3.Normalize((direction.X * _right) + (direction.Y * _up) + (direction.Z * _back));
        var start = _position + (origin.X * _right) + (origin.Y * _up);

        // glTF znear is a depth along the view axis, not a distance along the ray.
        var depth = -Vector3.Dot(world, _back);
        return new Ray(start + (world * (_zNear / MathF.Max(depth, 1e-6f))), world);
    }

    /// <summary>The primary ray of a sample of pixel (<paramref name="x"/>, <paramref name="y"/>), placed by the pixel filter.</summary>
    public Ray GenerateRay(int x, int y, ref PixelSampler sampler)
    {
        // One 4D group: the film position in its first two (jointly stratified) dimensions, the lens in the others.
        var u = sampler.Next4D();
        var lens = _aperture > 0f ? new Vector2(u.Z, u.W) : Vector2.Zero;
        return RayThrough(x + 0.5f + PixelFilter.Offset(u.X, PixelFilterWidth), y + 0.5f + PixelFilter.Offset(u.Y, PixelFilterWidth), lens);
    }
}
