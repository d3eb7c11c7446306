using System.Runtime.Intrinsics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Per-ray constants of the 4-wide watertight test (Woop, Benthin and Wald 2013, with the same axis
/// choice and shear as <see cref="TriangleRay"/>), broadcast to all lanes, with the origin already
/// permuted into (kx, ky, kz) order.
/// </summary>
internal readonly struct PackRay
{
    /// <summary>Axis indices: z is the direction's dominant axis; x, y keep the winding.</summary>
    public readonly int Kx, Ky, Kz;

    /// <summary>Origin components along kx, ky, kz.</summary>
    public readonly Vector128<float> OriginX, OriginY, OriginZ;

    /// <summary>Shear constants Sx = dx/dz, Sy = dy/dz, Sz = 1/dz (permuted axes).</summary>
    public readonly Vector128<float> ShearX, ShearY, ShearZ;

    /// <summary>Precomputes the constants of <paramref name="ray"/>.</summary>
    public PackRay(in Ray ray)
    {
        var d = ray.Direction;
        var a = System.Numerics.Vector3.Abs(d);
        Kz = a.X > a.Y ? (a.X > a.Z ? 0 : 2) : (a.Y > a.Z ? 1 : 2);
        Kx = Kz == 2 ? 0 : Kz + 1;
        Ky = Kx == 2 ? 0 : Kx + 1;
        var dz = Component(d, Kz);
        if (dz < 0f)
        {
            (Kx, Ky) = (Ky, Kx);
        }

        OriginX = Vector128.Create(Component(ray.Origin, Kx));
        OriginY = Vector128.Create(Component(ray.Origin, Ky));
        OriginZ = Vector128.Create(Component(ray.Origin, Kz));
        ShearX = Vector128.Create(Component(d, Kx) / dz);
        ShearY = Vector128.Create(Component(d, Ky) / dz);
        ShearZ = Vector128.Create(1f / dz);
    }

    private static float Component(System.Numerics.Vector3 v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };
}
