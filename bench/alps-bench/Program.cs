using System.CommandLine;

var root = new RootCommand("alps-bench: workload x policy studies of alps-ghost through the simulated ghOSt kernel.");
return root.Parse(args).Invoke();
