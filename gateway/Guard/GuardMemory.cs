namespace Strangler.Gateway.Guard;

/// <summary>What the guard carries from one evaluation to the next for a feature.</summary>
/// <param name="Consecutive">Breaching evaluations in a row so far.</param>
/// <param name="InInconclusiveEpisode">An inconclusive verdict was already recorded for the ongoing shared failure.</param>
internal readonly record struct GuardMemory(int Consecutive, bool InInconclusiveEpisode)
{
    public static GuardMemory Fresh => default;
}
