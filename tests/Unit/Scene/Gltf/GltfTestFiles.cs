using System.Runtime.InteropServices;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Test data under tests/TestData/gltf and helpers to read an import's blobs back.</summary>
internal static class GltfTestFiles
{
    public static string PathOf(string name) => RepositoryPaths.Under("tests", "TestData", "gltf", name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A resolver over the files next to the test data (what the SDK uploads for a .gltf).</summary>
    public static ReadOnlyMemory<byte>? Folder(string uri) =>
        File.Exists(PathOf(Uri.UnescapeDataString(uri))) ? Read(Uri.UnescapeDataString(uri)) : (ReadOnlyMemory<byte>?)null;

    public static ReadOnlyMemory<byte>? None(string uri) => null;

    public static GltfImportResult Import(byte[] file, GltfImportOptions? options = null) =>
        GltfImporter.Import(file, None, options ?? GltfImportOptions.Default);

    public static float[] Floats(GltfImportResult result, ContentHash? hash) =>
        MemoryMarshal.Cast<byte, float>(result.Blobs[hash ?? throw new InvalidOperationException("no blob")].Span).ToArray();

    public static uint[] Indices(GltfImportResult result, ContentHash? hash) =>
        MemoryMarshal.Cast<byte, uint>(result.Blobs[hash ?? throw new InvalidOperationException("no blob")].Span).ToArray();

    public static T Element<T>(GltfImportResult result, string name)
        where T : SceneElement =>
        Assert.IsType<T>(result.Elements.TryGetValue(name, out var e) ? e : throw new Xunit.Sdk.XunitException(
            $"No element '{name}'; have {string.Join(", ", result.Elements.Keys)}. {result.Message}"));

    public static GltfImportResult Succeeded(GltfImportResult result)
    {
        Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");
        return result;
    }
}
