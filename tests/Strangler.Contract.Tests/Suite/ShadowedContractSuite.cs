using System.Net;
using Strangler.Contract.Tests.Targets;
using Strangler.TestSupport.Waiting;

namespace Strangler.Contract.Tests.Suite;

/// <summary>
/// The contract through a gateway that mirrors every read v3 serves: the whole suite must pass as
/// without shadowing, and the mirroring must really happen, or the suite would prove nothing.
/// </summary>
public abstract class ShadowedContractSuite(GatewayTarget target) : ContractSuite(target)
{
    private const string Feature = "api_v4_statistics";

    [Fact]
    public async Task Every_read_v3_serves_is_mirrored_and_compared_while_the_client_gets_v3s_answer()
    {
        var before = await target.ShadowCountsAsync(Feature);
        var servedByV3 = 0;
        for (var i = 0; i < 20; i++)
        {
            using var client = new HttpClient { BaseAddress = target.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, Path("statistics"));
            request.Headers.Add("X-User-Id", $"shadowed-{i}");
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedByV3 += response.Headers.GetValues("X-Backend").Single() == "v3" ? 1 : 0;
        }

        Assert.True(servedByV3 > 0, "no read was served by v3, so nothing could be mirrored");
        var after = await Eventually.ReturnsAsync(
            async () =>
            {
                var counts = await target.ShadowCountsAsync(Feature);
                return (counts.Compared >= before.Compared + servedByV3, counts);
            },
            $"{servedByV3} more comparisons than {before}",
            TimeSpan.FromSeconds(10));
        Assert.Equal(before.V4Errors, after.V4Errors);
        Assert.Equal(before.Skipped, after.Skipped);
    }
}
