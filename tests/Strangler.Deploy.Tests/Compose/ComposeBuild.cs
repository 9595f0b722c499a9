namespace Strangler.Deploy.Tests.Compose;

/// <summary>A service's <c>build</c>: the context (relative to the compose file) and the Dockerfile (relative to the context).</summary>
internal sealed record ComposeBuild(string Context, string Dockerfile);
