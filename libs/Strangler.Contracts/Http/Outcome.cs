using Strangler.Contracts.Validation;

namespace Strangler.Contracts.Http;

/// <summary>What a directory operation produced; the HTTP layer maps it onto status and envelope.</summary>
public enum OutcomeKind
{
    Ok,
    Created,
    NotFound,
    Invalid,
    Forbidden,
}

/// <summary>A value, or why there is none (missing resource, validation errors, a rule).</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, FieldErrors? Errors = null, string? Message = null)
{
    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value);

    public static Outcome<T> Created(T value) => new(OutcomeKind.Created, value);

    public static Outcome<T> NotFound(string what) => new(OutcomeKind.NotFound, default, null, $"{what} not found");

    public static Outcome<T> Invalid(FieldErrors errors) => new(OutcomeKind.Invalid, default, errors);

    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, default, null, message);
}
