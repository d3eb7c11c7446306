using OrleansBridge.Protocol;
using OrleansBridge.Scene;

namespace OrleansBridge.Client;

/// <summary>The server refused a scene transaction; <see cref="Problems"/> names every offending element.</summary>
public sealed class SceneCommitException : Exception
{
    public SceneCommitException(ErrorCode code, string message, IReadOnlyList<SceneProblem> problems)
        : base($"{(int)code} {code}: {message}")
    {
        Code = code;
        Problems = problems;
    }

    public SceneCommitException()
    {
    }

    public SceneCommitException(string message)
        : base(message)
    {
    }

    public SceneCommitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stable code (the first problem's for a refused commit).</summary>
    public ErrorCode Code { get; }

    /// <summary>Every problem the server found; empty for errors that are not about elements.</summary>
    public IReadOnlyList<SceneProblem> Problems { get; } = [];
}
