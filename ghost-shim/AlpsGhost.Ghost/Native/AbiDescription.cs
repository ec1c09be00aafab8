namespace AlpsGhost.Ghost.Native;

/// <summary>One field of an ABI struct: kernel name, byte offset, byte size (0 for a flexible array).</summary>
/// <param name="Name">Field name as in the kernel header.</param>
/// <param name="Offset">offsetof.</param>
/// <param name="Size">sizeof the field; 0 for a trailing flexible array member.</param>
public readonly record struct AbiField(string Name, int Offset, int Size);

/// <summary>One ABI struct: kernel name, sizeof and fields in header order.</summary>
/// <param name="Name">Struct name as in the kernel header (without <c>struct</c>).</param>
/// <param name="Size">sizeof.</param>
/// <param name="Fields">Fields in header order.</param>
public sealed record AbiStruct(string Name, int Size, IReadOnlyList<AbiField> Fields);

/// <summary>One named constant (macro or enumerator) of the kernel header.</summary>
/// <param name="Name">Name as in the kernel header.</param>
/// <param name="Value">Value, sign-extended to 64 bits.</param>
public readonly record struct AbiConstant(string Name, long Value);

/// <summary>Everything the self-check compares for one ABI version, from either side (C# or C).</summary>
/// <param name="Version">ABI version.</param>
/// <param name="Structs">Structs in a stable order.</param>
/// <param name="Constants">Constants in a stable order.</param>
public sealed record AbiDescription(int Version, IReadOnlyList<AbiStruct> Structs, IReadOnlyList<AbiConstant> Constants);
