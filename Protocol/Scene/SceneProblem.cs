using OrleansBridge.Protocol;

namespace OrleansBridge.Scene;

/// <summary>One reason a scene (or a transaction's result) is refused: which element, which rule.</summary>
/// <param name="Element">The offending element's name.</param>
/// <param name="Code">The stable code (46xx).</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record SceneProblem(string Element, ErrorCode Code, string Message);
