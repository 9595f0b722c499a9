using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RedisFixture))]
