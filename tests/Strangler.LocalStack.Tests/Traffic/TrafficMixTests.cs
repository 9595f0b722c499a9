using System.Text.Json;
using Strangler.Contracts.Json;
using Strangler.Contracts.Sample;
using Strangler.Contracts.Validation;
using Strangler.LocalStack.Traffic;

namespace Strangler.LocalStack.Tests.Traffic;

public sealed class TrafficMixTests
{
    private static readonly List<TrafficRequest> Draws = Draw(20_000, new Random(1234));

    [Fact]
    public void Mostly_reads_from_thousands_of_readers_with_some_writes_and_admin_calls()
    {
        double Share(Func<TrafficRequest, bool> which) => Draws.Count(which) / (double)Draws.Count;

        Assert.InRange(Share(r => r.Method == HttpMethod.Get), 0.85, 0.92);
        Assert.InRange(Share(r => r.Caller == Caller.Reader), 0.77, 0.85);
        Assert.InRange(Share(r => r.Caller == Caller.Anonymous), 0.02, 0.04);
        Assert.InRange(Share(r => r.Method == HttpMethod.Post && r.Path == "/api/reviews"), 0.09, 0.13);
        Assert.InRange(Share(r => r.Caller == Caller.Admin), 0.04, 0.06);
        Assert.True(Draws.Where(r => r.Caller == Caller.Reader).Select(r => r.UserId).Distinct().Count() > 3000, "readers should spread over thousands of ids");
        foreach (var prefix in new[] { "/api/restaurants", "/api/reviews", "/api/users", "/api/statistics" })
        {
            Assert.Contains(Draws, r => r.Path.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    private static List<TrafficRequest> Draw(int count, Random random) => Enumerable.Range(0, count).Select(_ => TrafficMix.Next(random)).ToList();

    [Fact]
    public void Every_request_is_valid_under_the_public_contract()
    {
        foreach (var request in Draws)
        {
            Assert.StartsWith("/api/", request.Path, StringComparison.Ordinal);
            var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + request.Path).Query);
            if (query["limit"] is { } limit)
            {
                Assert.InRange(int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), 1, 100);
            }

            switch (request.Caller)
            {
                case Caller.Anonymous:
                    Assert.Null(request.UserId);
                    break;
                case Caller.Admin:
                    Assert.InRange(int.Parse(request.UserId!, System.Globalization.CultureInfo.InvariantCulture), 1, SampleDataset.AdminCount);
                    break;
                case Caller.User:
                    Assert.InRange(int.Parse(request.UserId!, System.Globalization.CultureInfo.InvariantCulture), SampleDataset.AdminCount + 1, SampleDataset.UserCount);
                    break;
            }

            var errors = new FieldErrors();
            if (request.Path == "/api/reviews" && request.Method == HttpMethod.Post)
            {
                InputValidators.Review(JsonSerializer.Deserialize(request.JsonBody!, ContractJson.Default.ReviewInput)!, errors);
            }
            else if (request.Path == "/api/restaurants" && request.Method == HttpMethod.Post)
            {
                Assert.Equal(Caller.Admin, request.Caller);
                InputValidators.Restaurant(JsonSerializer.Deserialize(request.JsonBody!, ContractJson.Default.RestaurantInput)!, errors);
            }
            else
            {
                Assert.Equal(HttpMethod.Get, request.Method);
                Assert.Null(request.JsonBody);
            }

            Assert.False(errors.Any, $"{request.Method} {request.Path}: {string.Join("; ", errors.ToDictionary().Select(e => e.Key + " " + string.Join(", ", e.Value)))}");
        }
    }
}
