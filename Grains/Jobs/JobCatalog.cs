using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansBridge.Jobs;

/// <summary>
/// The jobs of the server by name: those registered in the container (the built-ins) and those found
/// in the plugin folder at start. Two jobs with one name is a configuration error.
/// </summary>
internal sealed class JobCatalog
{
    private readonly FrozenDictionary<string, IJob> _jobs;

    public JobCatalog(IEnumerable<IJob> registered, IOptions<JobOptions> options, ILogger<JobCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var byName = new Dictionary<string, IJob>(StringComparer.Ordinal);
        var plugins = options.Value.PluginFolder is { Length: > 0 } folder ? JobPlugins.Load(folder, logger) : [];
        foreach (var job in registered.Concat(plugins))
        {
            if (string.IsNullOrEmpty(job.Name) || !byName.TryAdd(job.Name, job))
            {
                throw new InvalidOperationException(
                    $"Job '{job.Name}' ({job.Id}, {job.GetType().FullName}) has an empty name or one another job already uses; job names must be unique.");
            }
        }

        _jobs = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The job names, sorted.</summary>
    public IEnumerable<string> Names => _jobs.Keys.Order(StringComparer.Ordinal);

    /// <summary>Finds a job by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out IJob? job) => _jobs.TryGetValue(name, out job);
}
