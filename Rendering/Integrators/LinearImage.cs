using System.Numerics;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// A linear-light RGB image, three floats per pixel, row-major, top row first: the renderer's output
/// before any tone mapping (what EXR stores).
/// </summary>
public sealed class LinearImage
{
    /// <summary>A black image.</summary>
    public LinearImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new float[width * height * 3];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>R, G, B per pixel.</summary>
    public float[] Pixels { get; }

    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public Vector3 this[int x, int y]
    {
        get
        {
            var i = 3 * ((y * Width) + x);
            return new Vector3(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }

        set
        {
            var i = 3 * ((y * Width) + x);
            Pixels[i] = value.X;
            Pixels[i + 1] = value.Y;
            Pixels[i + 2] = value.Z;
        }
    }
}
