using OrleansBridge.Rendering.Placement;

namespace OrleansBridge.Silo.RenderSilo;

/// <summary>
/// <c>--role render</c>: a full silo of the cluster (grain host and gateway) whose Orleans silo metadata
/// says <see cref="SiloRoles.Render"/>, so the render grains of every session are placed on it
/// (<see cref="RenderSiloPlacementFilterAttribute"/>). It reads scenes from, and stores images in, the
/// application's cache, which must be the one the session silos use (a shared <c>path:</c>,
/// <c>azure:</c> or <c>address:</c> cache).
/// </summary>
internal static class RenderSiloRole
{
    /// <summary>The role's name on the command line.</summary>
    public const string Name = "render";

    /// <summary>Whether the configured role is <c>render</c>.</summary>
    public static bool IsSelected(IConfiguration configuration) =>
        string.Equals(configuration[$"{Configuration.BridgeOptions.Section}:Role"], Name, StringComparison.Ordinal);
}
