using System.Numerics;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// The state of one <see cref="SceneAdapter.BuildAsync"/>: what has been mapped so far (by element
/// name, so an element used many times is read and decoded once), the bulk bytes read, and the first
/// problem. Methods return false after recording a problem; the caller stops and returns it.
/// </summary>
internal sealed partial class AdapterBuild(
    IReadOnlyDictionary<string, SceneElement> elements,
    IBlobSource blobs,
    SceneAdapter adapter,
    CancellationToken cancellationToken)
{
    /// <summary>Nesting of groups followed at most: the validator refuses cycles, this bounds the walk anyway.</summary>
    private const int MaxGroupDepth = 64;

    private readonly List<MeshData> _meshes = [];
    private readonly Dictionary<string, int> _meshByName = new(StringComparer.Ordinal);
    private readonly List<MaterialData> _materials = [];
    private readonly Dictionary<string, int> _materialByName = new(StringComparer.Ordinal);
    private readonly List<TextureData> _textures = [];
    private readonly Dictionary<string, int> _textureByName = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, Array> _arrays = [];
    private readonly List<InstanceData> _instances = [];
    private readonly List<LightData> _lights = [];
    private long _bulkBytes;
    private ErrorCode _error;
    private string? _message;

    public List<SceneCamera> Cameras { get; } = [];

    public long TriangleCount { get; private set; }

    public bool Failed => _error != ErrorCode.None;

    public AdapterResult Result() => AdapterResult.Fail(_error, _message ?? ErrorCodes.Describe(_error));

    public bool Fail(ErrorCode error, string message)
    {
        if (_error == ErrorCode.None)
        {
            _error = error;
            _message = message;
        }

        return false;
    }

    /// <summary>The element <paramref name="name"/> as a <typeparamref name="T"/>, or null after recording 4601/4602.</summary>
    public T? Resolve<T>(string name, string usedAs)
        where T : SceneElement
    {
        if (!elements.TryGetValue(name, out var element))
        {
            Fail(ErrorCode.SceneDanglingReference, $"'{name}', {usedAs}, does not exist in the scene.");
            return null;
        }

        if (element is not T typed)
        {
            Fail(ErrorCode.SceneTypeMismatch, $"'{name}', {usedAs}, is a {element.Kind}.");
            return null;
        }

        return typed;
    }

    /// <summary>Walks instance <paramref name="name"/> and, through groups, everything below it (child world = local · parent world).</summary>
    public bool Flatten(string name, Matrix4x4 parentWorld, int depth, List<Placement> placements)
    {
        if (depth > MaxGroupDepth)
        {
            return Fail(ErrorCode.SceneReferenceCycle, $"Groups nest deeper than {MaxGroupDepth} levels at '{name}'; they may contain each other.");
        }

        if (Resolve<InstanceElement>(name, "an instance in the hierarchy") is not { } instance
            || Resolve<SceneElement>(instance.Target, $"the target of instance '{name}'") is not { } target)
        {
            return false;
        }

        var world = SceneAdapter.ToMatrix(instance.Transform) * parentWorld;
        if (target is not GroupElement group)
        {
            placements.Add(new Placement(name, instance, target, world));
            return true;
        }

        foreach (var child in group.Children)
        {
            if (!Flatten(child, world, depth + 1, placements))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Maps every placement: meshes become instances, lights and cameras get their world transforms.</summary>
    public async Task<bool> AddPlacementsAsync(List<Placement> placements)
    {
        foreach (var placement in placements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (placement.Target)
            {
                case MeshElement mesh:
                    if (await MeshIndexAsync(placement.Element.Target, mesh) is not { } meshIndex)
                    {
                        return false;
                    }

                    int? material = null;
                    if ((placement.Element.MaterialOverride ?? mesh.Material) is { } materialName)
                    {
                        material = await MaterialIndexAsync(materialName);
                        if (material is null)
                        {
                            return false;
                        }
                    }

                    _instances.Add(new InstanceData { Mesh = meshIndex, Material = material, Transform = placement.World });
                    TriangleCount += _meshes[meshIndex].TriangleCount;
                    break;
                case LightElement light:
                    _lights.Add(MapLight(light, placement.World));
                    break;
                case CameraElement camera:
                    Cameras.Add(new SceneCamera(placement.Instance, placement.Element.Target, MapCamera(camera, placement.World)));
                    break;
                default:
                    return Fail(ErrorCode.SceneTypeMismatch, $"Instance '{placement.Instance}' places '{placement.Element.Target}', a {placement.Target.Kind}; only meshes, lights, cameras and groups can be placed.");
            }
        }

        return true;
    }

    /// <summary>The scene's camera instance when the hierarchy does not reach it: its own transform, no parents.</summary>
    public CameraData? UnplacedCamera(string instanceName)
    {
        if (Resolve<InstanceElement>(instanceName, "the scene's camera") is not { } instance
            || Resolve<CameraElement>(instance.Target, $"the target of camera instance '{instanceName}'") is not { } camera)
        {
            return null;
        }

        var data = MapCamera(camera, SceneAdapter.ToMatrix(instance.Transform));
        Cameras.Add(new SceneCamera(instanceName, instance.Target, data));
        return data;
    }

    public SceneDescription Description(EnvironmentData? environment, CameraData? camera)
    {
        var description = new SceneDescription
        {
            Meshes = _meshes,
            Materials = _materials,
            Textures = _textures,
            Instances = _instances,
            Lights = _lights,
            Environment = environment,
        };
        return description with { Camera = camera ?? DefaultCamera.Frame(description) };
    }

    private static LightData MapLight(LightElement light, Matrix4x4 world) => new()
    {
        Kind = light.LightType switch
        {
            "spot" => LightKind.Spot,
            "directional" => LightKind.Directional,
            _ => LightKind.Point,
        },
        Color = ToVector3(light.Color, Vector3.One),
        Intensity = light.Intensity,
        Range = light.Range,
        InnerConeAngle = light.InnerConeAngle,
        OuterConeAngle = light.OuterConeAngle,
        Transform = world,
    };

    /// <summary>Field by field; <c>zfar</c> is dropped (a path tracer does not clip).</summary>
    internal static CameraData MapCamera(CameraElement camera, Matrix4x4 world) => new()
    {
        Transform = world,
        YFov = camera.YFov,
        AspectRatio = camera.AspectRatio,
        ZNear = camera.ZNear,
        Aperture = camera.Aperture,
        FocusDistance = camera.FocusDistance,
    };

    private static Vector3 ToVector3(float[]? values, Vector3 fallback) =>
        values is { Length: >= 3 } v ? new Vector3(v[0], v[1], v[2]) : fallback;
}
