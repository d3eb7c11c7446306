
namespace OrleansBridge.Rendering.Adapter;

/// <summary>The adapted scene, or the first problem that stopped it (an expected failure: bad data, missing data).</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">Names the offending element and what is wrong.</param>
/// <param name="Scene">The scene on success.</param>
public readonly record struct AdapterResult(ErrorCode Error, string? Message, AdaptedScene? Scene)
{
    /// <summary>True when <see cref="Scene"/> is set.</summary>
    public bool Succeeded => Error == ErrorCode.None && Scene is not null;

    /// <summary>A success.</summary>
    public static AdapterResult Ok(AdaptedScene scene) => new(ErrorCode.None, null, scene);

    /// <summary>A failure.</summary>
    public static AdapterResult Fail(ErrorCode error, string message) => new(error, message, null);
}
