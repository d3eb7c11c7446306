using System.Security.Cryptography;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions;

/// <summary>Status and the checks a resume must pass.</summary>
internal sealed partial class SessionGrain
{
    public Task<SessionStatus> GetStatusAsync()
    {
        var record = _record.Stored();
        return Task.FromResult(new SessionStatus(
            Id,
            record?.Application ?? string.Empty,
            record?.Tenant ?? string.Empty,
            _state,
            record?.CreatedAt ?? default,
            _resumes,
            _channel?.Outbox.LastSequence ?? 0,
            _channel?.Inbound.LastDelivered ?? 0,
            _channel?.Outbox.PendingBytes ?? 0));
    }

    private ErrorCode CheckResume(string tenant, string resumeToken, uint lastReceivedSeq)
    {
        if (_state == SessionState.Closed || _channel is null || _record.Stored() is not { } record)
        {
            return ErrorCode.SessionNotFound;
        }

        var refusal = Authenticate(record, tenant, resumeToken);
        if (refusal != ErrorCode.None)
        {
            return refusal;
        }

        return _channel.Outbox.CanResumeFrom(lastReceivedSeq) ? ErrorCode.None : ErrorCode.ResumeSequenceInvalid;
    }

    private static ErrorCode Authenticate(SessionRecord record, string tenant, string resumeToken)
    {
        // Both checks always run, so timing does not tell which one failed.
        var tokenMatches = CryptographicOperations.FixedTimeEquals(HashToken(resumeToken), record.ResumeTokenHash);
        var tenantMatches = string.Equals(tenant, record.Tenant, StringComparison.Ordinal);
        return tokenMatches && tenantMatches ? ErrorCode.None : ErrorCode.ResumeTokenInvalid;
    }
}
