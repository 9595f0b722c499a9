namespace Strangler.Deploy.Tests.Compose;

/// <summary>One published port: <c>[host_ip:][host_port:]container_port</c>.</summary>
internal sealed record ComposePort(string? HostIp, string? HostPort, int ContainerPort);
