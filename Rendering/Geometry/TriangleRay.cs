using System.Numerics;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// Per-ray constants of the watertight ray/triangle test of Woop, Benthin and Wald, "Watertight
/// Ray/Triangle Intersection", JCGT 2(1), 2013: the axis along which the direction is largest becomes
/// z, and a shear maps the direction onto +z. Every vertex is then transformed once, independently of
/// the triangle it belongs to, so two triangles sharing an edge compute bit-identical edge functions
/// and a ray can never slip through between them.
/// </summary>
/// <remarks>
/// The permutation and shear are folded into three column vectors, so a vertex is transformed with
/// three multiply-adds on a <see cref="Vector3"/> instead of indexed component access. The products
/// with 0 and 1 in the folded matrix are exact, so the result equals the paper's formulation.
/// </remarks>
internal readonly struct TriangleRay
{
    /// <summary>Ray origin.</summary>
    public readonly Vector3 Origin;

    /// <summary>Transformed image of the x axis: (1 or 0 or −Sx, …).</summary>
    public readonly Vector3 Column0;

    /// <summary>Transformed image of the y axis.</summary>
    public readonly Vector3 Column1;

    /// <summary>Transformed image of the z axis.</summary>
    public readonly Vector3 Column2;

    /// <summary>Precomputes the permutation and shear for <paramref name="ray"/>.</summary>
    public TriangleRay(in Ray ray)
    {
        Origin = ray.Origin;
        var d = ray.Direction;
        var a = Vector3.Abs(d);
        var kz = a.X > a.Y ? (a.X > a.Z ? 0 : 2) : (a.Y > a.Z ? 1 : 2);
        var kx = kz == 2 ? 0 : kz + 1;
        var ky = kx == 2 ? 0 : kx + 1;
        var dz = Component(d, kz);
        if (dz < 0f)
        {
            // Swapping x and y keeps the winding, so the sign of the determinant still tells the side.
            (kx, ky) = (ky, kx);
        }

        var sx = Component(d, kx) / dz;
        var sy = Component(d, ky) / dz;
        var sz = 1f / dz;

        // Row r of the 3x3 transform M, so that M·v = (v[kx] − Sx·v[kz], v[ky] − Sy·v[kz], Sz·v[kz]).
        var rowX = Unit(kx) - (sx * Unit(kz));
        var rowY = Unit(ky) - (sy * Unit(kz));
        var rowZ = sz * Unit(kz);
        Column0 = new Vector3(rowX.X, rowY.X, rowZ.X);
        Column1 = new Vector3(rowX.Y, rowY.Y, rowZ.Y);
        Column2 = new Vector3(rowX.Z, rowY.Z, rowZ.Z);
    }

    /// <summary>The vertex relative to the origin, permuted and sheared (z already scaled by Sz).</summary>
    public Vector3 Transform(Vector3 vertex)
    {
        var p = vertex - Origin;
        return (Column0 * p.X) + (Column1 * p.Y) + (Column2 * p.Z);
    }

    private static float Component(Vector3 v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };

    private static Vector3 Unit(int axis) => axis switch { 0 => Vector3.UnitX, 1 => Vector3.UnitY, _ => Vector3.UnitZ };
}
