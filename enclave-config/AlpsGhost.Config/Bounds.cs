using System.Globalization;

namespace AlpsGhost.Config;

/// <summary>An accepted numeric interval and its wording in error messages.</summary>
internal readonly record struct Bounds(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    /// <summary>Whether <paramref name="value"/> lies in the interval.</summary>
    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>"a number > 0", "an integer >= 1 and <= 100", ...</summary>
    public string Describe(bool integer)
    {
        string text = (integer ? "an integer " : "a number ") + (MinExclusive ? "> " : ">= ") + Format(Min);
        if (!double.IsPositiveInfinity(Max))
        {
            text += (MaxExclusive ? " and < " : " and <= ") + Format(Max);
        }
        return text;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
