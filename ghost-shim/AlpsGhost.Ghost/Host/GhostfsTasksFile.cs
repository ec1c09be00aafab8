using AlpsGhost.Ghost.Native;

namespace AlpsGhost.Ghost.Host;

/// <summary>An enclave's <c>tasks</c> file: each tid is written with exactly one <c>write()</c>, as ghostfs requires.</summary>
public sealed unsafe class GhostfsTasksFile : ITaskSink
{
    private readonly byte[] _path;

    /// <summary>Targets <c>&lt;enclaveDirectory&gt;/tasks</c>.</summary>
    public GhostfsTasksFile(string enclaveDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(enclaveDirectory);
        Path = System.IO.Path.Combine(enclaveDirectory, "tasks");
        _path = GhostNative.Utf8Z(Path);
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public int AddTask(int tid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tid);
        fixed (byte* path = _path)
        fixed (byte* text = GhostNative.Utf8Z(tid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return -GhostNative.WriteFile(path, text);
        }
    }
}
