namespace Strangler.Contracts.Identity;

/// <summary>Who a valid token speaks for.</summary>
public sealed record TokenIdentity(string Subject, string Role)
{
    public bool IsAdmin => Role == Model.Roles.Admin;
}

/// <summary>The outcome of validating a token: an identity, or why it was refused.</summary>
public sealed record TokenValidation(TokenIdentity? Identity, string? Error)
{
    public bool IsValid => Identity is not null;

    public static TokenValidation Fail(string error) => new(null, error);
}
