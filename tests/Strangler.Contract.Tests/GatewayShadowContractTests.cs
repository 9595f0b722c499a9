using Strangler.Contract.Tests.Suite;
using Strangler.Contract.Tests.Targets;

namespace Strangler.Contract.Tests;

/// <summary>The public contract through the gateway with no user on v4 and every read mirrored to the real v4 backend.</summary>
public sealed class GatewayShadowAt0ContractTests(GatewayShadowAt0Target target) : ShadowedContractSuite(target), IClassFixture<GatewayShadowAt0Target>;

/// <summary>The public contract through the gateway with half the users on v4 and the other half's reads mirrored.</summary>
public sealed class GatewayShadowAt50ContractTests(GatewayShadowAt50Target target) : ShadowedContractSuite(target), IClassFixture<GatewayShadowAt50Target>;
