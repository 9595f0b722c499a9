using Strangler.Gateway.Cli;
using Strangler.Gateway.Hosting;
using Strangler.Hosting;

ServerRuntime.Apply();

if (GatewayCli.IsCommand(args))
{
    return await GatewayCli.RunAsync(args, Console.Out, Console.Error);
}

try
{
    await using var gateway = GatewayHost.Build(args);
    await gateway.RunAsync();
    return ExitCodes.Success;
}
catch (GatewayStartupException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return ExitCodes.Failure;
}
