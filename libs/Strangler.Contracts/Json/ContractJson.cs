using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Strangler.Contracts.Model;

namespace Strangler.Contracts.Json;

/// <summary>
/// The public contract's JSON: snake_case property names, nulls written, ISO 8601 dates, unknown
/// request properties rejected. Source-generated for every contract type.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Envelope<Restaurant>))]
[JsonSerializable(typeof(Envelope<Page<Restaurant>>))]
[JsonSerializable(typeof(Envelope<Review>))]
[JsonSerializable(typeof(Envelope<Page<Review>>))]
[JsonSerializable(typeof(Envelope<User>))]
[JsonSerializable(typeof(Envelope<Page<User>>))]
[JsonSerializable(typeof(Envelope<Statistics>))]
[JsonSerializable(typeof(Envelope<DeletedResource>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(RestaurantInput))]
[JsonSerializable(typeof(ReviewInput))]
[JsonSerializable(typeof(Restaurant))]
[JsonSerializable(typeof(Review))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Page<Restaurant>))]
[JsonSerializable(typeof(Page<Review>))]
[JsonSerializable(typeof(Page<User>))]
[JsonSerializable(typeof(Statistics))]
public sealed partial class ContractJson : JsonSerializerContext
{
    /// <summary>
    /// The instance responses are written with: as <see cref="JsonSerializerContext"/>'s Default, but
    /// without escaping characters like '+', '&lt;' or apostrophes that JSON does not require escaping.
    /// </summary>
    public static ContractJson Web { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
