using System.Diagnostics;
using System.Text.Json.Nodes;
using OrleansBridge.Scene.Gltf;
using OrleansBridge.Tests;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;

namespace OrleansBridge.Bench;

/// <summary>
/// <see cref="GltfImporter.Import"/> in process: the Blender test scene (small, many kinds of element)
/// and a generated grid of about a million triangles, with normals given, and without them (flat
/// normals split every vertex) and with smooth generation. Each row: best and median of the runs.
/// </summary>
public sealed class GltfImportBench : IBench
{
    public string Name => "gltf";

    public string Description => "glTF import and export: ms per import, input MB/s and triangles/s for the Blender scene, a ~1M-triangle grid, and --file PATH; GLB export of the first two";

    public Task<int> RunAsync(string[] args)
    {
        var runs = args.Contains("--quick") ? 3 : 9;
        var blender = File.ReadAllBytes(RepositoryPaths.Under("tests", "TestData", "gltf", "blender-scene.glb"));
        var withNormals = Grid(700, normals: true);
        var withoutNormals = Grid(700, normals: false);
        Console.WriteLine($"gltf import, {runs} runs each, {Environment.ProcessorCount} cores, {Environment.OSVersion}; command: dotnet run -c Release --project bench -- gltf");
        Console.WriteLine($"{"file",-28} {"bytes",10} {"triangles",10} {"best ms",8} {"median ms",10} {"MB/s",8} {"Mtri/s",7} {"alloc MB",9}");
        Row("blender-scene.glb", blender, GltfImportOptions.Default, runs * 20);
        Row("grid, normals given", withNormals, GltfImportOptions.Default, runs);
        Row("grid, flat normals", withoutNormals, GltfImportOptions.Default, runs);
        Row("grid, smooth normals", withoutNormals, new GltfImportOptions(Normals: GltfNormalMode.Smooth), runs);
        var file = Array.IndexOf(args, "--file");
        if (file >= 0 && file + 1 < args.Length)
        {
            // Any .glb (or .gltf whose resources lie beside it), e.g. a Blender export.
            var path = Path.GetFullPath(args[file + 1]);
            var folder = Path.GetDirectoryName(path)!;
            var bytes = File.ReadAllBytes(path);
            Row(Path.GetFileName(path), bytes, GltfImportOptions.Default, runs, uri =>
                File.Exists(Path.Combine(folder, Uri.UnescapeDataString(uri))) ? File.ReadAllBytes(Path.Combine(folder, Uri.UnescapeDataString(uri))) : (ReadOnlyMemory<byte>?)null);
        }

        // The document is read by the importer itself; SharpGLTF's load alone, for comparison (docs/gltf.md).
        Console.WriteLine();
        Console.WriteLine($"{"SharpGLTF ParseGLB only",-28} {"bytes",10} {"best ms",8} {"median ms",10} {"MB/s",8} {"alloc MB",9}");
        LoadRow("blender-scene.glb", blender, runs * 20);
        LoadRow("grid, normals given", withNormals, runs);

        Console.WriteLine();
        Console.WriteLine($"{"export (GltfExporter, GLB)",-28} {"bytes out",10} {"triangles",10} {"best ms",8} {"median ms",10} {"MB/s",8}");
        ExportRow("blender-scene.glb", blender, runs * 20);
        ExportRow("grid, normals given", withNormals, runs);
        return Task.FromResult(0);
    }

    /// <summary>
    /// Times SharpGLTF's <see cref="ModelRoot.ParseGLB"/> with validation skipped: the parse a move of the
    /// document read onto SharpGLTF would add before any of the importer's checks and mapping.
    /// </summary>
    private static void LoadRow(string name, byte[] file, int runs)
    {
        var settings = new ReadSettings { Validation = ValidationMode.Skip };
        _ = ModelRoot.ParseGLB(new ArraySegment<byte>(file), settings); // warm-up
        var times = new double[runs];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = ModelRoot.ParseGLB(new ArraySegment<byte>(file), settings);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs;
        Array.Sort(times);
        var median = times[runs / 2];
        Console.WriteLine($"{name,-28} {file.Length,10} {times[0],8:F2} {median,10:F2} {file.Length / median / 1e3,8:F1} {allocated / 1e6,9:F1}");
    }

