using OrleansBridge.Logging;

namespace OrleansBridge.Silo;

/// <summary>Log lines of the silo itself.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = LogEvents.SiloListening, Level = LogLevel.Information, Message = "Listening on {Address} ({Environment})")]
    public static partial void Listening(ILogger logger, string address, string environment);

    [LoggerMessage(EventId = LogEvents.DevelopmentToken, Level = LogLevel.Warning, Message = "Using a generated development token (kept in {Path}); configure tokens before exposing this server")]
    public static partial void DevelopmentToken(ILogger logger, string path);
}
