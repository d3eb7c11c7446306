using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Textures, their images (glTF 2.0 §3.8) and samplers (§3.8.4).</summary>
internal sealed partial class GltfReader
{
    private static readonly string[] TextureExtensions = ["EXT_texture_webp"];

    /// <summary>
    /// One texture element per glTF texture with a PNG, JPEG or WebP source (EXT_texture_webp's source
    /// first: the renderer decodes WebP, so the fallback is not needed); null where it has none.
    /// </summary>
    private string?[] ReadTextures()
    {
        var textures = GltfJson.Array(_root, "textures", string.Empty);
        var images = GltfJson.Array(_root, "images", string.Empty);
        var samplers = GltfJson.Array(_root, "samplers", string.Empty);
        var loaded = new (ContentHash Hash, string Format, int Width, int Height)?[images.Count];
        var names = new string?[textures.Count];
        for (var i = 0; i < textures.Count; i++)
        {
            var path = $"textures[{i}]";
            var texture = textures[i];
            NoteExtensions(texture, path, TextureExtensions);
            var webp = GltfJson.Object(GltfJson.Object(texture, "extensions", path) ?? default, "EXT_texture_webp", path + ".extensions");
            var source = (webp is { } ext ? GltfJson.Index(ext, "source", path + ".extensions.EXT_texture_webp", images.Count, "image") : null)
                ?? GltfJson.Index(texture, "source", path, images.Count, "image");
            if (source is null)
            {
                var via = GltfJson.PropertyNames(GltfJson.Object(texture, "extensions", path)).FirstOrDefault();
                Report(via ?? "texture", $"{path} has no PNG, JPEG or WebP source{(via is null ? string.Empty : $" (only {via})")}; materials using it lose that texture.");
                continue;
            }

            var image = loaded[source.Value] ??= LoadImage(images[source.Value], source.Value);
            var sampler = GltfJson.Index(texture, "sampler", path, samplers.Count, "sampler") is { } s
                ? ReadSampler(samplers[s], $"samplers[{s}]")
                : new TextureSampler();
            names[i] = NameFor("texture", texture.TryGetProperty("name", out _) ? texture : images[source.Value], i);
            Add(names[i]!, new TextureElement(image.Hash, image.Format, image.Width, image.Height, sampler));
        }

        return names;
    }

    private (ContentHash Hash, string Format, int Width, int Height) LoadImage(JsonElement image, int index)
    {
        var path = $"images[{index}]";
        var uri = GltfJson.String(image, "uri", path);
        ReadOnlyMemory<byte> bytes;
        if (uri is not null)
        {
            bytes = _buffers.LoadUri(uri, path);
        }
        else if (GltfJson.Index(image, "bufferView", path, _buffers.ViewCount, "bufferView") is { } view)
        {
            bytes = _buffers.View(view).Bytes;
        }
        else
        {
            throw new GltfFormatException($"{path} has neither a uri nor a bufferView.");
        }

        if (!GltfImages.TryProbe(bytes.Span, out var format, out var width, out var height, out var problem))
        {
            throw new GltfFormatException(ErrorCode.GltfImageInvalid, $"{path}{(uri is null ? string.Empty : $" ('{uri}')")} is {problem}.");
        }

        // The header alone says what decoding would cost; a hostile 30,000 × 30,000 header stops here.
        if ((long)width * height > _options.MaxImagePixels)
        {
            throw new GltfFormatException(ErrorCode.GltfTooLarge,
                $"{path}{(uri is null ? string.Empty : $" ('{uri}')")} is a {format.ToUpperInvariant()} of {width}×{height} pixels, more than the {_options.MaxImagePixels} pixels the importer accepts for one image.");
        }

        // Copied so the blob does not keep the whole file alive through a slice.
        return (AddBlob(new ReadOnlyMemory<byte>(bytes.ToArray())), format, width, height);
    }

    private static TextureSampler ReadSampler(JsonElement sampler, string path)
    {
        // WebGL enums (glTF 2.0 §5.26): 9728 NEAREST, 9729 LINEAR; minification with mipmaps 9984–9987,
        // whose first word (NEAREST_… or LINEAR_…) is the filter within a level.
        static string Filter(long? value) => value switch
        {
            null => "linear",
            9728 or 9984 or 9986 => "nearest",
            _ => "linear",
        };

        static string Wrap(long? value, string path) => value switch
        {
            null or 10497 => "repeat",
            33071 => "clamp",
            33648 => "mirror",
            _ => throw new GltfFormatException($"{path} is {value}; it must be 33071, 33648 or 10497."),
        };

        var mag = GltfJson.Integer(sampler, "magFilter", path, 0, 65535);
        var min = GltfJson.Integer(sampler, "minFilter", path, 0, 65535);
        if (mag is not (null or 9728 or 9729) || min is not (null or (>= 9728 and <= 9729) or (>= 9984 and <= 9987)))
        {
            throw new GltfFormatException($"{path}: magFilter {mag} / minFilter {min} are not glTF filter values.");
        }

        return new TextureSampler(Filter(mag), Filter(min),
            Wrap(GltfJson.Integer(sampler, "wrapS", path, 0, 65535), path + ".wrapS"),
            Wrap(GltfJson.Integer(sampler, "wrapT", path, 0, 65535), path + ".wrapT"));
    }
}
