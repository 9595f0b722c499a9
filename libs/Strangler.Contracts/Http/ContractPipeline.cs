using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Contracts.Http;

/// <summary>
/// What every backend of the contract does around its endpoints: name itself in X-Backend, turn
/// unhandled exceptions into a 500 without details, and answer unknown routes and methods in the
/// contract's error shape.
/// </summary>
public static class ContractPipeline
{
    public const string BackendHeader = "X-Backend";

    public static WebApplication UseContractPipeline(this WebApplication app, string backendName)
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
                var message = response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => $"no such endpoint: {status.HttpContext.Request.Method} {status.HttpContext.Request.Path}",
                    StatusCodes.Status405MethodNotAllowed => $"method {status.HttpContext.Request.Method} not allowed on {status.HttpContext.Request.Path}",
                    _ => $"request failed with status {response.StatusCode}",
                };
                await ApiResults.Error(response.StatusCode, message).ExecuteAsync(status.HttpContext);
            }
        });
        return app;
    }

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
