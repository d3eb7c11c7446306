using System.Text.Json;
using OrleansBridge.Protocol;

namespace OrleansBridge.Jobs;

/// <summary>A job's outcome: a JSON result, or an error code with a message a person can act on.</summary>
public readonly record struct JobResult(ErrorCode Error, string? Message, JsonElement Result)
{
    /// <summary>A successful result.</summary>
    public static JobResult Ok(JsonElement result) => new(ErrorCode.None, null, result);

    /// <summary>A failed result.</summary>
    public static JobResult Fail(ErrorCode error, string message) => new(error, message, default);
}
