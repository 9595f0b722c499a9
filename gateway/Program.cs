using Strangler.Gateway.Hosting;

try
{
    await using var gateway = GatewayHost.Build(args);
    await gateway.RunAsync();
    return 0;
}
catch (GatewayStartupException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
