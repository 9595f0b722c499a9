namespace Strangler.Contracts.Identity;

/// <summary>A validly signed token whose claims do not make an identity of the contract (<see cref="ContractTokens.ClaimsProblem"/>).</summary>
public sealed class TokenClaimsException(string message) : Exception(message);
