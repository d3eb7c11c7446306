namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// The watertight ray–triangle test (Woop, Benthin and Wald, JCGT 2(1), 2013) as <c>TriangleRay</c> and
/// <c>WatertightTriangle</c> write it: permute so the ray's largest component is z, shear so it points
/// along +z, then the signs of three 2D edge functions decide; an edge function that is exactly 0 in
/// float is recomputed in double, so that exactly one of two triangles sharing an edge is hit.
/// </summary>
internal readonly struct TriangleShear
{
    private readonly Float3 _origin;
    private readonly int _kx;
    private readonly int _ky;
    private readonly int _kz;
    private readonly float _sx;
    private readonly float _sy;
    private readonly float _sz;

    public TriangleShear(DeviceRay ray)
    {
        _origin = ray.Origin;
        var d = ray.Direction;
        float ax = MathF.Abs(d.X), ay = MathF.Abs(d.Y), az = MathF.Abs(d.Z);
        var kz = ax > ay ? (ax > az ? 0 : 2) : (ay > az ? 1 : 2);
        var kx = kz == 2 ? 0 : kz + 1;
        var ky = kx == 2 ? 0 : kx + 1;
        var dz = d[kz];
        if (dz < 0f)
        {
            // Swapping x and y keeps the winding, so the sign of the determinant still tells the side.
            (kx, ky) = (ky, kx);
        }

        _kx = kx;
        _ky = ky;
        _kz = kz;
        _sx = d[kx] / dz;
        _sy = d[ky] / dz;
        _sz = 1f / dz;
    }

    public bool Intersect(Float3 v0, Float3 v1, Float3 v2, float tMax, out float t, out float b1, out float b2)
    {
        var p0 = v0 - _origin;
        var p1 = v1 - _origin;
        var p2 = v2 - _origin;
        var az = p0[_kz];
        var bz = p1[_kz];
        var cz = p2[_kz];
        var ax = p0[_kx] - (_sx * az);
        var ay = p0[_ky] - (_sy * az);
        var bx = p1[_kx] - (_sx * bz);
        var by = p1[_ky] - (_sy * bz);
        var cx = p2[_kx] - (_sx * cz);
        var cy = p2[_ky] - (_sy * cz);

        var u = (cx * by) - (cy * bx);
        var v = (ax * cy) - (ay * cx);
        var w = (bx * ay) - (by * ax);
        if (u == 0f || v == 0f || w == 0f)
        {
            u = (float)(((double)cx * by) - ((double)cy * bx));
            v = (float)(((double)ax * cy) - ((double)ay * cx));
            w = (float)(((double)bx * ay) - ((double)by * ax));
        }

        t = b1 = b2 = 0f;
        if ((u < 0f || v < 0f || w < 0f) && (u > 0f || v > 0f || w > 0f))
        {
            return false;
        }

        var det = u + v + w;
        if (det == 0f)
        {
            return false;
        }

        var scaledT = (u * (_sz * az)) + (v * (_sz * bz)) + (w * (_sz * cz));
        var signedT = det < 0f ? -scaledT : scaledT;
        if (signedT <= 0f || signedT >= tMax * MathF.Abs(det))
        {
            return false;
        }

        var inverse = 1f / det;
        t = scaledT * inverse;
        b1 = v * inverse;
        b2 = w * inverse;
        return true;
    }
}
