using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strangler.TestSupport.Hosting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A real HTTP backend whose answers a test writes (e.g. a v4 that rounds a field differently), and
/// that records every request it received (method, raw target, headers) in arrival order.
/// </summary>
internal sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private ScriptedBackend(RunningApp app) => App = app;

    public RunningApp App { get; private set; }

    public Uri BaseAddress => App.BaseAddress;

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static async Task<ScriptedBackend> StartAsync(Func<HttpContext, Task> answer)
    {
        ScriptedBackend? backend = null;
        var app = await RunningApp.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            configure?.Invoke(builder);
            var web = builder.Build();
            web.Run(context =>
            {
                backend!._received.Enqueue(new ReceivedRequest(
                    context.Request.Method,
                    context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                return answer(context);
            });
            return web;
        });
        backend = new ScriptedBackend(app);
        return backend;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

internal sealed record ReceivedRequest(string Method, string RawTarget, Dictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public bool IsShadow => Header("X-Strangler-Shadow") == "1";
}
