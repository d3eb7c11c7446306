using System.Globalization;
using Azure;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// Why a Blob service call failed, as a value: the SDK throws <see cref="RequestFailedException"/>
/// for every answer that is not a success (and for no answer at all), and each caller decides what
/// a status means for it.
/// </summary>
/// <param name="Status">The HTTP status; 0 when the service never answered.</param>
/// <param name="ErrorCode">The service's <c>x-ms-error-code</c> (e.g. <c>BlobAlreadyExists</c>).</param>
/// <param name="Failure">Why no answer came, when <paramref name="Status"/> is 0.</param>
/// <param name="Attempts">Attempts made, as far as the SDK's exception tells.</param>
internal readonly record struct BlobError(int Status, string? ErrorCode, string? Failure, int Attempts)
{
    /// <summary>True when no answer came at all.</summary>
    public bool IsUnreachable => Status == 0;

    /// <summary>True for an answer that means "the service is struggling", even after the SDK's retries.</summary>
    public bool IsTransient => IsUnreachable || Status is 408 or 500 or 502 or 503 or 504;

    /// <summary>
    /// Reads what the SDK threw: a <see cref="RequestFailedException"/> (an answer, or status 0 for
    /// none); an <see cref="AggregateException"/> when its retries ran out without an answer; an
    /// <see cref="OperationCanceledException"/> not asked for by <paramref name="cancellationToken"/>
    /// when the network timeout struck; an <see cref="IOException"/> when a body broke off.
    /// False for anything else, and for the caller's own cancellation.
    /// </summary>
    public static bool TryFrom(Exception exception, CancellationToken cancellationToken, out BlobError error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        error = default;
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        switch (exception)
        {
            case RequestFailedException { Status: > 0 } answer:
                error = new BlobError(answer.Status, answer.ErrorCode, null, 1);
                return true;
            case AggregateException { InnerExceptions: [.., var last] } retries when retries.InnerExceptions.All(IsNoAnswer):
                error = new BlobError(0, null, FailureOf(last), retries.InnerExceptions.Count);
                return true;
            case var single when IsNoAnswer(single):
                error = new BlobError(0, null, FailureOf(single), 1);
                return true;
            default:
                return false;
        }
    }

    /// <summary>"…is unavailable", "…refused … check the key", or "…answered … with …".</summary>
    public string Describe(string target, string operation) =>
        IsTransient ? $"{target} is unavailable: {operation} got {this}."
        : Status == 403 ? $"{target} refused {operation} ({this}): check AccountName and AccountKey."
        : $"{target} answered {operation} with {this}.";

    /// <summary>For messages: "503 ServerBusy", or the transport failure.</summary>
    public override string ToString() => IsUnreachable
        ? $"no answer after {Attempts.ToString(CultureInfo.InvariantCulture)} attempt(s): {Failure}"
        : $"{Status.ToString(CultureInfo.InvariantCulture)} {ErrorCode}".TrimEnd();

    private static bool IsNoAnswer(Exception exception) =>
        exception is RequestFailedException { Status: 0 } or OperationCanceledException or IOException;

    private static string FailureOf(Exception exception) => exception switch
    {
        OperationCanceledException => "no answer within the network timeout",
        { InnerException: { } inner } when !exception.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };
}
