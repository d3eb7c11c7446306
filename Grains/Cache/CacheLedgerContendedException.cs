namespace OrleansBridge.Cache;

/// <summary>
/// A cache ledger change could not be written: every attempt was refused because another silo's
/// ledger activation wrote the record first. Nothing of the change was persisted. Requests that fail
/// with it are answered <see cref="Protocol.ErrorCode.CacheLedgerContended"/> (4910), not 4402.
/// </summary>
internal sealed class CacheLedgerContendedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheLedgerContendedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CacheLedgerContendedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the last conflict.</summary>
    public CacheLedgerContendedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
