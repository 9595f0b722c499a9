namespace Strangler.Contract.Tests.Targets;

internal static class ContractKeys
{
    /// <summary>The HS256 key the suite's backends are started with.</summary>
    public const string SigningKey = "contract-suite-signing-key-0123456789abcdef";
}
