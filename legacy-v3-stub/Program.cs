using Strangler.Contracts.Http;
using Strangler.LegacyV3;

try
{
    await using var app = LegacyV3Host.Build(args);
    await app.RunAsync();
    return 0;
}
catch (BackendStartupException e)
{
    // A setting is wrong: one line for the operator, no stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
