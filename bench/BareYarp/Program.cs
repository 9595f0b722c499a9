using Strangler.Hosting;
using Yarp.ReverseProxy.Configuration;

ServerRuntime.Apply();

// Usage: bare-yarp --urls http://127.0.0.1:9100 --destination http://127.0.0.1:9001/
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var destination = builder.Configuration["destination"] ?? "http://127.0.0.1:9001/";
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["d0"] = new() { Address = destination } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
