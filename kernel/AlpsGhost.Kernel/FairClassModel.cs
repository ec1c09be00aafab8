namespace AlpsGhost.Kernel;

/// <summary>Which Linux fair class the simulator models (docs/simulator.md).</summary>
public enum FairClassModel
{
    /// <summary>Linux 5.11 CFS: the ghOSt kernel's base, the model of a ghOSt host.</summary>
    Cfs511,

    /// <summary>Linux 6.6+ EEVDF: what a stock host (this machine: 6.18) runs.</summary>
    Eevdf,
}

/// <summary>The one place for the fair-class model names the command lines and reports use.</summary>
public static class FairClassNames
{
    /// <summary><see cref="FairClassModel.Cfs511"/>.</summary>
    public const string Cfs511 = "cfs-5.11";

    /// <summary><see cref="FairClassModel.Eevdf"/>.</summary>
    public const string Eevdf = "eevdf";

    /// <summary>Every name, in the order help texts list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Cfs511, Eevdf];

    /// <summary>The name of <paramref name="model"/>.</summary>
    public static string Name(FairClassModel model) => model == FairClassModel.Eevdf ? Eevdf : Cfs511;

    /// <summary>Parses a name (exact, lower case); false for anything else.</summary>
    public static bool TryParse(string? name, out FairClassModel model)
    {
        switch (name)
        {
            case Cfs511:
                model = FairClassModel.Cfs511;
                return true;
            case Eevdf:
                model = FairClassModel.Eevdf;
                return true;
            default:
                model = FairClassModel.Cfs511;
                return false;
        }
    }
}
