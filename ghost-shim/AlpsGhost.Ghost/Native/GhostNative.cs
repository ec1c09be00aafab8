using System.Runtime.InteropServices;

namespace AlpsGhost.Ghost.Native;

/// <summary>
/// Source-generated bindings to <c>libalpsghost.so</c> (ghost-shim/native). Every entry point returns
/// 0 (or a documented non-negative value) or <c>-errno</c>; strings are NUL-terminated UTF-8
/// (<see cref="Utf8Z"/>), so every signature is blittable and no runtime marshalling is involved.
/// </summary>
internal static unsafe partial class GhostNative
{
    /// <summary>Library name as the runtime probes it (<c>libalpsghost.so</c> next to the assembly).</summary>
    public const string Library = "alpsghost";

    [LibraryImport(Library, EntryPoint = "agh_api_version")]
    public static partial int ApiVersion();

    [LibraryImport(Library, EntryPoint = "agh_ghostfs_mount")]
    public static partial int GhostfsMount(byte* root);

    [LibraryImport(Library, EntryPoint = "agh_read_versions")]
    public static partial int ReadVersions(byte* root, int* abis, int cap);

    [LibraryImport(Library, EntryPoint = "agh_read_file")]
    public static partial int ReadFile(byte* path, byte* buf, int cap);

    [LibraryImport(Library, EntryPoint = "agh_write_file")]
    public static partial int WriteFile(byte* path, byte* text);

    [LibraryImport(Library, EntryPoint = "agh_enclave_create")]
    public static partial int EnclaveCreate(byte* root, ulong id, int abi, ulong* createdId);

    [LibraryImport(Library, EntryPoint = "agh_enclave_open")]
    public static partial int EnclaveOpen(byte* root, ulong id, int* ctlFd, int* dirFd);

    [LibraryImport(Library, EntryPoint = "agh_enclave_read")]
    public static partial int EnclaveRead(int dirFd, byte* name, byte* buf, int cap);

    [LibraryImport(Library, EntryPoint = "agh_enclave_write")]
    public static partial int EnclaveWrite(int dirFd, byte* name, byte* text);

    [LibraryImport(Library, EntryPoint = "agh_enclave_set_cpulist")]
    public static partial int EnclaveSetCpulist(int dirFd, byte* cpulist);

    [LibraryImport(Library, EntryPoint = "agh_enclave_ctl")]
    public static partial int EnclaveCtl(int ctlFd, byte* command);

    [LibraryImport(Library, EntryPoint = "agh_enclave_destroy")]
    public static partial int EnclaveDestroy(int ctlFd);

    [LibraryImport(Library, EntryPoint = "agh_enclave_add_task")]
    public static partial int EnclaveAddTask(int dirFd, int tid);

    [LibraryImport(Library, EntryPoint = "agh_enclave_set_tunable")]
    public static partial int EnclaveSetTunable(int dirFd, byte* name, long value);

    [LibraryImport(Library, EntryPoint = "agh_sw_region_map")]
    public static partial int SwRegionMap(int dirFd, int ctlFd, uint id, int numaNode, void** mapping, ulong* length);

    [LibraryImport(Library, EntryPoint = "agh_cpu_data_map")]
    public static partial int CpuDataMap(int dirFd, void** mapping, ulong* length);

    [LibraryImport(Library, EntryPoint = "agh_munmap")]
    public static partial int Munmap(void* mapping, ulong length);

