using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The gateway refuses to start: rollout.json is missing or invalid, or the configuration is unsafe.
/// The message says everything that is wrong; <see cref="Errors"/> lists it line by line.
/// </summary>
public sealed class GatewayStartupException : Exception
{
    public GatewayStartupException(string message)
        : base(message) => Errors = [message];

    internal GatewayStartupException(IReadOnlyList<string> errors)
        : base(errors.Count == 1 ? errors[0] : $"Cannot start: {errors.Count} settings are invalid:{Environment.NewLine}" + string.Join(Environment.NewLine, errors)) =>
        Errors = errors;

    internal GatewayStartupException(string path, ImmutableArray<RolloutError> errors)
        : base($"Cannot start: {path} is invalid ({errors.Length} errors):{Environment.NewLine}"
            + string.Join(Environment.NewLine, errors.Select(e => e.ToString()))) =>
        Errors = errors.Select(e => e.ToString()).ToArray();

    public IReadOnlyList<string> Errors { get; }
}
