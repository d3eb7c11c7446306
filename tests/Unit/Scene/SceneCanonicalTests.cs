using System.Collections.Immutable;
using System.Text;
using OrleansBridge.Cache;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Tests.Scene;

public sealed class SceneCanonicalTests
{
    internal static readonly ContentHash Positions = ContentHash.Compute("positions"u8);

    [Fact]
    public void Hash_EqualElementsBuiltSeparately_EqualHashes()
    {
        var a = new MaterialElement { BaseColorFactor = [1, 0.5f, 0.25f, 1], RoughnessFactor = 0.3f };
        var b = new MaterialElement { RoughnessFactor = 0.3f, BaseColorFactor = [1, 0.5f, 0.25f, 1] };

        Assert.Equal(SceneCanonical.Hash(a), SceneCanonical.Hash(b));
        Assert.NotEqual(SceneCanonical.Hash(a), SceneCanonical.Hash(a with { RoughnessFactor = 0.31f }));
    }

    [Fact]
    public void Serialize_Element_TypeFirstCamelCaseNoWhitespaceAndRoundTrips()
    {
        var mesh = new MeshElement(Positions, 3, Material: "steel");

        var json = Encoding.UTF8.GetString(SceneCanonical.Serialize(mesh));

        Assert.StartsWith("{\"type\":\"mesh\",\"positions\":\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.None, SceneCanonical.TryDeserialize(Encoding.UTF8.GetBytes(json), out var back, out _));
        Assert.Equal(SceneCanonical.Hash(mesh), SceneCanonical.Hash(back!));
    }

    [Theory]
    [InlineData("{\"type\":\"teapot\"}")]
    [InlineData("{\"vertexCount\":3}")]
    [InlineData("{\"type\":\"mesh\",\"positions\":\"../../etc\",\"vertexCount\":3}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"group\"}")]
    [InlineData("{\"type\":\"instance\",\"target\":null}")]
    public void TryDeserialize_Malformed_ElementInvalidWithMessage(string json)
    {
        var code = SceneCanonical.TryDeserialize(Encoding.UTF8.GetBytes(json), out var element, out var message);

        Assert.Equal(ErrorCode.SceneElementInvalid, code);
        Assert.Null(element);
        Assert.NotEmpty(message);
    }

    [Fact]
    public void TryDeserialize_OmittedOptionalFields_TakeTheirGltfDefaults()
    {
        Assert.Equal(ErrorCode.None, SceneCanonical.TryDeserialize("{\"type\":\"material\",\"roughnessFactor\":0.5}"u8, out var element, out _));

        var material = Assert.IsType<MaterialElement>(element);
        Assert.Equal(1, material.MetallicFactor);
        Assert.Equal(0.5f, material.RoughnessFactor);
        Assert.Equal("opaque", material.AlphaMode);
        Assert.Equal(0.5f, material.AlphaCutoff);
        Assert.Equal(SceneCanonical.Hash(new MaterialElement(RoughnessFactor: 0.5f)), SceneCanonical.Hash(material));
    }

    [Fact]
    public void Manifest_SameElementsInAnyOrder_SameBytesAndHash()
    {
        var h1 = ContentHash.Compute("1"u8);
        var h2 = ContentHash.Compute("2"u8);
        var a = SceneManifest.Empty with { Elements = SceneManifest.Empty.Elements.Add("b", h2).Add("a", h1) };
        var b = SceneManifest.Empty with { Elements = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new("a", h1), new KeyValuePair<string, ContentHash>("b", h2)]) };

        Assert.Equal(a.ToCanonicalBytes(), b.ToCanonicalBytes());
        Assert.Equal(a.ComputeHash(), b.ComputeHash());
        Assert.Equal(ErrorCode.None, SceneManifest.TryParse(a.ToCanonicalBytes(), out var parsed));
        Assert.Equal(a.ComputeHash(), parsed.ComputeHash());
    }

    [Fact]
    public void Manifest_UnknownFormatVersionOrGarbage_ClearCodes()
    {
        Assert.Equal(ErrorCode.SceneFormatVersionUnknown, SceneManifest.TryParse("{\"formatVersion\":2,\"elements\":{}}"u8, out _));
        Assert.Equal(ErrorCode.SceneFormatInvalid, SceneManifest.TryParse("{\"formatVersion\":"u8, out _));
        Assert.Equal(ErrorCode.SceneFormatInvalid, SceneManifest.TryParse("{\"formatVersion\":1,\"elements\":{\"a\":\"XYZ\"}}"u8, out _));
    }
}
