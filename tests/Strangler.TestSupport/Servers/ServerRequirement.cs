namespace Strangler.TestSupport.Servers;

/// <summary>
/// One policy for tests that need a real server binary: skipped with a message naming what to
/// install on a developer machine, failed when CI=true (CI must have installed it).
/// </summary>
public static class ServerRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What happens when a server is missing: fail (in CI) or skip, and the message.</summary>
    public static (bool Fail, string Message) Decide(string what, string install, bool inCi)
    {
        var message = $"{what} is not available: {install}";
        return inCi ? (true, message + " (CI=true, so this fails instead of skipping)") : (false, message);
    }

    public static void Missing(string what, string install)
    {
        var (fail, message) = Decide(what, install, InCi);
        if (fail)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }
}
