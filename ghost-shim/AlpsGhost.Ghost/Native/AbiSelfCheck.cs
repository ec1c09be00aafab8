namespace AlpsGhost.Ghost.Native;

/// <summary>
/// Compares the C# ABI layouts (<see cref="AbiLayout"/>) with the C compiler's (<see cref="NativeAbiTable"/>):
/// every struct size, every field offset and size, every constant, by kernel name.
/// </summary>
public static class AbiSelfCheck
{
    /// <summary>Checks every described ABI; returns one line per difference (empty when they agree).</summary>
    /// <exception cref="DllNotFoundException">libalpsghost.so is not next to the application.</exception>
    public static IReadOnlyList<string> Verify()
    {
        var mismatches = new List<string>();
        foreach (int version in AbiLayout.DescribedVersions)
        {
            mismatches.AddRange(Compare(NativeAbiTable.Read(version), AbiLayout.Describe(version)));
        }
        return mismatches;
    }

    /// <summary>Lists every difference between <paramref name="native"/> (reference) and <paramref name="managed"/>.</summary>
    public static IReadOnlyList<string> Compare(AbiDescription native, AbiDescription managed)
    {
        ArgumentNullException.ThrowIfNull(native);
        ArgumentNullException.ThrowIfNull(managed);
        var result = new List<string>();
        string v = $"ABI {native.Version}";
        if (native.Version != managed.Version)
        {
            result.Add($"{v}: comparing against a description of ABI {managed.Version}");
        }
        var managedStructs = new Dictionary<string, AbiStruct>(StringComparer.Ordinal);
        foreach (AbiStruct s in managed.Structs)
        {
            managedStructs[s.Name] = s;
        }
        foreach (AbiStruct n in native.Structs)
        {
            if (!managedStructs.Remove(n.Name, out AbiStruct? m))
            {
                result.Add($"{v}: struct {n.Name} has no C# description");
                continue;
            }
            if (n.Size != m.Size)
            {
                result.Add($"{v}: sizeof({n.Name}) is {n.Size} in C, {m.Size} in C#");
            }
            var managedFields = new Dictionary<string, AbiField>(StringComparer.Ordinal);
            foreach (AbiField f in m.Fields)
            {
                managedFields[f.Name] = f;
            }
            foreach (AbiField nf in n.Fields)
            {
                if (!managedFields.Remove(nf.Name, out AbiField mf))
                {
                    result.Add($"{v}: {n.Name}.{nf.Name} (offset {nf.Offset}) is missing in C#");
                    continue;
                }
                if (nf.Offset != mf.Offset)
                {
                    result.Add($"{v}: offsetof({n.Name}, {nf.Name}) is {nf.Offset} in C, {mf.Offset} in C#");
                }
                if (nf.Size != mf.Size)
                {
                    result.Add($"{v}: sizeof({n.Name}.{nf.Name}) is {nf.Size} in C, {mf.Size} in C#");
                }
            }
            foreach (string extra in managedFields.Keys)
            {
                result.Add($"{v}: {n.Name}.{extra} exists only in C#");
            }
        }
        foreach (string extra in managedStructs.Keys)
        {
            result.Add($"{v}: struct {extra} exists only in C#");
        }
        var managedConstants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (AbiConstant c in managed.Constants)
        {
            managedConstants[c.Name] = c.Value;
        }
        foreach (AbiConstant nc in native.Constants)
        {
            if (!managedConstants.Remove(nc.Name, out long mv))
            {
                result.Add($"{v}: constant {nc.Name} = {nc.Value} has no C# value");
            }
            else if (mv != nc.Value)
            {
                result.Add($"{v}: {nc.Name} is {nc.Value} (0x{nc.Value:x}) in C, {mv} (0x{mv:x}) in C#");
            }
        }
        foreach (string extra in managedConstants.Keys)
        {
            result.Add($"{v}: constant {extra} exists only in C#");
        }
        return result;
    }
}
