using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Strangler.Faults;

/// <summary>
/// Applies the matching fault rule to a request: wait, maybe drop the connection, maybe answer
/// with the error status in the contract's error shape. The control endpoint itself is exempt.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultRules rules, FaultDice dice, IOptions<FaultOptions> options)
{
    private readonly string _controlPath = options.Value.ControlPath;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var rule = path.StartsWith(_controlPath, StringComparison.OrdinalIgnoreCase) ? null : rules.Match(path);
        if (rule is null)
        {
            await next(context);
            return;
        }

        if (rule.LatencyMs > 0)
        {
            await Task.Delay(rule.LatencyMs, context.RequestAborted);
        }

        if (dice.Roll(rule.AbortRate))
        {
            context.Abort();
            return;
        }

        if (dice.Roll(rule.ErrorRate))
        {
            context.Response.StatusCode = rule.ErrorStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $"{{\"success\":false,\"error\":\"injected fault ({rule.ErrorStatus}) for {rule.PathPrefix}\",\"status_code\":{rule.ErrorStatus},\"details\":null}}",
                context.RequestAborted);
            return;
        }

        await next(context);
    }
}
