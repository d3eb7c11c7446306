using System.Text.Json.Serialization;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// The canonical JSON of scene elements and manifests: camelCase, no whitespace, properties in
/// declaration order, nulls omitted, floats in shortest round-trip form, NaN and infinities refused.
/// Reading is strict: a missing required field or a null where none is allowed is a parse error.
/// One value has exactly one encoding, so equal elements hash equally.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(SceneElement))]
[JsonSerializable(typeof(SceneManifest))]
[JsonSerializable(typeof(Messages.TransactionParams))]
[JsonSerializable(typeof(Messages.PutParams))]
[JsonSerializable(typeof(Messages.RemoveParams))]
[JsonSerializable(typeof(Messages.GetParams))]
[JsonSerializable(typeof(Messages.SceneHeadResult))]
[JsonSerializable(typeof(Messages.BeginResult))]
[JsonSerializable(typeof(Messages.ChangeResult))]
[JsonSerializable(typeof(Messages.CommitResult))]
[JsonSerializable(typeof(Messages.ElementsResult))]
[JsonSerializable(typeof(IReadOnlyList<SceneProblem>))]
public sealed partial class SceneJson : JsonSerializerContext;
