using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strangler.TestSupport.Hosting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A real HTTP backend for gateway tests that answers every request with what it received
/// (method, raw target, headers) and names itself in X-Backend, like the real backends do. It reads
/// every request body to its end and records how that went. Its answer can be switched to a fixed
/// status to exercise failover and the guard, and a request can be held until the test releases it.
/// </summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    private readonly RunningApp _app;
    private readonly ConcurrentQueue<ReceivedBody> _bodies = new();
    private int _forcedStatus;
    private int _requests;
    private readonly ConcurrentQueue<TaskCompletionSource> _holds = new();
    private int _held;
    private int _inFlight;
    private TaskCompletionSource? _gate;

    private EchoBackend(string name, RunningApp app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri BaseAddress => _app.BaseAddress;

    /// <summary>Requests this backend has received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests received and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Holds every request from now on until <see cref="Release"/>, like a backend that stalls.</summary>
    public void Hold() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets held requests (and later ones) through.</summary>
    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>Requests held by <see cref="HoldNext"/> and not released yet.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>How each request's body read ended, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedBody> Bodies => _bodies;

    /// <summary>0 to echo normally; otherwise every request gets this status.</summary>
    public int ForcedStatus
    {
        get => Volatile.Read(ref _forcedStatus);
        set => Volatile.Write(ref _forcedStatus, value);
    }

    /// <summary>The next request to arrive waits (counted in <see cref="Held"/>) until the returned action runs.</summary>
    public Action HoldNext()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds.Enqueue(release);
        return () => release.TrySetResult();
    }

    public static async Task<EchoBackend> StartAsync(string name)
    {
        EchoBackend? backend = null;
        var app = await RunningApp.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            configure?.Invoke(builder);
            var web = builder.Build();
            web.Run(context => backend!.HandleAsync(context));
            return web;
        });
        backend = new EchoBackend(name, app);
        return backend;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (Volatile.Read(ref _gate) is { } gate)
            {
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        if (_holds.TryDequeue(out var hold))
        {
            Interlocked.Increment(ref _held);
            await hold.Task;
            Interlocked.Decrement(ref _held);
        }

        if (!await ReadBodyAsync(context))
        {
            return;
        }

        context.Response.Headers["X-Backend"] = Name;
        var forced = ForcedStatus;
        if (forced != 0)
        {
            context.Response.StatusCode = forced;
            await context.Response.WriteAsync($"{Name} forced {forced}");
            return;
        }

        var echo = new EchoedRequest(
            Name,
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, echo, EchoedRequest.Json);
    }

    /// <summary>Reads the body to its end; false (recorded) when the request broke off on the way.</summary>
    private async Task<bool> ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return true;
        }

        var buffer = new byte[16 * 1024];
        long length = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }

            _bodies.Enqueue(new ReceivedBody(length, Complete: true, Error: null));
            return true;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            _bodies.Enqueue(new ReceivedBody(length, Complete: false, Error: e.GetType().Name + ": " + e.Message));
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_holds.TryDequeue(out var hold))
        {
            hold.TrySetResult();
        }

        Release();
        await _app.DisposeAsync();
    }
}

/// <summary>What an <see cref="EchoBackend"/> saw.</summary>
internal sealed record EchoedRequest(string Backend, string Method, string RawTarget, Dictionary<string, string> Headers)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>How much of a request body a backend read, and whether the body arrived whole.</summary>
internal sealed record ReceivedBody(long Length, bool Complete, string? Error);
