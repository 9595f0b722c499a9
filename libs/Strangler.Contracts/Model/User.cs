namespace Strangler.Contracts.Model;

/// <summary>A user account (admin-only resource).</summary>
public sealed record User(int Id, string Name, string Email, string Role, DateTimeOffset CreatedAt);