    [LibraryImport(Library, EntryPoint = "agh_close")]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "agh_queue_create")]
    public static partial int QueueCreate(int ctlFd, int elems, int node, int* queueFd, void** mapping, ulong* length);

    [LibraryImport(Library, EntryPoint = "agh_set_default_queue")]
    public static partial int SetDefaultQueue(int ctlFd, int queueFd);

    [LibraryImport(Library, EntryPoint = "agh_config_queue_wakeup")]
    public static partial int ConfigQueueWakeup(int ctlFd, int queueFd, int* cpus, int n);

    [LibraryImport(Library, EntryPoint = "agh_assoc_queue")]
    public static partial int AssocQueue(int ctlFd, int queueFd, long gtid, uint barrier);

    [LibraryImport(Library, EntryPoint = "agh_sw_get_info")]
    public static partial int SwGetInfo(int ctlFd, int type, ulong arg, uint* id, uint* index);

    [LibraryImport(Library, EntryPoint = "agh_sw_free")]
    public static partial int SwFree(int ctlFd, uint id, uint index);

    [LibraryImport(Library, EntryPoint = "agh_become_agent")]
    public static partial int BecomeAgent(int ctlFd, int cpu, int queueFd);

    [LibraryImport(Library, EntryPoint = "agh_agent_online_open")]
    public static partial int AgentOnlineOpen(int dirFd, int* fd);

    [LibraryImport(Library, EntryPoint = "agh_commit_txn")]
    public static partial int CommitTxn(int ctlFd, void* mask, uint maskLength);

    [LibraryImport(Library, EntryPoint = "agh_sync_group_txn")]
    public static partial int SyncGroupTxn(int ctlFd, void* mask, uint maskLength);

    /// <summary>Arms the agent's ghOSt timer at absolute CLOCK_MONOTONIC <paramref name="deadlineNs"/> (TIMERFD_SETTIME; creates the timerfd when <paramref name="timerFd"/> is negative).</summary>
    [LibraryImport(Library, EntryPoint = "agh_agent_timer_arm")]
    public static partial int AgentTimerArm(int ctlFd, int* timerFd, int cpu, long deadlineNs, ulong cookie);

    [LibraryImport(Library, EntryPoint = "agh_run")]
    public static partial int Run(int ctlFd, long gtid, uint agentBarrier, uint taskBarrier, int runCpu, int runFlags);

    [LibraryImport(Library, EntryPoint = "agh_get_cpu_time")]
    public static partial int GetCpuTime(int ctlFd, long gtid, ulong* runtime);

    [LibraryImport(Library, EntryPoint = "agh_gettid")]
    public static partial int GetTid();

    [LibraryImport(Library, EntryPoint = "agh_sched_getcpu")]
    public static partial int SchedGetCpu();

    [LibraryImport(Library, EntryPoint = "agh_debug_capture_ioctls")]
    public static partial int DebugCaptureIoctls(int enable, int rc);

    [LibraryImport(Library, EntryPoint = "agh_debug_last_ioctl")]
    public static partial int DebugLastIoctl(uint* request, void* arg, int cap);

    /// <summary>How many ioctls were captured since <see cref="DebugCaptureIoctls"/> (tests only).</summary>
    [LibraryImport(Library, EntryPoint = "agh_debug_ioctl_count")]
    public static partial int DebugIoctlCount();

    /// <summary>The request and first 64 argument bytes of captured ioctl <paramref name="index"/> (tests only; the last 256 are kept).</summary>
    [LibraryImport(Library, EntryPoint = "agh_debug_ioctl_at")]
    public static partial int DebugIoctlAt(int index, uint* request, void* arg, int cap);

    [LibraryImport(Library, EntryPoint = "agh_abi_struct_count")]
    public static partial int AbiStructCount(int abi);

    [LibraryImport(Library, EntryPoint = "agh_abi_struct_info")]
    public static partial int AbiStructInfo(int abi, int s, byte** name, int* size, int* fieldCount);

    [LibraryImport(Library, EntryPoint = "agh_abi_field_info")]
    public static partial int AbiFieldInfo(int abi, int s, int f, byte** name, int* offset, int* size);

    [LibraryImport(Library, EntryPoint = "agh_abi_constant_count")]
    public static partial int AbiConstantCount(int abi);

    [LibraryImport(Library, EntryPoint = "agh_abi_constant_info")]
    public static partial int AbiConstantInfo(int abi, int c, byte** name, long* value);

    [LibraryImport(Library, EntryPoint = "agh_ring_init")]
    public static partial int RingInit(void* mapping, ulong length, uint nelems);

    [LibraryImport(Library, EntryPoint = "agh_ring_set_position")]
    public static partial int RingSetPosition(void* mapping, uint index);

    [LibraryImport(Library, EntryPoint = "agh_ring_produce")]
    public static partial int RingProduce(void* mapping, ushort type, uint seqnum, void* payload, ushort payloadLength);

    [LibraryImport(Library, EntryPoint = "agh_ring_write_sample")]
    public static partial int RingWriteSample(void* mapping, int abi);

    /// <summary>NUL-terminated UTF-8 copy of <paramref name="text"/> for a <c>const char*</c> argument (cold paths only).</summary>
    public static byte[] Utf8Z(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>Reads a NUL-terminated UTF-8 string the library owns (static storage).</summary>
    public static string FromUtf8Z(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
}
