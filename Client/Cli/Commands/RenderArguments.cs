using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace OrleansBridge.Cli.Commands;

/// <summary>The arguments <c>bridge render</c> and <c>bridge render-local</c> share, and how both print their result.</summary>
internal static class RenderArguments
{
    public static Argument<FileInfo> File { get; } = new("FILE") { Description = "The glTF scene: a .glb, or a .gltf with its resources beside it" };

    public static Option<int> Width { get; } = new("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 640 };

    public static Option<int> Height { get; } = new("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 360 };

    public static Option<int> Spp { get; } = new("--spp") { Description = "Samples per pixel", DefaultValueFactory = _ => 64 };

    public static Option<string?> Camera { get; } = new("--camera") { Description = "A camera node or camera name of the file (default: the scene's first camera, or one framing the scene)" };

    public static Option<bool> Denoise { get; } = new("--denoise") { Description = "Filter the finished image with the renderer's edge-aware denoiser (blurs detail finer than its thresholds)" };

    public static Option<bool> Adaptive { get; } = new("--adaptive")
    {
        Description = "Adaptive sampling: past 2 samples per pixel, spend the samples where the image is noisiest (--spp is then the mean); best with --denoise",
    };

    public static Option<float?> ClampDirect { get; } = new("--clamp-direct")
    {
        Description = "Limit on a sample's contribution before its first bounce, 0 for none (default: the server's, off); darkens bright directly lit spots",
    };

    public static Option<float?> ClampIndirect { get; } = new("--clamp-indirect")
    {
        Description = "Limit on a sample's contribution from its first bounce on, 0 for none (default: the server's, 10); removes fireflies, darkens caustics",
    };

    public static Option<float?> FilterGlossy { get; } = new("--filter-glossy")
    {
        Description = "Blur of glossy reflections seen after a rough bounce, 0 for none (default: the server's, 1)",
    };

    public static Option<string?> Diffuse { get; } = CreateDiffuse();

    public static Option<float?> PixelFilter { get; } = new("--pixel-filter")
    {
        Description = "Width in pixels of the Blackman-Harris pixel filter, from 0 (the box over the pixel: sharper, jagged edges) to 10 (default: the server's, 1.5, as Blender)",
    };

    public static Option<FileInfo> Out { get; } = new("--out")
    {
        Description = "The image to write: .png, .jpg or .exr (linear)",
        Required = true,
        Validators =
        {
            result =>
            {
                if (result.Tokens.Count == 1 && FormatOf(result.Tokens[0].Value) is null)
                {
                    result.AddError($"--out must end in .png, .jpg, .jpeg or .exr, not '{result.Tokens[0].Value}'.");
                }
            },
        },
    };

    /// <summary>Adds the shared arguments to <paramref name="command"/>.</summary>
    public static Command With(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Width);
        command.Options.Add(Height);
        command.Options.Add(Spp);
        command.Options.Add(Camera);
        command.Options.Add(Denoise);
        command.Options.Add(Adaptive);
        command.Options.Add(ClampDirect);
        command.Options.Add(ClampIndirect);
        command.Options.Add(FilterGlossy);
        command.Options.Add(Diffuse);
        command.Options.Add(PixelFilter);
        command.Options.Add(Out);
        return command;
    }

    private static Option<string?> CreateDiffuse()
    {
        var option = new Option<string?>("--diffuse")
        {
            Description = "The materials' diffuse lobe: gltf (the glTF specification's, energy-conserving) or principled (Blender's Principled v1, to match images rendered in Blender) (default: the server's, gltf)",
        };
        option.AcceptOnlyFromAmong([.. Rendering.Materials.DiffuseModels.Names]);
        return option;
    }

    /// <summary>The format an output path's extension names, or null.</summary>
    public static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "png",
        ".jpg" or ".jpeg" => "jpg",
        ".exr" => "exr",
        _ => null,
    };

    /// <summary>Prints what was rendered: one line of text, or the <c>--json</c> object.</summary>
    public static void Print(bool json, RenderOutput output)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(output, RenderCliJson.Default.RenderOutput));
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{output.Out}: {output.Width}x{output.Height}, {output.Spp} spp in {output.RenderSeconds:F2} s ({output.SamplesPerSecond / 1e6:F3} Msamples/s)"));
    }
}
