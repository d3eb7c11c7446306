using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Tests.Scene;

public sealed class SceneValidatorTests
{
    internal static Dictionary<string, SceneElement> ValidScene() => new(StringComparer.Ordinal)
    {
        ["mesh"] = new MeshElement(SceneCanonicalTests.Positions, 3, Material: "red"),
        ["red"] = new MaterialElement { BaseColorFactor = [1, 0, 0, 1] },
        ["cam"] = new CameraElement(0.8f),
        ["lamp"] = new LightElement("spot", [1, 1, 1], 100, InnerConeAngle: 0.1f, OuterConeAngle: 0.5f),
        ["i-mesh"] = new InstanceElement("mesh"),
        ["i-cam"] = new InstanceElement("cam", [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 5, 1]),
        ["i-lamp"] = new InstanceElement("lamp"),
        ["all"] = new GroupElement(["i-mesh", "i-lamp"]),
        ["i-all"] = new InstanceElement("all"),
        ["opts"] = new OptionsElement { EnvironmentColor = [0.1f, 0.1f, 0.1f] },
        ["scene"] = new SceneRootElement(["i-all", "i-cam"], Camera: "i-cam", Options: "opts"),
    };

    [Fact]
    public void Validate_ValidScene_NoProblems() => Assert.Empty(SceneValidator.Validate(ValidScene()));

    public static TheoryData<string, SceneElement, string, ErrorCode> Broken() => new()
    {
        { "mesh", new MeshElement(SceneCanonicalTests.Positions, 3, Material: "nope"), "mesh", ErrorCode.SceneDanglingReference },
        { "mesh", new MeshElement(SceneCanonicalTests.Positions, 3, Material: "cam"), "mesh", ErrorCode.SceneTypeMismatch },
        { "mesh", new MeshElement(SceneCanonicalTests.Positions, 4), "mesh", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { RoughnessFactor = 1.5f }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { BaseColorFactor = [1, 0, 0] }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { AlphaMode = "glass" }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Ior = 0.9f }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Transmission = new MaterialTransmission(1.2f) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Volume = new MaterialVolume(1, AttenuationDistance: 0) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Volume = new MaterialVolume(1, AttenuationColor: [1, 2, 1]) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Clearcoat = new MaterialClearcoat(RoughnessFactor: -0.5f) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Specular = new MaterialSpecular(ColorFactor: [1, -1, 1]) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Clearcoat = new MaterialClearcoat(1, Texture: new TextureRef("nope")) }, "red", ErrorCode.SceneDanglingReference },
        { "red", new MaterialElement { Sheen = new MaterialSheen([1, 1.5f, 1]) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Sheen = new MaterialSheen(RoughnessFactor: 2) }, "red", ErrorCode.SceneElementInvalid },
        { "red", new MaterialElement { Sheen = new MaterialSheen([1, 1, 1], RoughnessTexture: new TextureRef("nope")) }, "red", ErrorCode.SceneDanglingReference },
        { "lamp", new LightElement("spot", [1, 1, 1], 100, InnerConeAngle: 0.6f, OuterConeAngle: 0.5f), "lamp", ErrorCode.SceneElementInvalid },
        { "lamp", new LightElement("area", [1, 1, 1], 100), "lamp", ErrorCode.SceneElementInvalid },
        { "cam", new CameraElement(4f), "cam", ErrorCode.SceneElementInvalid },
        { "i-mesh", new InstanceElement("mesh", [1, 0, 0]), "i-mesh", ErrorCode.SceneElementInvalid },
        { "i-mesh", new InstanceElement("mesh", MaterialOverride: "mesh"), "i-mesh", ErrorCode.SceneTypeMismatch },
        { "all", new GroupElement(["i-mesh", "mesh"]), "all", ErrorCode.SceneTypeMismatch },
        { "scene", new SceneRootElement(["i-all"], Camera: "i-mesh"), "scene", ErrorCode.SceneTypeMismatch },
        { "opts", new OptionsElement { ToneMapping = "filmic" }, "opts", ErrorCode.SceneElementInvalid },
        { "opts", new OptionsElement { SamplesPerPixel = 0 }, "opts", ErrorCode.SceneElementInvalid },
        { "second-scene", new SceneRootElement([]), "second-scene", ErrorCode.SceneElementInvalid },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_OneBrokenElement_ProblemNamesItWithCode(string name, SceneElement element, string offender, ErrorCode code)
    {
        var scene = ValidScene();
        scene[name] = element;

        var problems = SceneValidator.Validate(scene);

        Assert.Contains(problems, p => (p.Element == offender || code == ErrorCode.SceneElementInvalid) && p.Code == code);
    }

    [Fact]
    public void Validate_GroupsContainingEachOther_Cycle()
    {
        var scene = ValidScene();
        scene["inner"] = new GroupElement(["i-all"]);
        scene["i-inner"] = new InstanceElement("inner");
        scene["all"] = new GroupElement(["i-mesh", "i-inner"]);

        Assert.Contains(SceneValidator.Validate(scene), p => p.Code == ErrorCode.SceneReferenceCycle);
    }

    [Fact]
    public void Validate_SeveralBrokenElements_ListsEveryOne()
    {
        var scene = ValidScene();
        scene["mesh"] = new MeshElement(SceneCanonicalTests.Positions, 3, Material: "nope");
        scene["cam"] = new CameraElement(-1);

        var offenders = SceneValidator.Validate(scene).Select(p => p.Element).Distinct().Order().ToList();

        Assert.Equal(["cam", "mesh"], offenders);
    }
}
