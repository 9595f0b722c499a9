using System.Text.Json.Serialization;

namespace Strangler.Gateway.Reporting;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(RolloutReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
