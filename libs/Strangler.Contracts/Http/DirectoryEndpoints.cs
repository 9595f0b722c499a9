using System.Security.Claims;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Contracts.Json;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.Contracts.Http;

/// <summary>
/// The public contract's HTTP surface, mapped under a prefix ("/api" for v3, "/api/v4" for v4):
/// query and body parsing, who may call what (<see cref="ContractAuthentication"/>), and the
/// envelope. Operations go to <see cref="IDirectoryApi"/>.
/// </summary>
public static class DirectoryEndpoints
{
    public static RouteGroupBuilder MapDirectoryApi(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var api = endpoints.MapGroup(prefix);
        api.MapGet("/restaurants", ListRestaurants);
        api.MapGet("/restaurants/{id}", GetRestaurant);
        api.MapPost("/restaurants", CreateRestaurant).RequireAuthorization(ContractAuthentication.AdminPolicy);
        api.MapPut("/restaurants/{id}", UpdateRestaurant).RequireAuthorization(ContractAuthentication.AdminPolicy);
        api.MapDelete("/restaurants/{id}", DeleteRestaurant).RequireAuthorization(ContractAuthentication.AdminPolicy);
        api.MapGet("/reviews", ListReviews);
        api.MapGet("/reviews/{id}", GetReview);
        api.MapPost("/reviews", CreateReview).RequireAuthorization();
        api.MapGet("/users", ListUsers).RequireAuthorization(ContractAuthentication.AdminPolicy);
        api.MapGet("/users/{id}", GetUser).RequireAuthorization(ContractAuthentication.AdminPolicy);
        api.MapGet("/statistics", GetStatistics);
        return api;
    }

    private static async Task<IResult> ListRestaurants(HttpRequest request, IDirectoryApi api)
    {
        var errors = new FieldErrors();
        var filters = RestaurantFilters.Parse(Query(request), errors);
        var paging = ListQuery.Parse(Query(request), errors);
        return errors.Any
            ? ApiResults.Invalid(errors)
            : Map(await api.ListRestaurantsAsync(filters, paging, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopePageRestaurant);
    }

    private static async Task<IResult> GetRestaurant(string id, HttpRequest request, IDirectoryApi api)
    {
        var (value, error) = ContractPipeline.ParseId(id);
        return error ?? Map(await api.GetRestaurantAsync(value, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeRestaurant);
    }

    private static async Task<IResult> CreateRestaurant(HttpRequest request, IDirectoryApi api)
    {
        var (input, invalid) = await JsonBody.ReadAsync(request, ContractJson.Web.RestaurantInput);
        return invalid ?? Map(
            await api.CreateRestaurantAsync(input!, request.HttpContext.RequestAborted),
            ContractJson.Web.EnvelopeRestaurant,
            r => $"{request.PathBase}{request.Path}/{r.Id}");
    }

    private static async Task<IResult> UpdateRestaurant(string id, HttpRequest request, IDirectoryApi api)
    {
        var (value, badId) = ContractPipeline.ParseId(id);
        if (badId is not null)
        {
            return badId;
        }

        var (input, invalid) = await JsonBody.ReadAsync(request, ContractJson.Web.RestaurantInput);
        return invalid ?? Map(await api.UpdateRestaurantAsync(value, input!, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeRestaurant);
    }

    private static async Task<IResult> DeleteRestaurant(string id, HttpRequest request, IDirectoryApi api)
    {
        var (value, badId) = ContractPipeline.ParseId(id);
        return badId ?? Map(await api.DeleteRestaurantAsync(value, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeDeletedResource);
    }

    private static async Task<IResult> ListReviews(HttpRequest request, IDirectoryApi api)
    {
        var errors = new FieldErrors();
        var filters = ReviewFilters.Parse(Query(request), errors);
        var paging = ListQuery.Parse(Query(request), errors);
        return errors.Any
            ? ApiResults.Invalid(errors)
            : Map(await api.ListReviewsAsync(filters, paging, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopePageReview);
    }

    private static async Task<IResult> GetReview(string id, HttpRequest request, IDirectoryApi api)
    {
        var (value, error) = ContractPipeline.ParseId(id);
        return error ?? Map(await api.GetReviewAsync(value, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeReview);
    }

    private static async Task<IResult> CreateReview(HttpRequest request, ClaimsPrincipal user, IDirectoryApi api)
    {
        var (input, invalid) = await JsonBody.ReadAsync(request, ContractJson.Web.ReviewInput);
        return invalid ?? Map(
            await api.CreateReviewAsync(input!, user.Subject(), request.HttpContext.RequestAborted),
            ContractJson.Web.EnvelopeReview,
            r => $"{request.PathBase}{request.Path}/{r.Id}");
    }

    private static async Task<IResult> ListUsers(HttpRequest request, IDirectoryApi api)
    {
        var errors = new FieldErrors();
        var paging = ListQuery.Parse(Query(request), errors);
        return errors.Any
            ? ApiResults.Invalid(errors)
            : Map(await api.ListUsersAsync(paging, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopePageUser);
    }

    private static async Task<IResult> GetUser(string id, HttpRequest request, IDirectoryApi api)
    {
        var (value, badId) = ContractPipeline.ParseId(id);
        return badId ?? Map(await api.GetUserAsync(value, request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeUser);
    }

    private static async Task<IResult> GetStatistics(HttpRequest request, IDirectoryApi api) =>
        Map(await api.GetStatisticsAsync(request.HttpContext.RequestAborted), ContractJson.Web.EnvelopeStatistics);

    private static IResult Map<T>(Outcome<T> outcome, JsonTypeInfo<Envelope<T>> type, Func<T, string>? location = null) => outcome.Kind switch
    {
        OutcomeKind.Ok => ApiResults.Ok(outcome.Value!, type),
        OutcomeKind.Created => ApiResults.Created(location!(outcome.Value!), outcome.Value!, type),
        OutcomeKind.NotFound => ApiResults.Error(StatusCodes.Status404NotFound, outcome.Message!),
        OutcomeKind.Forbidden => ApiResults.Error(StatusCodes.Status403Forbidden, outcome.Message!),
        _ => ApiResults.Invalid(outcome.Errors!),
    };

    private static Func<string, string?> Query(HttpRequest request) => name =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
