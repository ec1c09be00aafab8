using AlpsGhost.Benchmarks;
using BenchmarkDotNet.Running;

// `learn-cpu`: CPU-time measurement of the 100k learning rounds (see LearnCpuTime), no BenchmarkDotNet.
if (args.Length > 0 && args[0] == LearnCpuTime.Command)
{
    LearnCpuTime.Run(Console.Out);
    return;
}

// Default: a short job (see BenchmarkConfig) so the whole suite runs in minutes on a 2-core VM.
// `--precise` (our flag, removed before BenchmarkDotNet parses the rest) switches to BenchmarkDotNet's
// default job for publication-grade numbers.
bool precise = args.Contains(BenchmarkConfig.PreciseFlag);
string[] rest = [.. args.Where(a => a != BenchmarkConfig.PreciseFlag)];
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(rest, BenchmarkConfig.Create(precise));
