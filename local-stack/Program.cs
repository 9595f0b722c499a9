using Strangler.LocalStack;

return await LocalStackCli.RunAsync(args);
