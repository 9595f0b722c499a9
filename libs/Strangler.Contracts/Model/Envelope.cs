namespace Strangler.Contracts.Model;

/// <summary>Every successful response: <c>{"success": true, "data": ...}</c>.</summary>
public sealed record Envelope<T>(bool Success, T Data)
{
    public static Envelope<T> Ok(T data) => new(true, data);
}

/// <summary>
/// Every error response: <c>{"success": false, "error": "...", "status_code": N, "details": {...}}</c>.
/// For validation errors, <see cref="Details"/> maps each field to its messages.
/// </summary>
public sealed record ErrorEnvelope(bool Success, string Error, int StatusCode, IReadOnlyDictionary<string, string[]>? Details)
{
    public static ErrorEnvelope Of(int status, string error, IReadOnlyDictionary<string, string[]>? details = null) =>
        new(false, error, status, details);
}

/// <summary>Result of DELETE: <c>{"id": 7, "deleted": true}</c>.</summary>
public sealed record DeletedResource(int Id, bool Deleted);
