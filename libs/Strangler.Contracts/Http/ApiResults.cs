using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Strangler.Contracts.Json;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.Contracts.Http;

/// <summary>Results in the contract's envelope and error shape.</summary>
public static class ApiResults
{
    public static IResult Ok<T>(T data, JsonTypeInfo<Envelope<T>> type) =>
        TypedResults.Json(Envelope<T>.Ok(data), type);

    public static IResult Created<T>(string location, T data, JsonTypeInfo<Envelope<T>> type) =>
        new WithLocation(location, TypedResults.Json(Envelope<T>.Ok(data), type, statusCode: StatusCodes.Status201Created));

    public static IResult Error(int status, string message, IReadOnlyDictionary<string, string[]>? details = null) =>
        TypedResults.Json(ErrorEnvelope.Of(status, message, details), ContractJson.Web.ErrorEnvelope, statusCode: status);

    public static IResult Invalid(FieldErrors errors) =>
        Error(StatusCodes.Status400BadRequest, "validation failed", errors.ToDictionary());

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, $"{what} not found");

    private sealed class WithLocation(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
