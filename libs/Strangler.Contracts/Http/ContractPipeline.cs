using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Contracts.Http;

/// <summary>
/// What every backend of the contract does around its endpoints: name itself in X-Backend, turn
/// unhandled exceptions into a 500 without details, and answer unknown routes and methods in the
/// contract's error shape, naming the path as clients call it (<see cref="PublicPrefix"/>), whatever
/// prefix the backend serves the contract under.
/// </summary>
public static class ContractPipeline
{
    public const string BackendHeader = "X-Backend";

    /// <summary>Where clients call the contract (the gateway maps it onto each backend's prefix).</summary>
    public const string PublicPrefix = "/api";

    /// <param name="prefix">Where this backend serves the contract, e.g. "/api/v4".</param>
    public static WebApplication UseContractPipeline(this WebApplication app, string backendName, string prefix)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers[BackendHeader] = backendName;
            return next(context);
        });
        app.UseExceptionHandler(error => error.Run(context =>
        {
            context.Response.Headers[BackendHeader] = backendName;
            return ApiResults.Error(StatusCodes.Status500InternalServerError, "internal error").ExecuteAsync(context);
        }));
        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.ContentLength is null && response.ContentType is null)
            {
                var request = status.HttpContext.Request;
                var message = response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => $"no such endpoint: {request.Method} {PublicPath(request.Path, prefix)}",
                    StatusCodes.Status405MethodNotAllowed => $"method {request.Method} not allowed on {PublicPath(request.Path, prefix)}",
                    _ => $"request failed with status {response.StatusCode}",
                };
                await ApiResults.Error(response.StatusCode, message).ExecuteAsync(status.HttpContext);
            }
        });
        return app;
    }

    /// <summary>A path under the backend's prefix as clients call it: "/api/v4/restaurants/1" is "/api/restaurants/1".</summary>
    public static string PublicPath(PathString path, string prefix) =>
        path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) ? PublicPrefix + rest : path.ToString();

    /// <summary>Parses a route id: a positive integer, or a 400 naming the parameter.</summary>
    public static (int Id, IResult? Error) ParseId(string text, string field = "id")
    {
        var errors = new Validation.FieldErrors();
        var id = Validation.ListQuery.Integer(text, field, 0, 1, int.MaxValue, errors);
        return errors.Any ? (0, ApiResults.Invalid(errors)) : (id, null);
    }

    public static IServiceCollection AddContractServices(this IServiceCollection services) =>
        services.AddProblemDetails();
}
