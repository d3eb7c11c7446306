using System.Diagnostics.CodeAnalysis;
using OrleansBridge.Admission;

namespace OrleansBridge.Applications;

/// <summary>The applications this server is configured with.</summary>
public interface IApplicationCatalog
{
    /// <summary>Every configured application.</summary>
    IReadOnlyList<ApplicationSettings> Applications { get; }

    /// <summary>Finds an application by its configuration name.</summary>
    bool TryGet(string name, [MaybeNullWhen(false)] out ApplicationSettings settings);

    /// <summary>The session handler that checks tokens for an application.</summary>
    ISessionHandler GetSessionHandler(string name);
}
