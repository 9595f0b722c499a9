using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.Routing;

/// <summary>
/// The gateway decides with the pure evaluator on its rollout view; backends decide in-app flags
/// through Microsoft.FeatureManagement. Over random rules, runtime states, overrides and users, the
/// two agree: through definitions fed from the gateway's rules, and through a flag stated in plain
/// configuration as a backend's appsettings would state it.
/// </summary>
public sealed class DecisionAgreementTests
{
    private const int Features = 1_000;
    private const int UsersPerFeature = 1_000;
    private const int PoolSize = 200;

    private static readonly RolloutStage[] Stages = Enum.GetValues<RolloutStage>();

    [Fact]
    public async Task FeatureManagement_and_the_gateways_decision_agree_on_a_million_random_cases_each_way()
    {
        var random = new Random(20261201);
        var pool = Enumerable.Range(0, PoolSize).Select(i => $"pooled-{i}").ToArray();
        var files = Enumerable.Range(0, Features).Select(i => RandomFeature(random, $"f{i}", pool)).ToImmutableArray();
        var now = DateTimeOffset.UnixEpoch;
        var states = files.ToImmutableDictionary(f => f.Name, f => RandomState(random, f, now), StringComparer.Ordinal);
        var view = RolloutView.Build(Snapshot(files), states, ConfigStatus.Initial, RolloutView.Empty, observe: false);

        var fromDefinitions = Manager(services => services
            .AddSingleton<IRolloutDefinitionSource>(new FixedSource(new RolloutFeatureDefinitions(view.Features.Select(f => KeyValuePair.Create(f.Name, f.Rule)))))
            .AddRolloutFeatureManagement());
        var fromConfiguration = Manager(services => services
            .AddSingleton<IConfiguration>(Configuration(view))
            .AddFeatureManagement().AddFeatureFilter<RolloutFilter>());

        var cases = 0;
        var onV4 = 0;
        var mismatches = new List<string>();
        foreach (var file in files)
        {
            var route = view.Routes[$"{file.Name}/0"];
            for (var u = 0; u < UsersPerFeature; u++)
            {
                var user = RandomUser(random, pool);
                var gateway = RolloutEvaluator.Evaluate(route.Feature.Rule, user).UseV4;
                var subject = new RolloutSubject(user);
                var byDefinition = await fromDefinitions.IsEnabledAsync(file.Name, subject, TestContext.Current.CancellationToken);
                var byConfiguration = await fromConfiguration.IsEnabledAsync(file.Name, subject, TestContext.Current.CancellationToken);
                cases++;
                onV4 += gateway ? 1 : 0;
                if ((byDefinition != gateway || byConfiguration != gateway) && mismatches.Count < 10)
                {
                    mismatches.Add($"{file.Name} {route.Feature.Rule.Stage} {route.Feature.Rule.Percentage} user '{user}': gateway {gateway}, definitions {byDefinition}, configuration {byConfiguration}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(Features * UsersPerFeature, cases);
        // Both answers occur often: the cases exercise the rules, not one constant outcome.
        Assert.InRange(onV4, cases / 10, cases - (cases / 10));
    }

    private static IVariantFeatureManager Manager(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging();
        configure(services);
        return services.BuildServiceProvider().GetRequiredService<IVariantFeatureManager>();
    }

    /// <summary>Each feature's rule in force as plain FeatureManagement configuration.</summary>
    private static IConfiguration Configuration(RolloutView view)
    {
        var values = new Dictionary<string, string?>();
        var i = 0;
        foreach (var feature in view.Features)
        {
            var rule = feature.Rule;
            var flag = $"feature_management:feature_flags:{i++}";
            var filter = $"{flag}:conditions:client_filters:0";
            values[$"{flag}:id"] = feature.Name;
            values[$"{flag}:enabled"] = "true";
            values[$"{filter}:name"] = RolloutFilter.Alias;
            values[$"{filter}:parameters:Stage"] = rule.Stage.ToName();
            values[$"{filter}:parameters:Percentage"] = rule.Percentage.Value.ToString(CultureInfo.InvariantCulture);
            values[$"{filter}:parameters:Cohort"] = rule.Cohort;
            var a = 0;
            foreach (var id in rule.AlwaysV4)
            {
                values[$"{filter}:parameters:AlwaysV4:{a++}"] = id;
            }

            var n = 0;
            foreach (var id in rule.NeverV4)
            {
                values[$"{filter}:parameters:NeverV4:{n++}"] = id;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static FeatureConfig RandomFeature(Random random, string name, string[] pool) => new(
        name,
        null,
        [new RouteMapping($"/api/{name}", $"/api/v4/{name}")],
        Stages[random.Next(Stages.Length)],
        RandomPercentage(random),
        random.Next(4) == 0 ? "strangler" : $"cohort-{random.Next(1000)}",
        Subset(random, pool),
        Subset(random, pool),
        BuiltInDefaults.Steps,
        Percentage.Hundred,
        BuiltInDefaults.StepInterval,
        AutoAdvance: false,
        Failover: true,
        BuiltInDefaults.Guard,
        $"rev-{name}",
        $"text-{name}");

    /// <summary>What is in force: the file's, or a runtime change (revert, force, rollback) of stage and share.</summary>
    private static FeatureRuntimeState RandomState(Random random, FeatureConfig file, DateTimeOffset now)
    {
        var state = RuntimeTransitions.FromFile(file, now);
        return random.Next(3) == 0 ? state with { Stage = Stages[random.Next(Stages.Length)], Percentage = RandomPercentage(random) } : state;
    }

    private static Percentage RandomPercentage(Random random) => random.Next(5) switch
    {
        0 => Percentage.Zero,
        1 => Percentage.Hundred,
        _ => Percentage.FromPercent(random.Next(0, 10_001) / 100m),
    };

    private static FrozenSet<string> Subset(Random random, string[] pool) =>
        pool.Where(_ => random.Next(10) == 0).ToFrozenSet(StringComparer.Ordinal);

    private static string? RandomUser(Random random, string[] pool) => random.Next(20) switch
    {
        0 => null,
        < 10 => pool[random.Next(pool.Length)],
        _ => random.Next().ToString(CultureInfo.InvariantCulture),
    };

    private static RolloutSnapshot Snapshot(ImmutableArray<FeatureConfig> features) => new(
        "rollout.json",
        "0000",
        new BackendsConfig(new BackendConfig("v3", [new Uri("http://127.0.0.1:1")]), new BackendConfig("v4", [new Uri("http://127.0.0.1:2")])),
        BuiltInDefaults.Identity,
        features);

    private sealed class FixedSource(RolloutFeatureDefinitions definitions) : IRolloutDefinitionSource
    {
        public RolloutFeatureDefinitions Current { get; } = definitions;
    }
}
