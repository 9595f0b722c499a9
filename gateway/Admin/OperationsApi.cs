using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Bucketing;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>Operator actions on the management port. Mutations are POST only (other methods get 405).</summary>
internal static class OperationsApi
{
    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/features/{feature}/force", Force);
        admin.MapPost("/features/{feature}/pause", Pause);
        admin.MapPost("/features/{feature}/resume", Resume);
        admin.MapPost("/rollback-all", RollbackAll);
        return admin;
    }

    private static async Task<IResult> Force(string feature, HttpRequest request, RolloutOperations operations)
    {
        var (body, error) = await AdminBody.ReadAsync(request, AdminJsonContext.Default.ForceRequest, optional: false);
        if (error is not null)
        {
            return error;
        }

        if (body!.Percentage is not { } percent)
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, "percentage is required (0..100, at most two decimals)");
        }

        if (!Percentage.TryFromPercent(percent, out var percentage))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, $"percentage must be between 0 and 100 with at most two decimals (got {percent})");
        }

        return ToResult(await operations.ForceAsync(feature, percentage, AdminBody.Actor(request, body.Actor), body.Reason));
    }

    private static Task<IResult> Pause(string feature, HttpRequest request, RolloutOperations operations) =>
        WithAction(request, body => operations.PauseAsync(feature, AdminBody.Actor(request, body?.Actor), body?.Reason));

    private static Task<IResult> Resume(string feature, HttpRequest request, RolloutOperations operations) =>
        WithAction(request, body => operations.ResumeAsync(feature, AdminBody.Actor(request, body?.Actor), body?.Reason));

    private static async Task<IResult> RollbackAll(HttpRequest request, RolloutOperations operations)
    {
        var (body, error) = await AdminBody.ReadAsync(request, AdminJsonContext.Default.ActionRequest, optional: true);
        if (error is not null)
        {
            return error;
        }

        var (changed, unavailable) = await operations.RollbackAllAsync(AdminBody.Actor(request, body?.Actor), body?.Reason);
        if (unavailable is not null)
        {
            return AdminResults.Error(StatusCodes.Status503ServiceUnavailable, changed.Count == 0 ? unavailable : $"{unavailable} ({changed.Count} features were rolled back before the store stopped answering: {string.Join(", ", changed.Select(s => s.Feature))})");
        }

        return TypedResults.Json(
            new RollbackAllResponse(changed.Select(EffectiveView.From).ToArray()),
            AdminJsonContext.Default.RollbackAllResponse);
    }

    private static async Task<IResult> WithAction(HttpRequest request, Func<ActionRequest?, Task<OperationResult>> act)
    {
        var (body, error) = await AdminBody.ReadAsync(request, AdminJsonContext.Default.ActionRequest, optional: true);
        return error ?? ToResult(await act(body));
    }

    private static IResult ToResult(OperationResult result) => result switch
    {
        { State: { } state } => TypedResults.Json(EffectiveView.From(state), AdminJsonContext.Default.EffectiveView),
        { NotFound: true } => AdminResults.Error(StatusCodes.Status404NotFound, result.Error!),
        { Unavailable: true } => AdminResults.Error(StatusCodes.Status503ServiceUnavailable, result.Error!),
        _ => AdminResults.Error(StatusCodes.Status400BadRequest, result.Error!),
    };
}

internal sealed record RollbackAllResponse(IReadOnlyList<EffectiveView> Features);
