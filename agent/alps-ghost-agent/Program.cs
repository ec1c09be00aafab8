using AlpsGhost.Cli;

return AgentCommandLine.Build().Parse(args).Invoke();
