using System.Text.Json.Serialization;

namespace Strangler.V4Backend.Caching;

/// <summary>The cache's own values in Redis.</summary>
[JsonSerializable(typeof(Generation))]
internal sealed partial class CacheJson : JsonSerializerContext;
