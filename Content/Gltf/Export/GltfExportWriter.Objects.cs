using System.Numerics;
using OrleansBridge.Scene.Elements;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Meshes, cameras and lights.</summary>
internal sealed partial class GltfExportWriter
{
    private Mesh MeshOf(string name, List<(string Name, MeshElement Mesh)> primitives, string? materialOverride)
    {
        var key = materialOverride is null ? name : $"{name}\n{materialOverride}";
        if (_meshes.TryGetValue(key, out var done))
        {
            return done;
        }

        var mesh = _model.CreateMesh(LocalName(name, "mesh"));
        foreach (var (primitiveName, element) in primitives)
        {
            var primitive = mesh.CreatePrimitive();
            var positions = As<Vector3>(Bytes(element.Positions, primitiveName));
            primitive.SetVertexAccessor("POSITION", Vertices(positions, primitiveName, element.VertexCount, DimensionType.VEC3, true));
            if (element.Normals is { } normals)
            {
                primitive.SetVertexAccessor("NORMAL", Vertices(As<Vector3>(Bytes(normals, primitiveName)), primitiveName, element.VertexCount, DimensionType.VEC3, false));
            }

            if (element.Tangents is { } tangents)
            {
                primitive.SetVertexAccessor("TANGENT", Vertices(As<Vector4>(Bytes(tangents, primitiveName)), primitiveName, element.VertexCount, DimensionType.VEC4, false));
            }

            if (element.Uvs is { } uvs)
            {
                primitive.SetVertexAccessor("TEXCOORD_0", Vertices(As<Vector2>(Bytes(uvs, primitiveName)), primitiveName, element.VertexCount, DimensionType.VEC2, false));
            }

            if (element.Indices is { } indices)
            {
                var values = As<uint>(Bytes(indices, primitiveName));
                if (values.Length != element.IndexCount)
                {
                    throw new GltfFormatException(ErrorCode.GltfInvalid, $"Mesh '{primitiveName}' declares {element.IndexCount} indices; its array holds {values.Length}.");
                }

                var view = _model.UseBufferView(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), 0, null, 0, BufferMode.ELEMENT_ARRAY_BUFFER);
                var accessor = _model.CreateAccessor();
                accessor.SetIndexData(view, 0, values.Length, IndexEncodingType.UNSIGNED_INT);
                primitive.SetIndexAccessor(accessor);
            }

            primitive.DrawPrimitiveType = PrimitiveType.TRIANGLES;
            if ((materialOverride ?? element.Material) is { } material)
            {
                primitive.Material = MaterialOf(material, primitiveName);
            }
        }

        _meshes[key] = mesh;
        return mesh;
    }

    private Accessor Vertices<T>(T[] values, string mesh, int count, DimensionType dimensions, bool bounds)
        where T : struct
    {
        if (values.Length != count)
        {
            throw new GltfFormatException(ErrorCode.GltfInvalid, $"Mesh '{mesh}' declares {count} vertices; an array of it holds {values.Length}.");
        }

        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var view = _model.UseBufferView(bytes, 0, null, 0, BufferMode.ARRAY_BUFFER);
        var accessor = _model.CreateAccessor();
        accessor.SetVertexData(view, 0, count, new AttributeFormat(dimensions));
        if (bounds)
        {
            // glTF 2.0 §3.6.2.5: POSITION accessors must carry min and max.
            accessor.UpdateBounds();
        }

        return accessor;
    }

    private Camera CameraOf(string name, CameraElement element)
    {
        if (!_cameras.TryGetValue(name, out var camera))
        {
            camera = _model.CreateCamera(LocalName(name, "camera"));
            camera.SetPerspectiveMode(element.AspectRatio, element.YFov, element.ZNear, element.ZFar ?? float.PositiveInfinity);
            _cameras[name] = camera;
        }

        return camera;
    }

    private PunctualLight LightOf(string name, LightElement element)
    {
        if (_lights.TryGetValue(name, out var light))
        {
            return light;
        }

        light = _model.CreatePunctualLight(LocalName(name, "light"), element.LightType switch
        {
            "spot" => PunctualLightType.Spot,
            "directional" => PunctualLightType.Directional,
            _ => PunctualLightType.Point,
        });
        // Intensity stays in glTF's units (candela, lux): the scene model keeps them unconverted.
        light.SetColor(new Vector3(element.Color[0], element.Color[1], element.Color[2]), element.Intensity, element.Range ?? float.PositiveInfinity);
        if (element.LightType == "spot")
        {
            light.SetSpotCone(element.InnerConeAngle, element.OuterConeAngle);
        }

        _lights[name] = light;
        return light;
    }
}
