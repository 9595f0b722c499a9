using System.Text.Json.Serialization;
using Strangler.Gateway.Events;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>The JSON the fleet keeps in Redis: states in the state file's shape, events as the events API shows them, heartbeats.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PersistedFeature))]
[JsonSerializable(typeof(RolloutEvent))]
[JsonSerializable(typeof(ReplicaHeartbeat))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
