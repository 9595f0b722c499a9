using Strangler.Contract.Tests.Suite;
using Strangler.Contract.Tests.Targets;

namespace Strangler.Contract.Tests;

/// <summary>The public contract against the v4 backend on SQLite.</summary>
public sealed class V4SqliteContractTests(V4SqliteTarget target) : ContractSuite(target), IClassFixture<V4SqliteTarget>;

/// <summary>The public contract against the v4 backend on PostgreSQL with Redis.</summary>
public sealed class V4PostgresContractTests(V4PostgresTarget target) : ContractSuite(target), IClassFixture<V4PostgresTarget>;

/// <summary>The public contract through the gateway at 100 % with the real v4 backend behind it.</summary>
public sealed class GatewayAt100WithV4ContractTests(GatewayAt100WithV4Target target) : ContractSuite(target), IClassFixture<GatewayAt100WithV4Target>;
