using System.Diagnostics.CodeAnalysis;
using OrleansBridge.Admission;
using OrleansBridge.Applications;

namespace OrleansBridge.Silo.Configuration;

/// <summary>The validated applications and their session handlers, built once at start.</summary>
internal sealed class ApplicationCatalog : IApplicationCatalog
{
    private readonly Dictionary<string, ApplicationSettings> _byName;
    private readonly Dictionary<string, ISessionHandler> _handlers;

    public ApplicationCatalog(IReadOnlyList<ApplicationSettings> applications, IReadOnlyDictionary<string, ISessionHandler> handlers)
    {
        Applications = applications;
        _byName = applications.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _handlers = new Dictionary<string, ISessionHandler>(handlers, StringComparer.Ordinal);
    }

    public IReadOnlyList<ApplicationSettings> Applications { get; }

    public bool TryGet(string name, [MaybeNullWhen(false)] out ApplicationSettings settings) => _byName.TryGetValue(name, out settings);

    public ISessionHandler GetSessionHandler(string name) => _handlers[name];
}
