using AlpsGhost.Bench;
using AlpsGhost.Cli.Grammar;

// Fancy output (progress bars, coloured tables) only on an interactive terminal, never in CI logs.
bool fancy = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
// SIGINT stops the matrix: the runs done so far are written and marked partial, exit 130.
using Cancellation cancellation = Cancellation.OnSigint();
return BenchCommandLine.Run(args, Console.Out, Console.Error, fancy, cancellation.Token);
