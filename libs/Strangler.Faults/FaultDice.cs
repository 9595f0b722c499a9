namespace Strangler.Faults;

/// <summary>Thread-safe random draws for fault decisions; seeded for reproducibility when configured.</summary>
public sealed class FaultDice(int? seed)
{
    private readonly Lock _lock = new();
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();

    /// <summary>True with the given probability (0..1).</summary>
    public bool Roll(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        if (probability >= 1)
        {
            return true;
        }

        lock (_lock)
        {
            return _random.NextDouble() < probability;
        }
    }
}
