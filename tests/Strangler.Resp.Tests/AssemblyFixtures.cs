using Strangler.TestSupport.Redis;

[assembly: AssemblyFixture(typeof(RedisFixture))]
