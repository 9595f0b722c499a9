using Strangler.Contract.Tests.Suite;
using Strangler.Contract.Tests.Targets;

namespace Strangler.Contract.Tests;

/// <summary>The public contract through the gateway with no user on v4.</summary>
public sealed class GatewayAt0ContractTests(GatewayAt0Target target) : ContractSuite(target), IClassFixture<GatewayAt0Target>;

/// <summary>The public contract through the gateway with half the users on v4.</summary>
public sealed class GatewayAt50ContractTests(GatewayAt50Target target) : ContractSuite(target), IClassFixture<GatewayAt50Target>
{
    [Fact]
    public async Task Both_backends_answer_at_50_percent()
    {
        var seen = new HashSet<string>();
        for (var i = 0; seen.Count < 2 && i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/statistics");
            request.Headers.Add("X-User-Id", $"spread-{i}");
            using var client = new HttpClient { BaseAddress = Target.BaseAddress };
            using var response = await client.SendAsync(request, Ct);
            seen.Add(response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Equal(["v3", "v4"], seen.Order());
    }
}

/// <summary>The public contract through the gateway with every user on v4.</summary>
public sealed class GatewayAt100ContractTests(GatewayAt100Target target) : ContractSuite(target), IClassFixture<GatewayAt100Target>;
