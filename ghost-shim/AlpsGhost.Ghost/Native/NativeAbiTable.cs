namespace AlpsGhost.Ghost.Native;

/// <summary>Reads the C compiler's view of the ABI (sizes, offsets, constants) out of libalpsghost.</summary>
public static unsafe class NativeAbiTable
{
    /// <summary>Reads the native description of <paramref name="version"/> (84 or 91).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The library has no table for that version.</exception>
    /// <exception cref="DllNotFoundException">libalpsghost.so is not next to the application.</exception>
    public static AbiDescription Read(int version)
    {
        int structCount = GhostNative.AbiStructCount(version);
        if (structCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "libalpsghost has no ABI table for this version");
        }
        var structs = new List<AbiStruct>(structCount);
        for (int s = 0; s < structCount; s++)
        {
            byte* name;
            int size, fieldCount;
            Check(GhostNative.AbiStructInfo(version, s, &name, &size, &fieldCount), version, s);
            var fields = new List<AbiField>(fieldCount);
            for (int f = 0; f < fieldCount; f++)
            {
                byte* fieldName;
                int offset, fieldSize;
                Check(GhostNative.AbiFieldInfo(version, s, f, &fieldName, &offset, &fieldSize), version, s);
                fields.Add(new AbiField(GhostNative.FromUtf8Z(fieldName), offset, fieldSize));
            }
            structs.Add(new AbiStruct(GhostNative.FromUtf8Z(name), size, fields));
        }
        int constantCount = GhostNative.AbiConstantCount(version);
        var constants = new List<AbiConstant>(Math.Max(constantCount, 0));
        for (int c = 0; c < constantCount; c++)
        {
            byte* name;
            long value;
            Check(GhostNative.AbiConstantInfo(version, c, &name, &value), version, c);
            constants.Add(new AbiConstant(GhostNative.FromUtf8Z(name), value));
        }
        return new AbiDescription(version, structs, constants);
    }

    private static void Check(int rc, int version, int index)
    {
        if (rc < 0)
        {
            throw new InvalidOperationException($"libalpsghost ABI {version} table entry {index} unreadable ({Errno.Name(-rc)})");
        }
    }
}
