using System.Collections.Immutable;
using System.Text;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Identity;

/// <summary>An <see cref="IdentityConfig"/> prepared for the request path (claim names pre-encoded).</summary>
internal sealed class IdentityPlan
{
    public IdentityPlan(IdentityConfig config)
    {
        Config = config;
        Sources = config.Sources
            .Select(s => new PlannedSource(s.Kind, s.Name, s.Kind == IdentitySourceKind.Jwt ? Encoding.UTF8.GetBytes(s.Name) : []))
            .ToImmutableArray();
    }

    public IdentityConfig Config { get; }

    public ImmutableArray<PlannedSource> Sources { get; }

    internal readonly record struct PlannedSource(IdentitySourceKind Kind, string Name, byte[] ClaimUtf8);
}
