using System.CommandLine;

namespace AlpsGhost.Cli;

/// <summary>The <c>alps-ghost-agent</c> command line.</summary>
internal static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("alps-ghost-agent: a centralized ghOSt agent scheduling FaaS functions by learned rank and time slice (ALPS).");
        return root;
    }
}
