using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class LogFactorialTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1023)] // last from the table
    [InlineData(1024)] // first from Stirling's series
    [InlineData(100_000)]
    public void Equals_the_sum_of_logarithms(int k)
    {
        var sum = 0.0;
        for (var i = 2; i <= k; i++)
        {
            sum += Math.Log(i);
        }

        Assert.Equal(sum, LogFactorial.Of(k), Math.Max(1e-12, sum * 1e-13));
    }

    [Fact]
    public void Ten_factorial_is_3628800()
    {
        Assert.Equal(Math.Log(3_628_800), LogFactorial.Of(10), 1e-12);
    }
}
