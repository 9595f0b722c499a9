using System.Text.Json.Serialization;

namespace Strangler.Gateway.Admin;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(ShadowSamplesResponse))]
[JsonSerializable(typeof(EffectiveView))]
[JsonSerializable(typeof(RollbackAllResponse))]
[JsonSerializable(typeof(ForceRequest))]
[JsonSerializable(typeof(ActionRequest))]
[JsonSerializable(typeof(Dashboard.SeriesResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
