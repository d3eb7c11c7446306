using Azure;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Tests.Storage;

/// <summary>How what the Azure SDK throws becomes a <see cref="BlobError"/>, and how it is worded.</summary>
public sealed class BlobErrorTests
{
    private const string Target = "Azure Blob Storage container 'c1c' at http://127.0.0.1:4000/devstoreaccount1";

    [Fact]
    public void AnAnswer_KeepsItsStatusAndErrorCode_AndA503IsUnavailable()
    {
        Assert.True(BlobError.TryFrom(new RequestFailedException(503, "busy", "ServerBusy", null), default, out var error));

        Assert.Equal(new BlobError(503, "ServerBusy", null, 1), error);
        Assert.True(error.IsTransient);
        Assert.Equal($"{Target} is unavailable: Get Blob got 503 ServerBusy.", error.Describe(Target, "Get Blob"));
    }

    [Fact]
    public void A403_TellsWhatToCheck_AndA412IsNeitherTransientNorRefused()
    {
        Assert.True(BlobError.TryFrom(new RequestFailedException(403, "no", "AuthorizationFailure", null), default, out var refused));
        Assert.True(BlobError.TryFrom(new RequestFailedException(412, "changed", "ConditionNotMet", null), default, out var changed));

        Assert.Contains("check AccountName and AccountKey", refused.Describe(Target, "Put Blob"), StringComparison.Ordinal);
        Assert.False(changed.IsTransient);
        Assert.Equal($"{Target} answered Put Blob with 412 ConditionNotMet.", changed.Describe(Target, "Put Blob"));
    }

    [Fact]
    public void RetriesThatRanOutWithoutAnAnswer_AreUnreachable_WithTheAttemptsAndTheLastFailure()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:4000)");
        var retries = new AggregateException("Retry failed after 3 tries.",
            new RequestFailedException(0, "Connection refused (127.0.0.1:4000)", null, refused),
            new TaskCanceledException("timeout"),
            new RequestFailedException(0, "Connection refused (127.0.0.1:4000)", null, refused));

        Assert.True(BlobError.TryFrom(retries, default, out var error));

        Assert.True(error.IsUnreachable);
        Assert.Equal(3, error.Attempts);
        Assert.Equal("no answer after 3 attempt(s): Connection refused (127.0.0.1:4000)", error.ToString());
    }

    [Fact]
    public void TheCallersOwnCancellation_AndOtherExceptions_AreNotBlobErrors()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(BlobError.TryFrom(new OperationCanceledException(cancelled.Token), cancelled.Token, out _));
        Assert.False(BlobError.TryFrom(new InvalidOperationException("a bug"), default, out _));
        Assert.False(BlobError.TryFrom(new AggregateException(new InvalidOperationException("a bug")), default, out _));
        Assert.True(BlobError.TryFrom(new OperationCanceledException("network timeout"), default, out var timeout));
        Assert.True(timeout.IsUnreachable);
    }
}
