using System.Numerics;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Column-major 4×4 arithmetic written out by hand, to check transforms independently of the importer.</summary>
internal static class GltfMath
{
    /// <summary>a · b for column-major matrices: element (row r, column c) lives at c·4 + r.</summary>
    public static float[] Multiply(float[] a, float[] b)
    {
        var m = new float[16];
        for (var c = 0; c < 4; c++)
        {
            for (var r = 0; r < 4; r++)
            {
                float sum = 0;
                for (var k = 0; k < 4; k++)
                {
                    sum += a[(k * 4) + r] * b[(c * 4) + k];
                }

                m[(c * 4) + r] = sum;
            }
        }

        return m;
    }

    /// <summary>The point (x, y, z, 1) transformed.</summary>
    public static Vector3 Apply(float[] m, float x, float y, float z) => new(
        (m[0] * x) + (m[4] * y) + (m[8] * z) + m[12],
        (m[1] * x) + (m[5] * y) + (m[9] * z) + m[13],
        (m[2] * x) + (m[6] * y) + (m[10] * z) + m[14]);
}
