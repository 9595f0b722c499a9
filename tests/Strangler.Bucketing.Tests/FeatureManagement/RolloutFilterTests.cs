using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Strangler.Bucketing.FeatureManagement;

namespace Strangler.Bucketing.Tests.FeatureManagement;

public sealed class RolloutFilterTests
{
    private const string Feature = "api_v4_reviews";

    [Fact]
    public async Task Definitions_from_a_source_give_the_evaluators_answer_for_every_user()
    {
        var rule = RolloutEvaluatorTests.Rule(RolloutStage.Partial, 25);
        var source = new FixedSource(new RolloutFeatureDefinitions([KeyValuePair.Create(Feature, rule)]));
        var services = new ServiceCollection().AddLogging().AddSingleton<IRolloutDefinitionSource>(source);
        services.AddRolloutFeatureManagement();
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<IVariantFeatureManager>();

        foreach (var user in Users())
        {
            var subject = new RolloutSubject(user);
            var enabled = await manager.IsEnabledAsync(Feature, subject, TestContext.Current.CancellationToken);
            Assert.Equal(RolloutEvaluator.Evaluate(rule, user).UseV4, enabled);
        }
    }

    [Fact]
    public async Task A_flag_defined_in_configuration_agrees_with_the_gateway_rule()
    {
        // How a backend evaluates an in-app flag: plain FeatureManagement configuration.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"feature_management:feature_flags:0:id"] = Feature,
            [$"feature_management:feature_flags:0:enabled"] = "true",
            [$"feature_management:feature_flags:0:conditions:client_filters:0:name"] = RolloutFilter.Alias,
            [$"feature_management:feature_flags:0:conditions:client_filters:0:parameters:Stage"] = "partial",
            [$"feature_management:feature_flags:0:conditions:client_filters:0:parameters:Percentage"] = "25",
            [$"feature_management:feature_flags:0:conditions:client_filters:0:parameters:Cohort"] = "strangler",
            [$"feature_management:feature_flags:0:conditions:client_filters:0:parameters:AlwaysV4:0"] = "tester",
            [$"feature_management:feature_flags:0:conditions:client_filters:0:parameters:NeverV4:0"] = "opted-out",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddFeatureManagement().AddFeatureFilter<RolloutFilter>();
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<IVariantFeatureManager>();
        var rule = RolloutEvaluatorTests.Rule(RolloutStage.Partial, 25);

        foreach (var user in Users().Append("tester").Append("opted-out"))
        {
            var enabled = await manager.IsEnabledAsync(Feature, new RolloutSubject(user), TestContext.Current.CancellationToken);
            Assert.Equal(RolloutEvaluator.Evaluate(rule, user).UseV4, enabled);
        }
    }

    [Fact]
    public void Binding_rejects_an_unknown_stage_with_a_message_naming_it()
    {
        var parameters = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Stage"] = "halfway" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new RolloutFilter().BindParameters(parameters));
        Assert.Contains("halfway", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Users() => Enumerable.Range(0, 2000).Select(i => $"user-{i}");

    private sealed class FixedSource(RolloutFeatureDefinitions definitions) : IRolloutDefinitionSource
    {
        public RolloutFeatureDefinitions Current { get; } = definitions;
    }
}
