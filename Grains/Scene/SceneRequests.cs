using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Scene;

/// <summary>
/// The <c>scene.*</c> methods (docs/protocol.md §6.3): thin mappings from request parameters to the
/// session's <see cref="ISceneGrain"/>, with parameters validated here, at the edge.
/// </summary>
internal static class SceneRequests
{
    public static IServiceCollection AddSceneRequests(this IServiceCollection services)
    {
        services.AddSingleton<SceneSessions>();
        services.AddSingleton<SceneLifecycle>();
        Add(services, "scene.head", async (scene, _) => RequestResult.Ok(await scene.GetHeadAsync(), SceneJson.Default.SceneHeadResult));
        Add(services, "scene.begin", async (scene, _) => (await scene.BeginAsync()).ToRequestResult(SceneJson.Default.BeginResult));
        Add(services, "scene.put", (scene, p) => WithParams(p, SceneJson.Default.PutParams, async put =>
            (await scene.PutAsync(put.Transaction, put.Elements)).ToRequestResult(SceneJson.Default.ChangeResult)));
        Add(services, "scene.remove", (scene, p) => WithParams(p, SceneJson.Default.RemoveParams, async remove =>
            (await scene.RemoveAsync(remove.Transaction, remove.Names)).ToRequestResult(SceneJson.Default.ChangeResult)));
        Add(services, "scene.commit", (scene, p, context) => WithParams(p, SceneJson.Default.TransactionParams, async tx =>
            (await scene.CommitAsync(tx.Transaction, context.Sequence, context.ReceivedAt)).ToRequestResult(SceneJson.Default.CommitResult)));
        Add(services, "scene.abort", (scene, p) => WithParams(p, SceneJson.Default.TransactionParams, async tx =>
            (await scene.AbortAsync(tx.Transaction)).ToRequestResult(SceneJson.Default.ChangeResult)));
        Add(services, "scene.get", (scene, p) => WithParams(p.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? Empty : p, SceneJson.Default.GetParams, async get =>
            RequestResult.Ok(new ElementsResult(new(await scene.GetElementsAsync(get.Names), StringComparer.Ordinal)), SceneJson.Default.ElementsResult)));
        return services;
    }

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    private static void Add(IServiceCollection services, string method, Func<ISceneGrain, JsonElement, Task<RequestResult>> handle) =>
        Add(services, method, (scene, parameters, _) => handle(scene, parameters));

    private static void Add(IServiceCollection services, string method, Func<ISceneGrain, JsonElement, RequestContext, Task<RequestResult>> handle) =>
        services.AddSingleton<IRequestHandler>(sp =>
        {
            var sessions = sp.GetRequiredService<SceneSessions>();
            return new DelegateRequestHandler(method, async (context, parameters, _) =>
                await handle(sessions.SceneOf(context.SessionId, context.Application), parameters, context));
        });

    private static async Task<RequestResult> WithParams<T>(JsonElement parameters, JsonTypeInfo<T> info, Func<T, Task<RequestResult>> handle)
        where T : class =>
        RequestParams.TryRead(parameters, info, out var value, out var problem)
            ? await handle(value)
            : RequestResult.Fail(ErrorCode.InvalidArgument, problem);
}
