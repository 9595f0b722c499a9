using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Hosting;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway running in-process on real Kestrel listeners (public and management, both on free
/// loopback ports), reading rollout.json from its own temporary directory.
/// </summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private RunningGateway(GatewayApp app, string directory, bool ownsDirectory)
    {
        App = app;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Public = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.PublicAddress };
        Management = new HttpClient { BaseAddress = app.ManagementAddress };
    }

    public GatewayApp App { get; }

    public string Directory { get; }

    public string RolloutPath => Path.Combine(Directory, "rollout.json");

    public HttpClient Public { get; }

    public HttpClient Management { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<RunningGateway> StartAsync(
        string rolloutJson,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? directory = null,
        bool writeRollout = true)
    {
        var ownsDirectory = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("strangler-gw-").FullName;
        if (writeRollout)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "rollout.json"), rolloutJson);
        }

        var config = new Dictionary<string, string?>
        {
            ["Gateway:RolloutFile"] = Path.Combine(directory, "rollout.json"),
            ["Gateway:PublicUrls"] = "http://127.0.0.1:0",
            ["Gateway:Management:Urls"] = "http://127.0.0.1:0",
            // Nothing balances load across a test's gateway: it stops at once unless a test drains it.
            ["Gateway:DrainPeriod"] = "00:00:00",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = GatewayHost.Build([], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(config);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new RunningGateway(app, directory, ownsDirectory);
    }

    /// <summary>Replaces rollout.json the way editors and Kubernetes do: write a new file, rename it over.</summary>
    public async Task ReplaceRolloutAsync(string json)
    {
        var temp = RolloutPath + ".new";
        await File.WriteAllTextAsync(temp, json);
        File.Move(temp, RolloutPath, overwrite: true);
    }

    /// <summary>Overwrites rollout.json in place (truncate and write), as `echo > file` does.</summary>
    public Task WriteRolloutInPlaceAsync(string content) => File.WriteAllTextAsync(RolloutPath, content);

    public async Task<JsonElement> StatusAsync() =>
        await Management.GetFromJsonAsync<JsonElement>("admin/status", TestContext.Current.CancellationToken);

    /// <summary>Waits until GET /admin/status satisfies the condition (polling), then returns it.</summary>
    public Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(async () =>
        {
            var status = await StatusAsync();
            return (condition(status), status);
        }, what, timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        Public.Dispose();
        Management.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file watcher may still hold the directory for a moment; the OS temp cleaner gets it.
        }
    }
}
