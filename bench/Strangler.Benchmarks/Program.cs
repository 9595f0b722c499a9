using BenchmarkDotNet.Running;
using Strangler.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(DecisionBenchmarks).Assembly).Run(args);
