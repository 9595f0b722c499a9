using System.Text.Json.Serialization;
using Strangler.Contracts.Model;
using ZiggyCreatures.Caching.Fusion.Internals.Distributed;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// What the cache writes to Redis: FusionCache's envelope around each cached type, source-generated
/// (reading a generation on every lookup through reflection-based metadata costs about 3 µs more).
/// </summary>
[JsonSerializable(typeof(FusionCacheDistributedEntry<Generation>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Restaurant>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Page<Restaurant>>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Review>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Page<Review>>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<User>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Page<User>>))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Statistics>))]
internal sealed partial class CacheJson : JsonSerializerContext;
