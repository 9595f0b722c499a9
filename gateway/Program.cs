var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy();
var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Text("ok"));
app.Run();
