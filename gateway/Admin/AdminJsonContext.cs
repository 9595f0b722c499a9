using System.Text.Json.Serialization;

namespace Strangler.Gateway.Admin;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
