using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PpcSim.Bench.DecodeBench).Assembly).Run(args);
