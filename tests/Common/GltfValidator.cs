using System.Diagnostics;
using System.Text.Json;

namespace OrleansBridge.Tests;

/// <summary>
/// The Khronos glTF-Validator (npm <c>gltf-validator</c>, which test.sh installs into <c>.tools/</c>)
/// run on one file under Node: its report's error and warning counts and the messages of its issues.
/// </summary>
public static class GltfValidator
{
    /// <summary>Node code: validates the bytes of argv[2] (a .glb, or a .gltf whose resources lie beside it) and prints the report.</summary>
    private const string Script = """
        const fs = require('fs'), path = require('path');
        const validator = require('gltf-validator');
        const file = process.argv[2];
        validator.validateBytes(new Uint8Array(fs.readFileSync(file)), {
          uri: path.basename(file),
          externalResourceFunction: (uri) => new Promise((resolve, reject) => {
            fs.readFile(path.join(path.dirname(file), decodeURIComponent(uri)), (err, data) => err ? reject(err.toString()) : resolve(new Uint8Array(data)));
          }),
        }).then(report => console.log(JSON.stringify(report.issues)), error => { console.error(String(error)); process.exit(2); });
        """;

    /// <summary>The validator's module folder, or null where test.sh has not installed it.</summary>
    public static string? ModulesFolder
    {
        get
        {
            var folder = RepositoryPaths.Under(".tools", "node_modules");
            return Directory.Exists(Path.Combine(folder, "gltf-validator")) ? folder : null;
        }
    }

    /// <summary>Validates <paramref name="file"/>; returns the report's issues (numErrors, numWarnings, messages).</summary>
    public static async Task<JsonElement> ValidateAsync(string file)
    {
        var modules = ModulesFolder ?? throw new InvalidOperationException("gltf-validator is not installed in .tools/; run test.sh once (it installs the npm packages the tests use).");
        var script = Path.Combine(Path.GetTempPath(), $"gltf-validate-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            start.Environment["NODE_PATH"] = modules;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"gltf-validator failed ({process.ExitCode}): {await error}");
            }

            return JsonDocument.Parse(await output).RootElement.Clone();
        }
        finally
        {
            File.Delete(script);
        }
    }
}
