using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void At_most_the_limit_are_in_flight()
    {
        var gate = new ShadowGate();
        Assert.True(gate.TryEnter(2, Start));
        Assert.True(gate.TryEnter(2, Start));
        Assert.False(gate.TryEnter(2, Start));
        gate.Exit();
        Assert.True(gate.TryEnter(2, Start));
        Assert.Equal(2, gate.InFlight);
    }

    [Fact]
    public void Consecutive_failures_pause_mirroring_for_a_while_and_an_answer_ends_the_run()
    {
        var gate = new ShadowGate();
        for (var i = 0; i < ShadowGate.FailuresToPause - 1; i++)
        {
            gate.Failed(Start);
        }

        gate.Answered();
        gate.Failed(Start);
        Assert.True(gate.TryEnter(10, Start)); // the answer reset the run
        gate.Exit();

        for (var i = 0; i < ShadowGate.FailuresToPause; i++)
        {
            gate.Failed(Start);
        }

        Assert.False(gate.TryEnter(10, Start));
        Assert.False(gate.TryEnter(10, Start + ShadowGate.Pause - TimeSpan.FromMilliseconds(1)));
        Assert.True(gate.TryEnter(10, Start + ShadowGate.Pause));
        gate.Exit();

        // Still failing after the pause: the next failure pauses again at once.
        gate.Failed(Start + ShadowGate.Pause);
        Assert.False(gate.TryEnter(10, Start + ShadowGate.Pause + TimeSpan.FromSeconds(1)));
    }
}
