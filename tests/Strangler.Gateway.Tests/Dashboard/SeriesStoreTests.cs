using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.Tests.Dashboard;

public sealed class SeriesStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_with_equal_thresholds_share_one_copy_and_a_change_of_step_keeps_its_own()
    {
        var store = new SeriesStore();
        store.Add("f", Point(0, new ThresholdSummary(5, 1000, 10, 2000)));
        store.Add("f", Point(5, new ThresholdSummary(5, 1000, 10, 2000)));
        store.Add("f", Point(10, new ThresholdSummary(2, 800, 10, 2000)));
        store.Add("f", Point(15, null));

        var points = store.For("f");
        Assert.Equal([Start, Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15)], points.Select(p => p.At));
        Assert.Same(points[0].Thresholds, points[1].Thresholds);
        Assert.Equal(new ThresholdSummary(2, 800, 10, 2000), points[2].Thresholds);
        Assert.Null(points[3].Thresholds);
    }

    [Fact]
    public void A_series_keeps_the_last_capacity_samples()
    {
        var store = new SeriesStore();
        for (var i = 0; i < SeriesStore.Capacity + 3; i++)
        {
            store.Add("f", Point(i, null));
        }

        var points = store.For("f");
        Assert.Equal(SeriesStore.Capacity, points.Count);
        Assert.Equal(Start.AddSeconds(3), points[0].At);
        Assert.Equal(Start.AddSeconds(SeriesStore.Capacity + 2), points[^1].At);
    }

    private static SeriesPoint Point(int seconds, ThresholdSummary? thresholds) =>
        new(Start.AddSeconds(seconds), BackendPoint.None, BackendPoint.None, 10, 0, thresholds);
}
