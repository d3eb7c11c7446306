using OrleansBridge.Protocol;

namespace OrleansBridge.Scene;

/// <summary>A scene operation's result, or its error code with the problems found.</summary>
/// <param name="Value">The result on success.</param>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What went wrong, for people.</param>
/// <param name="Problems">Every offending element, for refused commits.</param>
public sealed record SceneOutcome<T>(T? Value, ErrorCode Error, string Message, IReadOnlyList<SceneProblem> Problems)
    where T : class;

/// <summary>Builds <see cref="SceneOutcome{T}"/> values.</summary>
public static class SceneOutcome
{
    /// <summary>Success.</summary>
    public static SceneOutcome<T> Ok<T>(T value)
        where T : class => new(value, ErrorCode.None, string.Empty, []);

    /// <summary>Failure with one message.</summary>
    public static SceneOutcome<T> Fail<T>(ErrorCode error, string message)
        where T : class => new(null, error, message, []);

    /// <summary>Failure listing the offending elements; the code is the first problem's.</summary>
    public static SceneOutcome<T> Refused<T>(IReadOnlyList<SceneProblem> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(problems);
        return new(null, problems[0].Code, $"The transaction was refused: {problems.Count} problem(s); first, '{problems[0].Element}': {problems[0].Message}", problems);
    }
}
