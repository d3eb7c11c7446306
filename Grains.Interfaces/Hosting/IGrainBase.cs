namespace OrleansBridge.Hosting;

/// <summary>Lifecycle callbacks a grain may implement (Orleans' <c>IGrainBase</c> shape).</summary>
public interface IGrainBase
{
    /// <summary>Runs as the first turn of a new activation, before any call.</summary>
    Task OnActivateAsync(CancellationToken cancellationToken);

    /// <summary>Runs as the last turn of an activation.</summary>
    Task OnDeactivateAsync(CancellationToken cancellationToken);
}
