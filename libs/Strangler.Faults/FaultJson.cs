using System.Text.Json.Serialization;

namespace Strangler.Faults;

public sealed record FaultListing(bool Success, IReadOnlyList<FaultRule> Data);

public sealed record FaultError(bool Success, string Error, int StatusCode, IReadOnlyDictionary<string, string[]>? Details);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FaultRuleInput))]
[JsonSerializable(typeof(FaultListing))]
[JsonSerializable(typeof(FaultError))]
internal sealed partial class FaultJson : JsonSerializerContext;
