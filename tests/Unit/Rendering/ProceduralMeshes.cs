using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Procedural meshes for tests and benchmarks: spheres, planes, terrain, triangle soups.</summary>
public static class ProceduralMeshes
{
    /// <summary>A UV sphere of radius 1 around the origin, outward counter-clockwise faces, with normals and UVs.</summary>
    public static MeshData Sphere(string id, int rings, int segments)
    {
        var positions = new List<Vector3>();
        var uvs = new List<Vector2>();
        for (var r = 0; r <= rings; r++)
        {
            var theta = MathF.PI * r / rings;
            for (var s = 0; s <= segments; s++)
            {
                var phi = 2f * MathF.PI * s / segments;
                positions.Add(new Vector3(MathF.Sin(theta) * MathF.Cos(phi), MathF.Cos(theta), -MathF.Sin(theta) * MathF.Sin(phi)));
                uvs.Add(new Vector2(s / (float)segments, r / (float)rings));
            }
        }

        var indices = new List<int>();
        for (var r = 0; r < rings; r++)
        {
            for (var s = 0; s < segments; s++)
            {
                int a = (r * (segments + 1)) + s, b = a + 1, c = a + segments + 1, d = c + 1;
                if (r > 0)
                {
                    AddOutward(indices, positions, a, c, b);
                }

                if (r < rings - 1)
                {
                    AddOutward(indices, positions, b, c, d);
                }
            }
        }

        return new MeshData { Id = id, Positions = [.. positions], Normals = [.. positions], TexCoords = [.. uvs], Indices = [.. indices] };
    }

    /// <summary>A square of side <paramref name="size"/> in the XZ plane at y = 0, facing +Y, split into n × n quads.</summary>
    public static MeshData Plane(string id, float size, int n = 1) =>
        Terrain(id, size, n, (_, _) => 0f);

    /// <summary>A height field y = height(x, z) over a square of side <paramref name="size"/>, n × n quads, facing +Y.</summary>
    public static MeshData Terrain(string id, float size, int n, Func<float, float, float> height)
    {
        var positions = new Vector3[(n + 1) * (n + 1)];
        var normals = new Vector3[positions.Length];
        var uvs = new Vector2[positions.Length];
        var step = size / n;
        for (var j = 0; j <= n; j++)
        {
            for (var i = 0; i <= n; i++)
            {
                float x = (-size / 2f) + (i * step), z = (-size / 2f) + (j * step);
                var k = (j * (n + 1)) + i;
                positions[k] = new Vector3(x, height(x, z), z);
                var dx = height(x + (0.5f * step), z) - height(x - (0.5f * step), z);
                var dz = height(x, z + (0.5f * step)) - height(x, z - (0.5f * step));
                normals[k] = Vector3.Normalize(new Vector3(-dx, step, -dz));
                uvs[k] = new Vector2(i / (float)n, j / (float)n);
            }
        }

        var indices = new int[6 * n * n];
        var t = 0;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                int a = (j * (n + 1)) + i, b = a + 1, c = a + n + 1, d = c + 1;
                // Counter-clockwise seen from +Y: a (x, z), c (x, z + 1), b (x + 1, z).
                indices[t++] = a;
                indices[t++] = c;
                indices[t++] = b;
                indices[t++] = b;
                indices[t++] = c;
                indices[t++] = d;
            }
        }

        return new MeshData { Id = id, Positions = positions, Normals = normals, TexCoords = uvs, Indices = indices };
    }

    /// <summary><paramref name="count"/> random triangles of edge up to <paramref name="size"/> in [−1, 1]³.</summary>
    public static MeshData Soup(string id, int count, float size, int seed)
    {
        var random = new Random(seed);
        Vector3 Next() => new((random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f, (random.NextSingle() * 2f) - 1f);
        var positions = new Vector3[3 * count];
        for (var i = 0; i < count; i++)
        {
            var center = Next();
            for (var k = 0; k < 3; k++)
            {
                positions[(3 * i) + k] = center + (size * 0.5f * Next());
            }
        }

        return new MeshData { Id = id, Positions = positions, Indices = Enumerable.Range(0, 3 * count).ToArray() };
    }

    private static void AddOutward(List<int> indices, List<Vector3> positions, int a, int b, int c)
    {
        var normal = Vector3.Cross(positions[b] - positions[a], positions[c] - positions[a]);
        var outward = positions[a] + positions[b] + positions[c];
        if (Vector3.Dot(normal, outward) < 0f)
        {
            (b, c) = (c, b);
        }

        indices.Add(a);
        indices.Add(b);
        indices.Add(c);
    }
}
