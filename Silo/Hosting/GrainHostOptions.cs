namespace OrleansBridge.Silo.Hosting;

/// <summary>Grain host settings (configuration section <c>Bridge:Grains</c>).</summary>
public sealed class GrainHostOptions
{
    /// <summary>Where grain state is stored: <c>path:&lt;dir&gt;</c> (relative paths are under the data root).</summary>
    public string Storage { get; set; } = "path:grains";

    /// <summary>An activation unused this long is deactivated (unless it delays deactivation).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
