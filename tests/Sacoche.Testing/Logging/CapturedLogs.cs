using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sacoche.Testing.Logging;

public sealed record CapturedLog(string Category, LogLevel Level, string Message);

/// <summary>
/// A logger provider that keeps what passes the configured filters (Logging:LogLevel), to assert what a
/// service writes: register it with <c>services.AddSingleton&lt;ILoggerProvider&gt;(logs)</c>.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    public void Clear() => entries.Clear();

    /// <summary>Waits (up to <paramref name="timeout"/>) for an entry matching <paramref name="match"/>, e.g. a log written after the response.</summary>
    public async Task<bool> WaitForAsync(Func<CapturedLog, bool> match, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!entries.Any(match))
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception)));
    }
}
