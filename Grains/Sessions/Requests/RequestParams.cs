using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansBridge.Sessions.Requests;

/// <summary>Reads a request's parameters once, at the edge: a wrong shape is a false return with a reason, never an exception.</summary>
public static class RequestParams
{
    /// <summary>Deserialises an object's parameters with source-generated JSON.</summary>
    /// <param name="parameters">The request's <c>params</c>.</param>
    /// <param name="info">The parameters' type.</param>
    /// <param name="value">The parameters when true.</param>
    /// <param name="problem">Why they were refused when false, for a 4401 answer.</param>
    public static bool TryRead<T>(JsonElement parameters, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? value, out string problem)
        where T : class
    {
        value = null;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            problem = "params must be a JSON object.";
            return false;
        }

        try
        {
            value = parameters.Deserialize(info);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // NotSupportedException: a missing or unknown polymorphic "type".
            problem = $"The parameters do not parse: {ex.Message}";
            return false;
        }

        problem = value is null ? "Parameters are required." : string.Empty;
        return value is not null;
    }
}
