namespace AlpsGhost.Kernel.Tests;

/// <summary>An agent whose every iteration is a test-supplied function (returns the next deadline).</summary>
internal sealed class ScriptAgent(Func<long> body) : ISimulatedAgent
{
    public int Runs { get; private set; }

    public long RunOnce()
    {
        Runs++;
        return body();
    }
}
