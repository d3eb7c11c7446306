using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>The server refused the connection (before the upgrade or with Reject).</summary>
public sealed class BridgeRejectedException : Exception
{
    public BridgeRejectedException(ErrorCode code, string reason)
        : base($"{(int)code} {code}: {reason}")
    {
        Code = code;
        Reason = reason;
    }

    public BridgeRejectedException()
        : this(ErrorCode.None, string.Empty)
    {
    }

    public BridgeRejectedException(string message)
        : base(message)
    {
        Reason = message;
    }

    public BridgeRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The stable error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>The server's reason.</summary>
    public string Reason { get; } = string.Empty;
}

/// <summary>A request failed with an error code from the server (thrown by <see cref="BridgeSession.RequestAsync(string, System.Text.Json.JsonElement, CancellationToken)"/>).</summary>
public sealed class BridgeRequestException : Exception
{
    public BridgeRequestException(ErrorCode code, string message)
        : base($"{(int)code} {code}: {message}")
    {
        Code = code;
        Reason = message;
    }

    public BridgeRequestException()
    {
    }

    public BridgeRequestException(string message)
        : base(message)
    {
    }

    public BridgeRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stable error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>The server's message alone, without the code (<see cref="Exception.Message"/> has both).</summary>
    public string Reason { get; } = string.Empty;
}
