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
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    await Console.Error.WriteLineAsync($"{e.Message} Another process (another gateway?) listens there; set Gateway:PublicUrls and Gateway:Management:Urls to free addresses.");
    return ExitCodes.Failure;
}
