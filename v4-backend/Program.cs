using Strangler.Contracts.Http;
using Strangler.V4Backend;

try
{
    await using var app = V4BackendHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (BackendStartupException e)
{
    // A setting is wrong: one line for the operator, no stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
