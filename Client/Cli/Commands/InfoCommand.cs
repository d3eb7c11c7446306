using System.CommandLine;
using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Cli.Commands;

/// <summary>The <c>--json</c> output of <c>bridge info</c>.</summary>
internal sealed record InfoOutput(
    string Server,
    int ProtocolVersion,
    string SessionId,
    string Tenant,
    IReadOnlyList<string> Capabilities,
    SessionLimits Limits,
    IReadOnlyList<TransitionOutput> Transitions,
    ErrorDetail? Closed);

/// <summary>One state transition as printed: who saw it (client or server), states, reason.</summary>
internal sealed record TransitionOutput(string Side, string State, string Previous, string Reason, DateTimeOffset At);

/// <summary><c>bridge info</c>: connect, print what was negotiated and every state change, close.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Connect, print the negotiated protocol, session id, capabilities and each state transition, then close.");
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = parse.GetValue(CommonOptions.Server)!;
        var json = parse.GetValue(CommonOptions.Json);
        var transitions = new List<TransitionOutput>();
        var printer = new Output(json);
        var options = new BridgeClientOptions { ClientName = "bridge-cli", AutoReconnect = false };
        var session = BridgeClient.Create(server, parse.GetValue(CommonOptions.Token) ?? string.Empty, options);
        await using (session)
        {
            session.StateChanged += change =>
                Record(new TransitionOutput("client", change.State.ToString(), change.Previous.ToString(), change.Reason, change.At));
            session.ServerStateChanged += change =>
                Record(new TransitionOutput("server", change.State.ToString(), change.Previous.ToString(), change.Reason, DateTimeOffset.UtcNow));
            try
            {
                await session.ConnectAsync(cancellationToken);
            }
            catch (Exception ex) when (Output.IsConnectFailure(ex))
            {
                return printer.Failure(ex);
            }

            if (!json)
            {
                Console.WriteLine($"server        {server}");
                Console.WriteLine($"protocol      {session.ProtocolVersion}");
                Console.WriteLine($"session       {session.SessionId}");
                Console.WriteLine($"tenant        {session.Tenant}");
                Console.WriteLine($"capabilities  {string.Join(", ", session.Capabilities)}");
                var l = session.Limits!;
                Console.WriteLine($"limits        maxMessageBytes={l.MaxMessageBytes} maxInFlightBytes={l.MaxInFlightBytes} maxMessagesPerSecond={l.MaxMessagesPerSecond} graceWindowMs={l.GraceWindowMs} pingIntervalMs={l.PingIntervalMs}");
            }

            // A round trip guarantees every event the server pushed before it has arrived.
            await session.RequestAsync("session.info", default(JsonElement), cancellationToken);
            await session.CloseAsync(cancellationToken);
            var end = await session.Completion;
            var closed = new ErrorDetail((int)end.Code, end.Code.ToString(), end.Reason);
            lock (transitions)
            {
                if (json)
                {
                    Console.WriteLine(JsonSerializer.Serialize(
                        new InfoOutput(server.ToString(), session.ProtocolVersion, session.SessionId, session.Tenant, session.Capabilities, session.Limits!, transitions, closed),
                        CliJson.Default.InfoOutput));
                }
                else
                {
                    transitions.ForEach(Print);
                }
            }

            return ExitCodes.Ok;
        }

        void Record(TransitionOutput transition)
        {
            lock (transitions)
            {
                transitions.Add(transition);
            }
        }
    }

    private static void Print(TransitionOutput t) =>
        Console.WriteLine($"state         [{t.Side}] {t.Previous} -> {t.State}: {t.Reason}");
}
