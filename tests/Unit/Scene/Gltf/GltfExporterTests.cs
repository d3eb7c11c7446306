using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>
/// Export through SharpGLTF: the Blender test files imported, exported (GLB and .gltf with its
/// resources) and imported again give the same elements and so the same manifest hash, and every
/// exported file passes the Khronos glTF-Validator with no errors.
/// </summary>
public sealed class GltfExporterTests
{
    public static TheoryData<string> BlenderFiles => new() { "blender-scene.glb", "blender-scene.gltf", "blender-extras.glb", "blender-materials.glb" };

    [Theory]
    [MemberData(nameof(BlenderFiles))]
    public void Export_Glb_ImportsBackToTheSameManifest(string file)
    {
        var first = Succeeded(GltfImporter.Import(Read(file), Folder, GltfImportOptions.Default));

        var exported = Export(first);
        var second = Succeeded(GltfImporter.Import(exported.ToGlb(), None, GltfImportOptions.Default));

        AssertSameScene(first, second);
    }

    [Theory]
    [MemberData(nameof(BlenderFiles))]
    public void Export_GltfWithResources_ImportsBackToTheSameManifest(string file)
    {
        var first = Succeeded(GltfImporter.Import(Read(file), Folder, GltfImportOptions.Default));

        var files = Export(first).ToGltf("scene.gltf");
        var second = Succeeded(GltfImporter.Import(files["scene.gltf"], uri => files.TryGetValue(Uri.UnescapeDataString(uri), out var b) ? b : null, GltfImportOptions.Default));

        AssertSameScene(first, second);
    }

    [Theory]
    [MemberData(nameof(BlenderFiles))]
    public async Task Export_Glb_PassesTheKhronosValidator(string file)
    {
        var imported = Succeeded(GltfImporter.Import(Read(file), Folder, GltfImportOptions.Default));
        var folder = Directory.CreateTempSubdirectory("gltf-export-");
        try
        {
            var glb = Path.Combine(folder.FullName, "scene.glb");
            await File.WriteAllBytesAsync(glb, Export(imported).ToGlb());
            foreach (var (name, bytes) in Export(imported).ToGltf("scene.gltf"))
            {
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, name), bytes);
            }

            foreach (var exported in new[] { glb, Path.Combine(folder.FullName, "scene.gltf") })
            {
                var issues = await GltfValidator.ValidateAsync(exported);

                Assert.True(issues.GetProperty("numErrors").GetInt32() == 0, $"{Path.GetFileName(exported)} of {file}: {issues}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Export_BlobNotAvailable_IsResourceMissingNamingTheElement()
    {
        var imported = Succeeded(Import(Read("blender-scene.glb")));

        var result = GltfExporter.Export(imported.Elements, _ => null);

        Assert.Equal(ErrorCode.GltfResourceMissing, result.Error);
        Assert.Contains("is not in the cache", result.Message, StringComparison.Ordinal);
    }

    private static GltfExportResult Export(GltfImportResult imported)
    {
        var result = GltfExporter.Export(imported.Elements, hash => imported.Blobs.TryGetValue(hash, out var bytes) ? bytes : null);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");
        return result;
    }

    private static void AssertSameScene(GltfImportResult first, GltfImportResult second)
    {
        Assert.Equal(first.Elements.Keys.Order(StringComparer.Ordinal), second.Elements.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, element) in first.Elements)
        {
            Assert.True(SceneJson(element) == SceneJson(second.Elements[name]), $"{name}:\n  imported {SceneJson(element)}\n  re-imported {SceneJson(second.Elements[name])}");
        }

        Assert.Equal(SceneElementsLoader.ManifestHash(first.Elements), SceneElementsLoader.ManifestHash(second.Elements));
        Assert.DoesNotContain(second.Unsupported, u => !first.Unsupported.Any(f => f.Feature == u.Feature));
    }

    private static string SceneJson(SceneElement element) => System.Text.Encoding.UTF8.GetString(SceneCanonical.Serialize(element));
}
