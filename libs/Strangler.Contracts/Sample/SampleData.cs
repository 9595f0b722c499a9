using System.Collections.Immutable;
using Strangler.Contracts.Model;

namespace Strangler.Contracts.Sample;

/// <summary>The deterministic sample dataset both backends start from.</summary>
public sealed record SampleData(
    ImmutableArray<Restaurant> Restaurants,
    ImmutableArray<Review> Reviews,
    ImmutableArray<User> Users);
