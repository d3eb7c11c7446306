using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Cameras (glTF 2.0 §3.10) and KHR_lights_punctual lights.</summary>
internal sealed partial class GltfReader
{
    /// <summary>One camera element per perspective camera; null for orthographic ones (reported).</summary>
    private string?[] ReadCameras()
    {
        var cameras = GltfJson.Array(_root, "cameras", string.Empty);
        var names = new string?[cameras.Count];
        for (var i = 0; i < cameras.Count; i++)
        {
            var path = $"cameras[{i}]";
            var camera = cameras[i];
            NoteExtensions(camera, path);
            var type = GltfJson.String(camera, "type", path);
            if (type == "orthographic")
            {
                Report("orthographicCamera", $"{path} is orthographic; only perspective cameras are imported.");
                continue;
            }

            var perspective = type == "perspective" ? GltfJson.Object(camera, "perspective", path) : null;
            if (perspective is not { } p)
            {
                throw new GltfFormatException($"{path}: type must be perspective or orthographic with the matching object.");
            }

            var pPath = path + ".perspective";
            var yfov = GltfJson.Number(p, "yfov", pPath, float.NaN);
            var znear = GltfJson.Number(p, "znear", pPath, float.NaN);
            var zfar = p.TryGetProperty("zfar", out _) ? GltfJson.Number(p, "zfar", pPath, 0) : (float?)null;
            var aspect = p.TryGetProperty("aspectRatio", out _) ? GltfJson.Number(p, "aspectRatio", pPath, 0) : (float?)null;
            if (!(yfov > 0 && yfov < MathF.PI) || !(znear > 0) || zfar <= znear || aspect <= 0)
            {
                throw new GltfFormatException($"{pPath}: needs 0 < yfov < π, znear > 0, zfar > znear and aspectRatio > 0 (yfov {yfov}, znear {znear}, zfar {zfar}, aspectRatio {aspect}).");
            }

            names[i] = NameFor("camera", camera, i);
            Add(names[i]!, new CameraElement(yfov, aspect, znear, zfar));
        }

        return names;
    }

    /// <summary>One light element per KHR_lights_punctual light, intensity in glTF's units (candela; lux for directional).</summary>
    private string[] ReadLights()
    {
        var extension = GltfJson.Object(_root, "extensions", string.Empty) is { } ext
            ? GltfJson.Object(ext, "KHR_lights_punctual", "extensions")
            : null;
        if (extension is not { } punctual)
        {
            return [];
        }

        var lights = GltfJson.Array(punctual, "lights", "extensions.KHR_lights_punctual");
        var names = new string[lights.Count];
        for (var i = 0; i < lights.Count; i++)
        {
            var path = $"extensions.KHR_lights_punctual.lights[{i}]";
            var light = lights[i];
            var type = GltfJson.String(light, "type", path);
            if (type is not ("point" or "spot" or "directional"))
            {
                throw new GltfFormatException($"{path}.type '{type}' is not point, spot or directional.");
            }

            var color = Unit(GltfJson.Numbers(light, "color", path, 3), path + ".color") ?? [1, 1, 1];
            var intensity = GltfJson.Number(light, "intensity", path, 1);
            var range = light.TryGetProperty("range", out _) ? GltfJson.Number(light, "range", path, 0) : (float?)null;
            if (intensity < 0 || range <= 0)
            {
                throw new GltfFormatException($"{path}: intensity must be at least 0 and range positive (intensity {intensity}, range {range}).");
            }

            float inner = 0;
            var outer = MathF.PI / 4;
            if (type == "spot")
            {
                var spot = GltfJson.Object(light, "spot", path) ?? throw new GltfFormatException($"{path}.spot is required for a spot light.");
                inner = GltfJson.Number(spot, "innerConeAngle", path + ".spot", 0);
                outer = GltfJson.Number(spot, "outerConeAngle", path + ".spot", MathF.PI / 4);
                if (!(outer > 0 && outer <= MathF.PI / 2) || inner < 0 || inner > outer)
                {
                    throw new GltfFormatException($"{path}.spot: needs 0 <= innerConeAngle < outerConeAngle <= π/2 (inner {inner}, outer {outer}).");
                }

                if (inner == outer)
                {
                    // Exporters write a hard-edged spot this way; the scene model needs inner < outer.
                    inner = MathF.Max(0, outer - 1e-4f);
                    Report("spotCone", $"{path}: innerConeAngle equals outerConeAngle; imported 0.0001 rad smaller.");
                }
            }

            names[i] = NameFor("light", light, i);
            Add(names[i], new LightElement(type, color, intensity, range, inner, outer));
        }

        return names;
    }
}
