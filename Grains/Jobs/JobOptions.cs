namespace OrleansBridge.Jobs;

/// <summary>Configuration of jobs (section <c>Bridge:Jobs</c>).</summary>
public sealed class JobOptions
{
    /// <summary>
    /// The folder whose <c>*.dll</c> files are loaded as job plugins at start (docs/jobs.md); relative
    /// paths are resolved against the data root by the host. Null or absent: no plugins.
    /// </summary>
    public string? PluginFolder { get; set; }
}
