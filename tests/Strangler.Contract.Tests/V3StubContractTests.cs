using Strangler.Contract.Tests.Suite;
using Strangler.Contract.Tests.Targets;

namespace Strangler.Contract.Tests;

/// <summary>The public contract against the legacy v3 stub directly.</summary>
public sealed class V3StubContractTests(V3StubTarget target) : ContractSuite(target), IClassFixture<V3StubTarget>;
