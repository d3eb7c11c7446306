using System.Text.Json.Serialization;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// The canonical JSON of scene elements and manifests: camelCase, no whitespace, properties in
/// declaration order, nulls omitted, floats in shortest round-trip form, NaN and infinities refused.
/// One value has exactly one encoding, so equal elements hash equally.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(SceneElement))]
[JsonSerializable(typeof(SceneManifest))]
public sealed partial class SceneJson : JsonSerializerContext;
