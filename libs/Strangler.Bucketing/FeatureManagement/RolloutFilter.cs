using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;

namespace Strangler.Bucketing.FeatureManagement;

/// <summary>
/// The rollout decision as a FeatureManagement contextual filter: enabled means "serve from v4".
/// Features defined by the gateway carry their <see cref="RolloutRule"/> pre-built in
/// <see cref="FeatureFilterConfiguration.ParametersObject"/>; features defined in configuration
/// (e.g. an in-app flag in a backend's appsettings) bind from parameters named Stage, Percentage,
/// Cohort, AlwaysV4 and NeverV4. Either way the answer equals the gateway's for the same user.
/// </summary>
[FilterAlias(Alias)]
public sealed class RolloutFilter : IContextualFeatureFilter<RolloutSubject>, IFilterParametersBinder
{
    public const string Alias = "Strangler.Rollout";

    /// <summary>The default cohort when a configuration-defined feature names none.</summary>
    public const string DefaultCohort = "strangler";

    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext featureFilterContext, RolloutSubject appContext)
    {
        ArgumentNullException.ThrowIfNull(featureFilterContext);
        ArgumentNullException.ThrowIfNull(appContext);

        var rule = featureFilterContext.Settings as RolloutRule
            ?? (RolloutRule)BindParameters(featureFilterContext.Parameters);
        return RolloutEvaluator.Evaluate(rule, appContext.UserId).UseV4 ? True : False;
    }

    public object BindParameters(IConfiguration parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        var stageText = parameters["Stage"];
        var stage = RolloutStage.Disabled;
        if (stageText is not null && !RolloutStages.TryParse(stageText.ToLowerInvariant(), out stage))
        {
            throw new InvalidOperationException($"Strangler.Rollout filter: unknown Stage '{stageText}' (expected one of {string.Join(", ", RolloutStages.Names)}).");
        }

        var percentage = Percentage.Zero;
        var percentText = parameters["Percentage"];
        if (percentText is not null
            && !(decimal.TryParse(percentText, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var percent)
                 && Percentage.TryFromPercent(percent, out percentage)))
        {
            throw new InvalidOperationException($"Strangler.Rollout filter: Percentage '{percentText}' must be 0..100 with at most two decimals.");
        }

        return new RolloutRule(
            stage,
            percentage,
            parameters["Cohort"] ?? DefaultCohort,
            ReadUsers(parameters.GetSection("AlwaysV4")),
            ReadUsers(parameters.GetSection("NeverV4")));
    }

    private static FrozenSet<string> ReadUsers(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
}
