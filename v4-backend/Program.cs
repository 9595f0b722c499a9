using Strangler.V4Backend;

await V4BackendHost.Build(args).RunAsync();
