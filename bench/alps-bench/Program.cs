using AlpsGhost.Bench;

// Fancy output (progress bars, coloured tables) only on an interactive terminal, never in CI logs.
bool fancy = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
return BenchCommandLine.Build(Console.Out, Console.Error, fancy).Parse(args).Invoke();
