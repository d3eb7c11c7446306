using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Tests.Storage;

public sealed class HttpRetryTests
{
    [Fact]
    public async Task TransientStatuses_AreRetried_UntilAnAnswerThatIsNot()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.Created);
        using var client = new HttpClient(handler);

        var outcome = await Retry(client, attempts: 4).SendAsync(() => new HttpRequestMessage(HttpMethod.Put, "http://storage/x"), HttpCompletionOption.ResponseContentRead, default);

        Assert.Equal(HttpStatusCode.Created, outcome.Response?.StatusCode);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task Attempts_AreBounded_AndTheLastTransientAnswerIsReturned()
    {
        var handler = new ScriptedHandler(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        using var client = new HttpClient(handler);

        var outcome = await Retry(client, attempts: 3).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "http://storage/x"), HttpCompletionOption.ResponseContentRead, default);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, outcome.Response?.StatusCode);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task ClientErrors_AreNotRetried()
    {
        var handler = new ScriptedHandler(HttpStatusCode.Forbidden, HttpStatusCode.OK);
        using var client = new HttpClient(handler);

        var outcome = await Retry(client, attempts: 4).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "http://storage/x"), HttpCompletionOption.ResponseContentRead, default);

        Assert.Equal(HttpStatusCode.Forbidden, outcome.Response?.StatusCode);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task ConnectionFailures_AreRetried_ThenReportedWithTheirReason()
    {
        var handler = new ScriptedHandler([]);
        using var client = new HttpClient(handler);

        var outcome = await Retry(client, attempts: 2).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "http://storage/x"), HttpCompletionOption.ResponseContentRead, default);

        Assert.Null(outcome.Response);
        Assert.Equal(2, handler.Requests);
        Assert.Contains("Connection refused", outcome.Failure, StringComparison.Ordinal);
    }

    private static HttpRetry Retry(HttpClient client, int attempts) =>
        new(client, attempts, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, "test storage");

    /// <summary>Answers the given statuses in turn; with none left, fails as a refused connection does.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _requests) - 1;
            return index < statuses.Length
                ? Task.FromResult(new HttpResponseMessage(statuses[index]))
                : throw new HttpRequestException("Connection refused (storage:80)");
        }
    }
}
