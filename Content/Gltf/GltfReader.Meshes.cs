using System.Text.Json;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Meshes (glTF 2.0 §3.7): each triangle primitive becomes a mesh element; a mesh of several
/// primitives becomes a group of instances of them, so a node places it with one instance.
/// </summary>
internal sealed partial class GltfReader
{
    private static readonly string[] PrimitiveExtensions = [];

    /// <summary>The element a node's <c>mesh</c> places: the one mesh element, a group, or null when no primitive was importable.</summary>
    private string?[] ReadMeshes(string[] materials)
    {
        var meshes = GltfJson.Array(_root, "meshes", string.Empty);
        var targets = new string?[meshes.Count];
        for (var i = 0; i < meshes.Count; i++)
        {
            var path = $"meshes[{i}]";
            var mesh = meshes[i];
            NoteExtensions(mesh, path);
            var baseName = NameFor("mesh", mesh, i);
            var primitives = GltfJson.Array(mesh, "primitives", path);
            if (primitives.Count == 0)
            {
                throw new GltfFormatException($"{path}.primitives must hold at least one primitive.");
            }

            if (mesh.TryGetProperty("weights", out _))
            {
                Report("morphTargets", $"{path} has default morph weights; morph targets are not imported.");
            }

            var made = new List<string>();
            for (var p = 0; p < primitives.Count; p++)
            {
                var name = primitives.Count == 1 ? baseName : $"{baseName}/{p}";
                if (ReadPrimitive(primitives[p], $"{path}.primitives[{p}]", materials) is { } element)
                {
                    Add(name, element);
                    made.Add(name);
                }
            }

            if (made.Count <= 1)
            {
                targets[i] = made.Count == 1 ? made[0] : null;
                continue;
            }

            // Several primitives: one instance each (identity), gathered in a group named as the mesh.
            var children = new List<string>();
            foreach (var primitive in made)
            {
                Add(primitive + "/instance", new InstanceElement(primitive));
                children.Add(primitive + "/instance");
            }

            Add(baseName, new GroupElement(children));
            targets[i] = baseName;
        }

        return targets;
    }

