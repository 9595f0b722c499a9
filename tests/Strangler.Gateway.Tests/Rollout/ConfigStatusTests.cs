using System.Collections.Immutable;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class ConfigStatusTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Applies_and_rejections_are_kept_in_order_and_the_oldest_fall_off_past_the_capacity()
    {
        var status = ConfigStatus.Initial;
        for (var i = 0; i < ConfigStatus.HistoryCapacity; i++)
        {
            status = status.WithApplied(Start.AddSeconds(i), "rev" + i);
        }

        var problem = new RolloutError("rollout.json", 3, 7, "$.features", "the file ends inside the object", RolloutErrorSeverity.Error);
        status = status.WithRejected(new ConfigFailure("0123456789abcdef0123", Start.AddMinutes(5), [problem, problem]));

        Assert.Equal(ConfigStatus.HistoryCapacity, status.Recent.Length);
        Assert.Equal("rev1", status.Recent[0].Revision);
        var last = status.Recent[^1];
        Assert.Equal((ConfigChange.RejectedKind, "0123456789ab", "the file ends inside the object", 2), (last.Kind, last.Revision, last.Error, last.ErrorCount));
        Assert.Equal((ConfigStatus.HistoryCapacity, 1L), (status.Applied, status.Rejected));
        Assert.NotNull(status.CurrentError);

        status = status.WithApplied(Start.AddMinutes(6), "fixed");
        Assert.Null(status.CurrentError);
        Assert.Equal(ConfigChange.AppliedKind, status.Recent[^1].Kind);
    }
}
