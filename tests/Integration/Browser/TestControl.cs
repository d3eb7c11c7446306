using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OrleansBridge.Gateway;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// Test-only HTTP endpoints under <c>/__test/</c>, added to the real server in front of its own
/// pipeline, through which a test running in another process (node, the browser) acts on the server
/// side: cut every relayed connection (a real network failure), drop a session's socket, read which
/// <c>record</c> requests the server applied.
/// </summary>
internal sealed class TestControl(RecordingHandler recorder) : IStartupFilter
{
    public const string Prefix = "/__test";

    /// <summary>The relay whose connections <c>drop</c> resets; set once it is started.</summary>
    public TcpRelay? Relay { get; set; }

    /// <summary>Set after the server started, for <c>drop-session</c>.</summary>
    public GatewayConnections? Connections { get; set; }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (!context.Request.Path.StartsWithSegments(Prefix, out var rest))
            {
                await following(context);
                return;
            }

            object? body = rest.Value switch
            {
                "/drop" when Relay is { } relay => Drop(relay),
                "/drop-session" when Connections is { } connections =>
                    new { dropped = connections.DropSession(context.Request.Query["id"].ToString()) },
                "/applied" => new { applied = recorder.Applied.ToArray() },
                _ => null,
            };
            context.Response.StatusCode = body is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body));
        });
        next(app);
    };

    private static object Drop(TcpRelay relay)
    {
        relay.DropAll();
        return new { accepted = relay.Accepted };
    }
}