    private MeshElement? ReadPrimitive(JsonElement primitive, string path, string[] materials)
    {
        NoteExtensions(primitive, path, PrimitiveExtensions);
        var mode = GltfJson.Integer(primitive, "mode", path, 0, 6) ?? 4;
        if (mode < 4)
        {
            Report("primitiveMode", $"{path} has mode {mode} ({(mode == 0 ? "points" : "lines")}); only triangles are imported, the primitive is skipped.");
            return null;
        }

        if (primitive.TryGetProperty("targets", out var targets))
        {
            Report("morphTargets", $"{path} has {(targets.ValueKind == JsonValueKind.Array ? targets.GetArrayLength() : 0)} morph targets; the base shape is imported.");
        }

        var attributes = GltfJson.Object(primitive, "attributes", path) ?? throw new GltfFormatException($"{path}.attributes is required.");
        int? Attribute(string semantic) => GltfJson.Index(attributes, semantic, path + ".attributes", _accessors.Count, "accessor");
        foreach (var semantic in GltfJson.PropertyNames(attributes))
        {
            if (semantic is "POSITION" or "NORMAL" or "TANGENT" or "TEXCOORD_0")
            {
                continue;
            }

            var feature = semantic.StartsWith("TEXCOORD_", StringComparison.Ordinal) ? "multipleUvSets"
                : semantic.StartsWith("COLOR_", StringComparison.Ordinal) ? "vertexColors"
                : semantic.StartsWith("JOINTS_", StringComparison.Ordinal) || semantic.StartsWith("WEIGHTS_", StringComparison.Ordinal) ? "skin"
                : "attribute";
            Report(feature, $"{path}.attributes.{semantic} is not imported.");
        }

        var positionAccessor = Attribute("POSITION") ?? throw new GltfFormatException($"{path}.attributes.POSITION is required.");
        var positions = _accessors.ReadFloats(positionAccessor, 3, "POSITION");
        var vertexCount = positions.Length / 3;
        float[]? Read(string semantic, int components)
        {
            if (Attribute(semantic) is not { } accessor)
            {
                return null;
            }

            var values = _accessors.ReadFloats(accessor, components, semantic);
            return values.Length == vertexCount * components ? values
                : throw new GltfFormatException($"{path}.attributes.{semantic}: accessors[{accessor}] has {values.Length / components} elements; POSITION has {vertexCount}.");
        }

        var normals = Read("NORMAL", 3);
        var tangents = Read("TANGENT", 4);
        var uvs = Read("TEXCOORD_0", 2);
        var indices = GltfJson.Index(primitive, "indices", path, _accessors.Count, "accessor") is { } indexAccessor
            ? CheckIndices(_accessors.ReadIndices(indexAccessor, "indices"), vertexCount, $"{path} (accessors[{indexAccessor}])")
            : null;
        indices = mode switch
        {
            5 => Strip(indices ?? Sequence(vertexCount)),
            6 => Fan(indices ?? Sequence(vertexCount)),
            _ => indices,
        };
        var corners = indices?.Length ?? vertexCount;
        if (corners % 3 != 0 || corners == 0)
        {
            throw new GltfFormatException($"{path}: {corners} {(indices is null ? "vertices" : "indices")} do not make whole triangles.");
        }

        if (normals is null)
        {
            if (_options.Normals == GltfNormalMode.Smooth && indices is not null)
            {
                normals = GltfGeometry.SmoothNormals(positions, indices);
            }
            else
            {
                // Flat normals need a vertex per corner: the shared vertices are split.
                if (indices is not null)
                {
                    if (_vertices + corners > _options.MaxVertices)
                    {
                        throw new GltfFormatException(ErrorCode.GltfTooLarge, $"{path}: the meshes hold more than {_options.MaxVertices} vertices, the importer's limit.");
                    }

                    positions = Expand(positions, indices, 3);
                    uvs = uvs is null ? null : Expand(uvs, indices, 2);
                    indices = null;
                    vertexCount = corners;
                }

                normals = GltfGeometry.FlatNormals(positions);
            }

            // glTF 2.0 §3.7.2.1: without normals, provided tangents must be ignored.
            tangents = null;
        }

        _vertices += vertexCount;
        _triangles += corners / 3;
        if (_vertices > _options.MaxVertices)
        {
            throw new GltfFormatException(ErrorCode.GltfTooLarge, $"{path}: the meshes hold more than {_options.MaxVertices} vertices, the importer's limit.");
        }

        var material = GltfJson.Index(primitive, "material", path, materials.Length, "material") is { } m ? materials[m] : null;
        return new MeshElement(
            AddArray(positions), vertexCount,
            indices is null ? null : AddArray(indices), indices?.Length ?? 0,
            AddArray(normals), uvs is null ? null : AddArray(uvs), tangents is null ? null : AddArray(tangents), material);
    }

    private static uint[] CheckIndices(uint[] indices, int vertexCount, string path)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] >= vertexCount)
            {
                throw new GltfFormatException($"{path}: index {indices[i]} at position {i} is beyond the {vertexCount} vertices.");
            }
        }

        return indices;
    }

    private static uint[] Sequence(int count)
    {
        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (uint)i;
        }

        return values;
    }

    /// <summary>Triangle strip to list, glTF 2.0 §3.7.2.1: triangle i is (v[i], v[i + 1 + i%2], v[i + 2 − i%2]).</summary>
    private static uint[] Strip(uint[] strip)
    {
        var triangles = Math.Max(strip.Length - 2, 0);
        var list = new uint[triangles * 3];
        for (var i = 0; i < triangles; i++)
        {
            list[i * 3] = strip[i];
            list[(i * 3) + 1] = strip[i + 1 + (i % 2)];
            list[(i * 3) + 2] = strip[i + 2 - (i % 2)];
        }

        return list;
    }

    /// <summary>Triangle fan to list, glTF 2.0 §3.7.2.1: triangle i is (v[i + 1], v[i + 2], v[0]).</summary>
    private static uint[] Fan(uint[] fan)
    {
        var triangles = Math.Max(fan.Length - 2, 0);
        var list = new uint[triangles * 3];
        for (var i = 0; i < triangles; i++)
        {
            list[i * 3] = fan[i + 1];
            list[(i * 3) + 1] = fan[i + 2];
            list[(i * 3) + 2] = fan[0];
        }

        return list;
    }

    private static float[] Expand(float[] values, uint[] indices, int components)
    {
        var expanded = new float[indices.Length * components];
        for (var i = 0; i < indices.Length; i++)
        {
            Array.Copy(values, indices[i] * components, expanded, i * components, components);
        }

        return expanded;
    }
}
