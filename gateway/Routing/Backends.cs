namespace Strangler.Gateway.Routing;

/// <summary>The two YARP cluster ids, also the backend names in headers, metrics and logs.</summary>
internal static class Backends
{
    public const string V3 = "v3";
    public const string V4 = "v4";

    public static string Of(bool v4) => v4 ? V4 : V3;
}
