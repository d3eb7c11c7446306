using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Scene;

/// <summary>Turns scene outcomes into request results: the value, or the code with every problem as <c>details</c>.</summary>
internal static class SceneOutcomeResults
{
    public static RequestResult ToRequestResult<T>(this SceneOutcome<T> outcome, JsonTypeInfo<T> info)
        where T : class =>
        outcome.Error == ErrorCode.None
            ? RequestResult.Ok(outcome.Value!, info)
            : RequestResult.Fail(outcome.Error, outcome.Message,
                outcome.Problems.Count == 0 ? null : JsonSerializer.SerializeToElement(outcome.Problems, SceneJson.Default.IReadOnlyListSceneProblem));
}
