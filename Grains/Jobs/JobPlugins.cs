using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace OrleansBridge.Jobs;

/// <summary>
/// Loads job plugins: every <c>*.dll</c> in the folder gets its own (non-collectible)
/// <see cref="AssemblyLoadContext"/> that resolves its own dependencies from the folder and shares
/// the server's assemblies (so <see cref="IJob"/> is the same type on both sides). Every public,
/// non-abstract <see cref="IJob"/> with a parameterless constructor becomes a job.
/// </summary>
internal static partial class JobPlugins
{
    public static IReadOnlyList<IJob> Load(string folder, ILogger logger)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"Bridge:Jobs:PluginFolder '{folder}' does not exist; create it or remove the setting.");
        }

        var jobs = new List<IJob>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            Type[] types;
            try
            {
                types = new PluginLoadContext(path).LoadFromAssemblyPath(Path.GetFullPath(path)).GetExportedTypes();
            }
            catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or BadImageFormatException)
            {
                LogRefused(logger, ex, path);
                continue;
            }

            foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IJob).IsAssignableFrom(t)))
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new InvalidOperationException($"Job plugin type {type.FullName} in {path} needs a public parameterless constructor.");
                }

                var job = (IJob)Activator.CreateInstance(type)!;
                LogLoaded(logger, job.Name, job.Id, path);
                jobs.Add(job);
            }
        }

        return jobs;
    }

    private sealed class PluginLoadContext(string path) : AssemblyLoadContext($"job-plugin:{Path.GetFileName(path)}")
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The server's own assemblies (the job contract among them) come from the default context.
            if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName)))
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } resolved ? LoadFromAssemblyPath(resolved) : null;
        }
    }

    [LoggerMessage(EventId = Logging.LogEvents.JobPluginLoaded, Level = LogLevel.Information, Message = "Loaded job {Job} ({JobId}) from {Path}")]
    private static partial void LogLoaded(ILogger logger, string job, string jobId, string path);

    [LoggerMessage(EventId = Logging.LogEvents.JobPluginRefused, Level = LogLevel.Warning, Message = "Skipped {Path}: not a loadable .NET assembly")]
    private static partial void LogRefused(ILogger logger, Exception exception, string path);
}
