using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strangler.TestSupport.Hosting;

namespace Strangler.Gateway.Tests.Webhooks;

/// <summary>
/// A real HTTP webhook receiver (Kestrel on a free loopback port) that records every delivery it
/// got (headers and exact body bytes) and answers with the status the test scripts per attempt.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _received = new();
    private readonly Func<int, int> _status;
    private int _count;

    private WebhookReceiver(Func<int, int> status) => _status = status;

    public RunningApp App { get; private set; } = null!;

    public IReadOnlyList<Delivery> Received => [.. _received];

    /// <summary>A URL on this receiver; the path is accepted whatever it is.</summary>
    public string Url(string pathAndQuery = "hook") => new Uri(App.BaseAddress, pathAndQuery).ToString();

    /// <param name="status">The status to answer the n-th request (1-based) with; 204 for all by default.</param>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? status = null)
    {
        var receiver = new WebhookReceiver(status ?? (_ => 204));
        receiver.App = await RunningApp.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            configure?.Invoke(builder);
            var web = builder.Build();
            web.Run(receiver.AnswerAsync);
            return web;
        });
        return receiver;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var n = Interlocked.Increment(ref _count);
        _received.Enqueue(new Delivery(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));
        context.Response.StatusCode = _status(n);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    internal sealed record Delivery(string Target, Dictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);

        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    }
}
