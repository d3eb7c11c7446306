using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Typed reads of glTF JSON properties, each failing with the property's path (e.g.
/// <c>accessors[3].count</c>) so a message tells the user exactly what is wrong.
/// </summary>
internal static class GltfJson
{
    /// <summary>The array property as a list, empty when absent.</summary>
    public static IReadOnlyList<JsonElement> Array(JsonElement parent, string property, string path)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new GltfFormatException($"{Join(path, property)} must be an array.");
        }

        var items = new List<JsonElement>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>The object property, or null when absent.</summary>
    public static JsonElement? Object(JsonElement parent, string property, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw new GltfFormatException($"{Join(path, property)} must be an object.");
    }

    /// <summary>An integer property within [min, max], or null when absent.</summary>
    public static long? Integer(JsonElement parent, string property, string path, long min = 0, long max = int.MaxValue)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            throw new GltfFormatException($"{Join(path, property)} must be an integer in [{min}, {max}], not {Show(value)}.");
        }

        return number;
    }

    /// <summary>An index into an array of <paramref name="count"/> items named <paramref name="target"/>, or null when absent.</summary>
    public static int? Index(JsonElement parent, string property, string path, int count, string target)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var index) || index < 0)
        {
            throw new GltfFormatException($"{Join(path, property)} must be an index, not {Show(value)}.");
        }

        return index < count ? (int)index : throw new GltfFormatException($"{path}: {target} {index} does not exist ({count} defined).");
    }

    /// <summary>A finite number property, or <paramref name="fallback"/> when absent.</summary>
    public static float Number(JsonElement parent, string property, string path, float fallback)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !float.IsFinite((float)value.GetDouble()))
        {
            throw new GltfFormatException($"{Join(path, property)} must be a finite number, not {Show(value)}.");
        }

        return (float)value.GetDouble();
    }

    /// <summary>An array of exactly <paramref name="length"/> finite numbers, or null when absent.</summary>
    public static float[]? Numbers(JsonElement parent, string property, string path, int length)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != length)
        {
            throw new GltfFormatException($"{Join(path, property)} must be an array of {length} numbers.");
        }

        var numbers = new float[length];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !float.IsFinite((float)item.GetDouble()))
            {
                throw new GltfFormatException($"{Join(path, property)}[{i}] must be a finite number, not {Show(item)}.");
            }

            numbers[i++] = (float)item.GetDouble();
        }

        return numbers;
    }

    /// <summary>A string property, or null when absent.</summary>
    public static string? String(JsonElement parent, string property, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new GltfFormatException($"{Join(path, property)} must be a string.");
    }

    /// <summary>A boolean property, or <paramref name="fallback"/> when absent.</summary>
    public static bool Boolean(JsonElement parent, string property, string path, bool fallback) =>
        !parent.TryGetProperty(property, out var value) ? fallback
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new GltfFormatException($"{Join(path, property)} must be true or false."),
        };

    /// <summary>The names of an object's properties (e.g. the extensions a thing uses).</summary>
    public static IEnumerable<string> PropertyNames(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().Select(p => p.Name) : [];

    public static string Join(string path, string property) => path.Length == 0 ? property : $"{path}.{property}";

    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
