using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>One log entry a test server wrote.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message);

/// <summary>
/// Keeps every entry a test server logs at or above the server's level (Warning unless
/// BRIDGE_TEST_LOGLEVEL says otherwise), so a test can assert that an event was written.
/// Register it with <c>services: s =&gt; s.AddSingleton&lt;ILoggerProvider&gt;(capture)</c>.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private readonly List<(Func<CapturedLog, bool> Match, TaskCompletionSource<CapturedLog> Done)> _waiters = [];

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    /// <summary>Completes with the first entry that matches, written before or after the call; bounded to 30 s.</summary>
    public Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match)
    {
        lock (_waiters)
        {
            if (_entries.FirstOrDefault(match) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var done = new TaskCompletionSource<CapturedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        lock (_waiters)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Done.TrySetResult(entry);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Capturing(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Add(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
