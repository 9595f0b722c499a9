namespace Strangler.TestSupport.Waiting;

/// <summary>
/// Readiness polling for tests: re-checks a condition at short intervals until it holds or a
/// timeout passes, then fails with a message saying what was awaited and what was last seen.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task<T> ReturnsAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, value) = await probe();
            if (done)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last seen: {value}");
            }

            await Task.Delay(Interval);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        ReturnsAsync(() => Task.FromResult((condition(), false)), what, timeout);

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan timeout) =>
        ReturnsAsync(async () => (await condition(), false), what, timeout);
}