    /// <summary>Imports once, then times export of the imported elements to GLB bytes.</summary>
    private static void ExportRow(string name, byte[] file, int runs)
    {
        var imported = GltfImporter.Import(file, _ => null, GltfImportOptions.Default);
        ReadOnlyMemory<byte>? Blob(OrleansBridge.Cache.ContentHash hash) => imported.Blobs.TryGetValue(hash, out var bytes) ? bytes : null;
        var glb = GltfExporter.Export(imported.Elements, Blob).ToGlb(); // warm-up
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            glb = GltfExporter.Export(imported.Elements, Blob).ToGlb();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        var median = times[runs / 2];
        Console.WriteLine($"{name,-28} {glb.Length,10} {imported.Counts.Triangles,10} {times[0],8:F2} {median,10:F2} {glb.Length / median / 1e3,8:F1}");
    }

    private static void Row(string name, byte[] file, GltfImportOptions options, int runs, Func<string, ReadOnlyMemory<byte>?>? resolve = null)
    {
        var times = new double[runs];
        GltfImportResult? last = null;
        resolve ??= _ => null;
        _ = GltfImporter.Import(file, resolve, options); // warm-up
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            last = GltfImporter.Import(file, resolve, options);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs;
        if (last is not { Succeeded: true })
        {
            throw new InvalidOperationException($"{name}: {last?.Error} {last?.Message}");
        }

        Array.Sort(times);
        var median = times[runs / 2];
        Console.WriteLine($"{name,-28} {file.Length,10} {last.Counts.Triangles,10} {times[0],8:F2} {median,10:F2} {file.Length / median / 1e3,8:F1} {last.Counts.Triangles / median / 1e3,7:F2} {allocated / 1e6,9:F1}");
    }

    /// <summary>An indexed n×n grid of quads (2n² triangles) in the xz plane, as a GLB.</summary>
    private static byte[] Grid(int n, bool normals)
    {
        var positions = new float[(n + 1) * (n + 1) * 3];
        for (var z = 0; z <= n; z++)
        {
            for (var x = 0; x <= n; x++)
            {
                var v = ((z * (n + 1)) + x) * 3;
                positions[v] = x;
                positions[v + 1] = MathF.Sin(x * 0.1f) * MathF.Cos(z * 0.1f);
                positions[v + 2] = z;
            }
        }

        var indices = new uint[n * n * 6];
        for (int z = 0, i = 0; z < n; z++)
        {
            for (var x = 0; x < n; x++)
            {
                var a = (uint)((z * (n + 1)) + x);
                var b = a + (uint)(n + 1);
                indices[i++] = a;
                indices[i++] = b;
                indices[i++] = a + 1;
                indices[i++] = a + 1;
                indices[i++] = b;
                indices[i++] = b + 1;
            }
        }

        var builder = new GltfBuilder();
        var normalAccessor = normals ? builder.AddFloats(GltfGeometry.SmoothNormals(positions, indices), "VEC3") : -1;
        var positionAccessor = builder.AddFloats(positions, "VEC3");
        var indexAccessor = builder.AddIndices(indices, wide: true);
        var attributes = new JsonObject { ["POSITION"] = positionAccessor };
        if (normals)
        {
            attributes["NORMAL"] = normalAccessor;
        }

        builder.Add("meshes", new JsonObject { ["primitives"] = new JsonArray(new JsonObject { ["attributes"] = attributes, ["indices"] = indexAccessor }) });
        builder.SetScene(builder.AddNode(new JsonObject { ["mesh"] = 0 }));
        return builder.ToGlb();
    }
}
