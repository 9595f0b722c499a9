namespace Strangler.Faults;

/// <summary>Body of POST /_faults. Missing numbers default to "no fault of that kind".</summary>
public sealed record FaultRuleInput(string? PathPrefix, double? ErrorRate, int? ErrorStatus, int? LatencyMs, double? AbortRate);

/// <summary>Checks a rule and reports every invalid field.</summary>
public static class FaultRuleValidator
{
    public const int DefaultErrorStatus = 503;

    public static (FaultRule? Rule, Dictionary<string, string[]> Errors) Validate(FaultRuleInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(input.PathPrefix) || input.PathPrefix[0] != '/')
        {
            errors["path_prefix"] = ["required; a path prefix starting with '/', e.g. /api/v4/restaurants"];
        }

        if (input.ErrorRate is < 0 or > 1)
        {
            errors["error_rate"] = [$"must be between 0 and 1 (got {input.ErrorRate})"];
        }

        if (input.ErrorStatus is < 500 or > 599)
        {
            errors["error_status"] = [$"must be a 5xx status between 500 and 599 (got {input.ErrorStatus})"];
        }

        if (input.LatencyMs is < 0 or > 60_000)
        {
            errors["latency_ms"] = [$"must be between 0 and 60000 (got {input.LatencyMs})"];
        }

        if (input.AbortRate is < 0 or > 1)
        {
            errors["abort_rate"] = [$"must be between 0 and 1 (got {input.AbortRate})"];
        }

        if (input.ErrorRate is null && input.LatencyMs is null && input.AbortRate is null)
        {
            errors["body"] = ["set at least one of error_rate, latency_ms or abort_rate"];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new FaultRule(input.PathPrefix!, input.ErrorRate ?? 0, input.ErrorStatus ?? DefaultErrorStatus, input.LatencyMs ?? 0, input.AbortRate ?? 0), errors);
    }
}
