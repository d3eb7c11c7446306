using System.Net.WebSockets;
using System.Text.Json;
using OrleansBridge.Client;

namespace OrleansBridge.Cli;

/// <summary>Prints failures the same way for every command, as text or as <c>--json</c>.</summary>
internal sealed class Output(bool json)
{
    /// <summary>Failures a command reports instead of crashing on.</summary>
    public static bool IsConnectFailure(Exception ex) =>
        ex is BridgeRejectedException or WebSocketException or HttpRequestException or OperationCanceledException or BridgeRequestException;

    /// <summary>Prints the failure and returns the exit code.</summary>
    public int Failure(Exception ex)
    {
        var (detail, exit) = ex switch
        {
            BridgeRejectedException r => (new ErrorDetail((int)r.Code, r.Code.ToString(), r.Reason), ExitCodes.Refused),
            BridgeRequestException q => (new ErrorDetail((int)q.Code, q.Code.ToString(), q.Reason.Length > 0 ? q.Reason : q.Message), ExitCodes.Failed),
            _ => (new ErrorDetail(0, ex.GetType().Name, ex.Message), ExitCodes.Failed),
        };
        Print(detail);
        return exit;
    }

    /// <summary>Prints a refusal by the server's HTTP admin surface and returns <see cref="ExitCodes.Refused"/>.</summary>
    public int Refusal(ErrorDetail detail)
    {
        Print(detail);
        return ExitCodes.Refused;
    }

    private void Print(ErrorDetail detail)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new ErrorOutput(detail), CliJson.Default.ErrorOutput));
        }
        else
        {
            Console.Error.WriteLine(detail.Code == 0
                ? $"error: {detail.Reason}"
                : $"refused: {detail.Code} {detail.Name}: {detail.Reason}");
        }
    }
}
