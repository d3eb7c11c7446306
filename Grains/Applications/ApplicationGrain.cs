using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using OrleansBridge.Logging;
using OrleansBridge.Storage;

namespace OrleansBridge.Applications;

/// <summary>
/// Admission for one application. Session counts live in memory (they describe the sessions this
/// silo serves), so the activation is kept alive for the silo's life.
/// </summary>
internal sealed partial class ApplicationGrain : Grain, IApplicationGrain
{
    private readonly TimeProvider _time;
    private readonly ApplicationSettings _settings;
    private readonly ILogger<ApplicationGrain> _logger;
    private readonly IPersistentState<ApplicationRecord> _record;
    private readonly Dictionary<string, string> _tenantBySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sessionsByTenant = new(StringComparer.Ordinal);

    /// <summary>The grain's key.</summary>
    private string Key => this.GetPrimaryKeyString();

    public ApplicationGrain(
        IApplicationCatalog catalog,
        [PersistentState("application", GrainStorageSetup.ProviderName)] IPersistentState<ApplicationRecord> record,
        TimeProvider time,
        ILogger<ApplicationGrain> logger)
    {
        _time = time;
        _logger = logger;
        if (!catalog.TryGet(Key, out var settings))
        {
            throw new InvalidOperationException($"No application named '{Key}' is configured.");
        }

        _settings = settings;
        _record = record;
    }

    private bool IsOpen => _record.Stored()?.IsOpen == true;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan); // the record was read by Orleans before this
        return Task.CompletedTask;
    }

    public async Task OpenAsync()
    {
        if (!IsOpen)
        {
            _record.State = new ApplicationRecord(true, _time.GetUtcNow());
            await _record.WriteStateAsync();
            LogOpened(_settings.Name, _settings.Path);
        }
    }

    public async Task CloseAsync()
    {
        if (IsOpen || !_record.RecordExists)
        {
            _record.State = new ApplicationRecord(false, _time.GetUtcNow());
            await _record.WriteStateAsync();
            LogClosed(_settings.Name);
        }
    }

    public Task<Admission> AdmitAsync(string tenant, int? tenantLimit)
    {
        var error = Check(tenant, tenantLimit);
        if (error != ErrorCode.None)
        {
            LogRefused(_settings.Name, tenant, (int)error);
            return Task.FromResult(new Admission(error, string.Empty));
        }

        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tenantBySession[sessionId] = tenant;
        _sessionsByTenant[tenant] = _sessionsByTenant.GetValueOrDefault(tenant) + 1;
        LogAdmitted(_settings.Name, tenant, sessionId);
        return Task.FromResult(new Admission(ErrorCode.None, sessionId));
    }

    public Task CountAsync(string sessionId, string tenant)
    {
        if (_tenantBySession.TryAdd(sessionId, tenant))
        {
            _sessionsByTenant[tenant] = _sessionsByTenant.GetValueOrDefault(tenant) + 1;
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string sessionId)
    {
        if (_tenantBySession.Remove(sessionId, out var tenant))
        {
            var left = _sessionsByTenant[tenant] - 1;
            if (left == 0)
            {
                _sessionsByTenant.Remove(tenant);
            }
            else
            {
                _sessionsByTenant[tenant] = left;
            }
        }

        return Task.CompletedTask;
    }

    public Task<ApplicationStatus> GetStatusAsync() =>
        Task.FromResult(new ApplicationStatus(_settings.Name, IsOpen, _tenantBySession.Count, new Dictionary<string, int>(_sessionsByTenant)));

    private ErrorCode Check(string tenant, int? tenantLimit)
    {
        if (!IsOpen)
        {
            return ErrorCode.ApplicationClosed;
        }

        if (_tenantBySession.Count >= _settings.Limits.MaxSessions)
        {
            return ErrorCode.ApplicationSessionLimit;
        }

        var limit = tenantLimit ?? _settings.Limits.MaxSessionsPerTenant;
        return _sessionsByTenant.GetValueOrDefault(tenant) >= limit ? ErrorCode.TenantSessionLimit : ErrorCode.None;
    }

    [LoggerMessage(EventId = LogEvents.ApplicationOpened, Level = LogLevel.Information, Message = "Application {Name} is open at {Path}")]
    private partial void LogOpened(string name, string path);

    [LoggerMessage(EventId = LogEvents.ApplicationClosed, Level = LogLevel.Information, Message = "Application {Name} is closed")]
    private partial void LogClosed(string name);

    [LoggerMessage(EventId = LogEvents.SessionAdmitted, Level = LogLevel.Debug, Message = "Application {Name} admitted tenant {Tenant} as session {SessionId}")]
    private partial void LogAdmitted(string name, string tenant, string sessionId);

    [LoggerMessage(EventId = LogEvents.SessionRefused, Level = LogLevel.Information, Message = "Application {Name} refused tenant {Tenant}: error {Code}")]
    private partial void LogRefused(string name, string tenant, int code);
}
