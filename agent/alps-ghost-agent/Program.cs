using AlpsGhost.Cli;
using AlpsGhost.Cli.Grammar;

// SIGINT cancels batch work (simulation, learn): partial results are reported as such, exit 130.
using Cancellation cancellation = Cancellation.OnSigint();
return AgentCommandLine.Run(args, Console.Out, Console.Error, cancellation.Token);
