using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using OrleansBridge.Scene.Snapshots;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Scene;

/// <summary>
/// The <c>snapshot.*</c> methods (docs/protocol.md §6.6): parameters validated here, at the edge, then
/// handed to the application's and tenant's <see cref="ISnapshotGrain"/> and the session's scene.
/// </summary>
internal static class SnapshotRequests
{
    public static IServiceCollection AddSnapshotRequests(this IServiceCollection services)
    {
        services.AddOptions<SnapshotOptions>();
        services.TryAddSingleton<ISnapshotPolicy, ConfiguredSnapshotPolicy>();
        Add(services, "snapshot.save", async (c, p) =>
        {
            var save = p.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? new SnapshotSaveParams() : Parse(p, SnapshotJson.Default.SnapshotSaveParams);
            if (save is null || (save.Name is { } name && !SnapshotKeys.IsValidName(name)))
            {
                return Invalid("Expected {\"name\"?: 1–128 of A–Z a–z 0–9 . _ - /, \"incremental\"?: bool}.");
            }

            c.Sessions.SceneOf(c.Request.SessionId, c.Request.Application); // closed with the session
            return (await c.Snapshots.SaveAsync(c.Request.SessionId, save.Name, save.Incremental)).ToRequestResult(SnapshotJson.Default.SnapshotInfo);
        });
        Add(services, "snapshot.list", async (c, _) =>
            RequestResult.Ok(new SnapshotListResult(await c.Snapshots.ListAsync()), SnapshotJson.Default.SnapshotListResult));
        Add(services, "snapshot.remove", async (c, p) => Parse(p, SnapshotJson.Default.SnapshotNameParams) is { } remove
            ? (await c.Snapshots.RemoveAsync(remove.Snapshot)).ToRequestResult(SnapshotJson.Default.SnapshotInfo)
            : Invalid("Expected {\"snapshot\": name}."));
        Add(services, "snapshot.export", async (c, p) =>
        {
            if (Parse(p, SnapshotJson.Default.SnapshotNameParams) is not { } export)
            {
                return Invalid("Expected {\"snapshot\": name}.");
            }

            var found = await c.Snapshots.GetAsync(export.Snapshot);
            return found.Value is not { } s
                ? found.ToRequestResult(SnapshotJson.Default.SnapshotInfo)
                : RequestResult.Ok(new SnapshotFile(SnapshotFile.CurrentFormatVersion, s.Name, s.Manifest, s.Parent, c.Request.Application, s.Tenant, c.CacheDescription),
                    SnapshotJson.Default.SnapshotFile);
        });
        Add(services, "snapshot.import", ImportAsync);
        return services;
    }

    private static async Task<RequestResult> ImportAsync(Call c, JsonElement p)
    {
        var import = Parse(p, SnapshotJson.Default.SnapshotImportParams);
        var mode = import?.Mode switch { "replace" => SceneImportMode.Replace, "merge" => SceneImportMode.Merge, _ => (SceneImportMode?)null };
        if (import is null || mode is null || (import.Snapshot is null) == (import.File is null)
            || (mode == SceneImportMode.Merge && (import.Prefix is not { } prefix || !SnapshotKeys.IsValidName(prefix))))
        {
            return Invalid("Expected {\"snapshot\": name} or {\"file\": exported snapshot}, \"mode\": \"replace\"|\"merge\", and for merge a \"prefix\" (1–128 of A–Z a–z 0–9 . _ - /).");
        }

        Cache.ContentHash manifest;
        if (import.File is { } fileJson)
        {
            var code = SnapshotFile.TryParse(fileJson, out var file);
            if (code != ErrorCode.None)
            {
                return RequestResult.Fail(code, code == ErrorCode.SceneFormatVersionUnknown
                    ? $"The snapshot file's format version is not {SnapshotFile.CurrentFormatVersion}, the one this server reads."
                    : "The snapshot file is not a snapshot.export result.");
            }

            manifest = file!.Manifest;
        }
        else
        {
            var found = await c.Snapshots.GetAsync(import.Snapshot!);
            if (found.Value is not { } snapshot)
            {
                return found.ToRequestResult(SnapshotJson.Default.SnapshotInfo);
            }

            manifest = snapshot.Manifest;
        }

        var scene = c.Sessions.SceneOf(c.Request.SessionId, c.Request.Application);
        return (await scene.ImportAsync(manifest, mode.Value, import.Prefix ?? string.Empty, c.Request.Sequence)).ToRequestResult(SceneJson.Default.CommitResult);
    }

    /// <summary>What a snapshot method works with.</summary>
    private sealed record Call(RequestContext Request, ISnapshotGrain Snapshots, SceneSessions Sessions, string CacheDescription);

    private static void Add(IServiceCollection services, string method, Func<Call, JsonElement, Task<RequestResult>> handle) =>
        services.AddSingleton<IRequestHandler>(sp =>
        {
            var sessions = sp.GetRequiredService<SceneSessions>();
            var grains = sp.GetRequiredService<IGrainFactory>();
            var caches = sp.GetRequiredService<Cache.ApplicationCaches>();
            return new DelegateRequestHandler(method, async (context, parameters, _) =>
                await handle(
                    new Call(context, grains.GetGrain<ISnapshotGrain>(SnapshotKeys.For(context.Application, context.Tenant)), sessions, caches.For(context.Application).Description),
                    parameters));
        });

    private static T? Parse<T>(JsonElement parameters, JsonTypeInfo<T> info)
        where T : class => RequestParams.TryRead(parameters, info, out var value, out _) ? value : null;

    private static RequestResult Invalid(string message) => RequestResult.Fail(ErrorCode.InvalidArgument, message);
}
