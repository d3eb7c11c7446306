using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Jobs;

/// <summary>
/// The <c>job.*</c> methods (docs/protocol.md §6.5) and the built-in jobs. Parameters are validated
/// here, at the edge; the <see cref="JobRunner"/> trusts them.
/// </summary>
internal static class JobRequests
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>();
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IJob, SceneStatsJob>();
        services.AddSingleton<IJob, BandwidthTestJob>();
        services.AddSingleton<IJob, GltfImportJob>();
        services.AddSingleton<IJob, SceneExportJob>();
        services.AddSingleton<IRequestHandler>(sp =>
        {
            var runner = sp.GetRequiredService<JobRunner>();
            return new DelegateRequestHandler("job.submit", (context, parameters, sessionClosing) =>
                ValueTask.FromResult(Parse(parameters, JobJson.Default.JobSubmitParams, out var submit) is { } error
                    ? error
                    : string.IsNullOrEmpty(submit!.Job)
                        ? RequestResult.Fail(ErrorCode.InvalidArgument, "params must be {\"job\": name, \"input\"?: any, \"transaction\"?: string}.")
                        : runner.Submit(context, submit, sessionClosing)));
        });
        services.AddSingleton<IRequestHandler>(sp =>
        {
            var runner = sp.GetRequiredService<JobRunner>();
            return new DelegateRequestHandler("job.cancel", (context, parameters, _) =>
                ValueTask.FromResult(Parse(parameters, JobJson.Default.JobCancelParams, out var cancel) is { } error
                    ? error
                    : string.IsNullOrEmpty(cancel!.JobId)
                        ? RequestResult.Fail(ErrorCode.InvalidArgument, "params must be {\"jobId\": string}.")
                        : runner.TryCancel(context.SessionId, cancel.JobId)
                            ? RequestResult.Ok(parameters)
                            : RequestResult.Fail(ErrorCode.JobNotFound, $"This session runs no job '{cancel.JobId}'; it may have finished.")));
        });
        return services;
    }

    private static RequestResult? Parse<T>(JsonElement parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, out T? value)
        where T : class =>
        RequestParams.TryRead(parameters, info, out value, out var problem) ? null : RequestResult.Fail(ErrorCode.InvalidArgument, problem);
}
