using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Snapshots;

namespace OrleansBridge.Tests.Scene.Snapshots;

public sealed class SnapshotUnitTests
{
    [Fact]
    public void WithPrefix_EveryKindOfReference_Rewritten()
    {
        var material = new MaterialElement { BaseColorTexture = new TextureRef("tex"), NormalTexture = new TextureRef("n") };
        var root = new SceneRootElement(["i"], Camera: "cam", Options: "opt");

        var renamedMaterial = (MaterialElement)SceneRename.WithPrefix(material, "p/");
        var renamedRoot = (SceneRootElement)SceneRename.WithPrefix(root, "p/");
        var instance = (InstanceElement)SceneRename.WithPrefix(new InstanceElement("mesh", MaterialOverride: "m"), "p/");
        var group = (GroupElement)SceneRename.WithPrefix(new GroupElement(["a", "b"]), "p/");

        Assert.Equal(("p/tex", "p/n", (TextureRef?)null), (renamedMaterial.BaseColorTexture!.Texture, renamedMaterial.NormalTexture!.Texture, renamedMaterial.EmissiveTexture));
        Assert.Equal(["p/i"], renamedRoot.Roots);
        Assert.Equal(("p/cam", "p/opt"), (renamedRoot.Camera, renamedRoot.Options));
        Assert.Equal(("p/mesh", "p/m"), (instance.Target, instance.MaterialOverride));
        Assert.Equal(["p/a", "p/b"], group.Children);
    }

    [Theory]
    [InlineData("""{"formatVersion":2,"snapshot":"s"}""", ErrorCode.SceneFormatVersionUnknown)]
    [InlineData("""{"snapshot":"s"}""", ErrorCode.SceneFormatInvalid)]
    [InlineData("""[1]""", ErrorCode.SceneFormatInvalid)]
    public void TryParse_BadFile_CodeSaysWhy(string json, ErrorCode expected) =>
        Assert.Equal(expected, SnapshotFile.TryParse(JsonDocument.Parse(json).RootElement, out _));

    [Fact]
    public void CanSave_ConfiguredPolicy_DeniesListedTenantAndCountsPerTenant()
    {
        var options = new SnapshotOptions { MaxPerTenant = 2 };
        options.DeniedTenants.Add("blocked");
        var policy = new ConfiguredSnapshotPolicy(Options.Create(options));

        Assert.Equal(ErrorCode.SnapshotDenied, policy.CanSave("app", "blocked", 0).Error);
        Assert.Equal(ErrorCode.None, policy.CanSave("app", "t", 1).Error);
        Assert.Equal(ErrorCode.SnapshotLimitReached, policy.CanSave("app", "t", 2).Error);
    }
}
