using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Video;

/// <summary>The <c>video.*</c> methods (docs/protocol.md §6.7). Parameters are validated here, at the edge.</summary>
internal static class VideoRequests
{
    public static IServiceCollection AddVideo(this IServiceCollection services)
    {
        // The scene cache and adapter are the render workers' (AddRendering): one set of prepared scenes per process.
        services.TryAddSingleton<IVideoSceneSource, AdapterVideoSceneSource>();
        services.AddSingleton<VideoContexts>();
        services.AddSingleton<VideoEngines>();
        services.AddSingleton<VideoEncoders>();
        Add(services, VideoNames.Create, async (videos, context, parameters) =>
            !RequestParams.TryRead(parameters.ValueKind == JsonValueKind.Null ? EmptyObject : parameters, VideoJson.Default.VideoSettingsParams, out var p, out var problem)
                ? RequestResult.Fail(ErrorCode.InvalidArgument, problem)
                : !VideoSettings.TryApply(null, p, out var settings, out problem, videos.Defaults)
                    ? RequestResult.Fail(ErrorCode.VideoSettingsInvalid, problem)
                    : await videos.CreateAsync(context, settings));
        Add(services, VideoNames.Update, async (videos, context, parameters) =>
            RequestParams.TryRead(parameters, VideoJson.Default.VideoSettingsParams, out var p, out var problem)
                ? await videos.UpdateAsync(context.SessionId, p)
                : RequestResult.Fail(ErrorCode.InvalidArgument, problem));
        Add(services, VideoNames.Keyframe, (videos, context, parameters) =>
            WithContext(parameters, id => videos.ActAsync(context.SessionId, id, static (grain, c) => grain.KeyframeAsync(c))));
        Add(services, VideoNames.Reset, (videos, context, parameters) =>
            WithContext(parameters, id => videos.ActAsync(context.SessionId, id, static (grain, c) => grain.ResetAsync(c))));
        Add(services, VideoNames.Close, async (videos, context, parameters) =>
            RequestParams.TryRead(parameters, VideoJson.Default.VideoContextParams, out var p, out var problem)
                ? await videos.CloseAsync(context.SessionId, p.Context)
                : RequestResult.Fail(ErrorCode.InvalidArgument, problem));
        return services;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private static Task<RequestResult> WithContext(JsonElement parameters, Func<string?, Task<RequestResult>> act) =>
        RequestParams.TryRead(parameters, VideoJson.Default.VideoContextParams, out var p, out var problem)
            ? act(p.Context)
            : Task.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument, problem));

    private static void Add(IServiceCollection services, string method, Func<VideoContexts, RequestContext, JsonElement, Task<RequestResult>> handle) =>
        services.AddSingleton<IRequestHandler>(sp =>
        {
            var videos = sp.GetRequiredService<VideoContexts>();
            return new DelegateRequestHandler(method, async (context, parameters, _) => await handle(videos, context, parameters));
        });
}
