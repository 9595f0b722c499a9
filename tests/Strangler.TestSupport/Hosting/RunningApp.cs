using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.TestSupport.Hosting;

/// <summary>Builds a web application for a test host: arguments and an optional builder callback.</summary>
public delegate WebApplication AppFactory(string[] args, Action<WebApplicationBuilder>? configure);

/// <summary>
/// One of the project's web applications running on real Kestrel on a free loopback port,
/// in the test process. Dispose stops it.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    /// <summary>The address Kestrel bound, e.g. http://127.0.0.1:41237/.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts an app with the given configuration values (merged over its appsettings) and optional
    /// extra builder changes. Logging is kept at Warning so test output stays readable.
    /// </summary>
    public static async Task<RunningApp> StartAsync(
        AppFactory factory,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var app = factory(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            configure?.Invoke(builder);
        });

        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        var address = addresses.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        return new RunningApp(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>A client whose base address is this app; the caller disposes it.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = BaseAddress,
    };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
