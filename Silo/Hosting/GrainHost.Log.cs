using OrleansBridge.Logging;

namespace OrleansBridge.Silo.Hosting;

internal sealed partial class GrainHost
{
    [LoggerMessage(EventId = LogEvents.GrainActivated, Level = LogLevel.Debug, Message = "Activated {Grain}")]
    private partial void LogActivated(GrainId grain);

    [LoggerMessage(EventId = LogEvents.GrainDeactivated, Level = LogLevel.Debug, Message = "Deactivated {Grain}")]
    private partial void LogDeactivated(GrainId grain);

    [LoggerMessage(EventId = LogEvents.GrainActivationFailed, Level = LogLevel.Error, Message = "Activation of {Grain} failed")]
    private partial void LogActivationFailed(Exception exception, GrainId grain);

    [LoggerMessage(EventId = LogEvents.GrainTimerFailed, Level = LogLevel.Error, Message = "A timer or deactivation of {Grain} failed")]
    private partial void LogTimerFailed(Exception exception, GrainId grain);
}
