using Strangler.LegacyV3;

await LegacyV3Host.Build(args).RunAsync();
