using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Tests.Webhooks;

/// <summary>Keeps every message logged through it, rendered (registered in place of one type's logger).</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
}
