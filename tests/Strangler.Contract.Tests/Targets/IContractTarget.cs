namespace Strangler.Contract.Tests.Targets;

/// <summary>
/// Where the contract suite runs: a base address, the path prefix of the contract there, and the
/// key that the target's backends validate tokens with.
/// </summary>
public interface IContractTarget
{
    Uri BaseAddress { get; }

    /// <summary>"/api" for v3 and through the gateway, "/api/v4" for the v4 backend directly.</summary>
    string Prefix { get; }

    string SigningKey { get; }

    /// <summary>The X-Backend value every response must carry, or null when several backends may answer.</summary>
    string? ExpectedBackend { get; }

    /// <summary>
    /// Skips the calling test (or fails it when CI=true) when a server the target needs is missing.
    /// Called by each test, because a skip thrown while a class fixture initialises fails the tests.
    /// </summary>
    void RequireServers()
    {
    }
}
