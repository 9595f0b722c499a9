using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Contracts.Json;

namespace Strangler.Faults;

/// <summary>
/// The fault control endpoint: GET lists the rules, POST sets one (replacing the same prefix),
/// DELETE removes one (?path_prefix=) or all. Invalid input gets 400 naming the field.
/// </summary>
public static class FaultControlApi
{
    public static void MapFaultControl(this IEndpointRouteBuilder endpoints, string path)
    {
        var group = endpoints.MapGroup(path);
        group.MapGet("/", List);
        group.MapPost("/", Set);
        group.MapPut("/", Set);
        group.MapDelete("/", Delete);
    }

    private static IResult List(FaultRules rules) => Listing(rules);

    private static async Task<IResult> Set(HttpRequest request, FaultRules rules)
    {
        FaultRuleInput? input;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        try
        {
            input = JsonSerializer.Deserialize(body.GetBuffer().AsSpan(0, (int)body.Length), FaultJson.Default.FaultRuleInput);
        }
        catch (JsonException e)
        {
            return Invalid("body", JsonBodyProblems.Describe(e, body.GetBuffer().AsSpan(0, (int)body.Length), FaultJson.Default.FaultRuleInput));
        }

        if (input is null)
        {
            return Invalid("body", "a JSON object with path_prefix and at least one of error_rate, error_status, latency_ms, abort_rate is required");
        }

        var (rule, errors) = FaultRuleValidator.Validate(input);
        if (rule is null)
        {
            return TypedResults.Json(
                new FaultError(false, "invalid fault rule", 400, errors),
                FaultJson.Default.FaultError,
                statusCode: StatusCodes.Status400BadRequest);
        }

        rules.Set(rule);
        return Listing(rules);
    }

    private static IResult Delete(HttpRequest request, FaultRules rules)
    {
        var prefix = request.Query["path_prefix"].ToString();
        if (prefix.Length == 0)
        {
            rules.Clear();
        }
        else if (!rules.Remove(prefix))
        {
            return TypedResults.Json(
                new FaultError(false, $"no fault rule for path_prefix '{prefix}'", 404, null),
                FaultJson.Default.FaultError,
                statusCode: StatusCodes.Status404NotFound);
        }

        return Listing(rules);
    }

    private static IResult Listing(FaultRules rules) =>
        TypedResults.Json(new FaultListing(true, rules.All), FaultJson.Default.FaultListing);

    private static IResult Invalid(string field, string message) =>
        TypedResults.Json(
            new FaultError(false, "invalid fault rule", 400, new Dictionary<string, string[]> { [field] = [message] }),
            FaultJson.Default.FaultError,
            statusCode: StatusCodes.Status400BadRequest);
}
