using Orleans;

namespace OrleansBridge.Applications;

/// <summary>
/// One per configured application (key: its name). Knows whether the application is open and counts
/// live sessions per tenant, so admission is decided one turn at a time and limits hold exactly.
/// </summary>
[Alias("bridge.application")]
public interface IApplicationGrain : IGrainWithStringKey
{
    /// <summary>Opens the application for sessions.</summary>
    Task OpenAsync();

    /// <summary>Closes the application: new sessions are refused with <see cref="ErrorCode.ApplicationClosed"/>.</summary>
    Task CloseAsync();

    /// <summary>Checks the limits for a tenant and, when they allow it, reserves a session.</summary>
    /// <param name="tenant">The tenant from the token check.</param>
    /// <param name="tenantLimit">A cap carried by the token, used instead of the configured one.</param>
    Task<Admission> AdmitAsync(string tenant, int? tenantLimit);

    /// <summary>Frees a session's reservation when it closes (idempotent).</summary>
    Task ReleaseAsync(string sessionId);

    /// <summary>
    /// Counts a live session that an activation rebuilt from storage (idempotent; never refused: the
    /// session was admitted once). An application grain reactivated after its silo died learns the
    /// sessions that live on this way, as their clients resume.
    /// </summary>
    Task CountAsync(string sessionId, string tenant);

    /// <summary>The ids of the sessions <paramref name="tenant"/> holds (not CLOSED).</summary>
    Task<IReadOnlyList<string>> GetSessionsAsync(string tenant);

    /// <summary>Open state and session counts.</summary>
    Task<ApplicationStatus> GetStatusAsync();
}

/// <summary>The outcome of <see cref="IApplicationGrain.AdmitAsync"/>.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> when admitted.</param>
/// <param name="SessionId">The new session's id when admitted.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("bridge.Admission")]
public sealed record Admission(ErrorCode Error, string SessionId)
{
    /// <summary>True when a session was reserved.</summary>
    public bool Admitted => Error == ErrorCode.None;
}

/// <summary>An application's open state and live session counts.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("bridge.ApplicationStatus")]
public sealed record ApplicationStatus(string Name, bool IsOpen, int Sessions, IReadOnlyDictionary<string, int> SessionsByTenant);
