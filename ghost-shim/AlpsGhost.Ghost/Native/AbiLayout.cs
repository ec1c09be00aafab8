using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AlpsGhost.Ghost.Abi;

namespace AlpsGhost.Ghost.Native;

/// <summary>
/// The C# side's view of the ghOSt ABI: sizes and offsets measured from our managed structs
/// (<see cref="Unsafe.SizeOf{T}"/>, <see cref="Marshal.OffsetOf{T}(string)"/>) and constants read from
/// our enums and constant classes, named as in the kernel header so they can be compared with the
/// native table and exported as JSON.
/// </summary>
/// <remarks>
/// Nothing here restates a number: a wrong <c>FieldOffset</c>, a missing field or a wrong enum value
/// in the C# code shows up as a difference from the C compiler's table.
/// ABI 84 payloads that later ABIs extended (TASK_NEW, TASK_DEAD, CPU_TICK) are described as the
/// prefix the 84 kernel writes, with the size <see cref="GhostMessageTypes.PayloadSize"/> gives.
/// </remarks>
public static class AbiLayout
{
    /// <summary>ABI versions with a layout description (90 has 91's layouts).</summary>
    public static ReadOnlySpan<int> DescribedVersions => [84, 91];

    /// <summary>Describes <paramref name="version"/> (84 or 91).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another version.</exception>
    public static AbiDescription Describe(int version)
    {
        if (version is not (84 or 91))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "ABI layouts are described for 84 and 91 only");
        }
        return new AbiDescription(version, Structs(version), Constants(version));
    }

    private static List<AbiStruct> Structs(int v)
    {
        bool v88 = v >= 88, v89 = v >= 89, v90 = v >= 90;
        var list = new List<AbiStruct>
        {
            S<GhostMessageHeader>("ghost_msg", ("type", "Type"), ("length", "Length"), ("seqnum", "Seqnum"), Flex("payload")),
            P<TaskNewPayload>("ghost_msg_payload_task_new", GhostMessageType.TaskNew, v,
                ("gtid", "Gtid"), ("parent_gtid", "ParentGtid"), ("runtime", "Runtime"), ("runnable", "Runnable"),
                ("nice", "Nice"), ("sw_info", "SwInfo"), v88 ? ("agent_data", "AgentData") : Skip),
            S<TaskPreemptPayload>("ghost_msg_payload_task_preempt", ("gtid", "Gtid"), ("runtime", "Runtime"),
                ("cpu_seqnum", "CpuSeqnum"), ("agent_data", "AgentData"), ("cpu", "Cpu"), ("from_switchto", "FromSwitchto"),
                ("was_latched", "WasLatched")),
            S<TaskYieldPayload>("ghost_msg_payload_task_yield", ("gtid", "Gtid"), ("runtime", "Runtime"),
                ("cpu_seqnum", "CpuSeqnum"), ("agent_data", "AgentData"), ("cpu", "Cpu"), ("from_switchto", "FromSwitchto")),
            S<TaskBlockedPayload>("ghost_msg_payload_task_blocked", ("gtid", "Gtid"), ("runtime", "Runtime"),
                ("cpu_seqnum", "CpuSeqnum"), ("cpu", "Cpu"), ("from_switchto", "FromSwitchto")),
            P<TaskDeadPayload>("ghost_msg_payload_task_dead", GhostMessageType.TaskDead, v, ("gtid", "Gtid"), v89 ? ("cpu", "Cpu") : Skip),
            S<TaskDepartedPayload>("ghost_msg_payload_task_departed", ("gtid", "Gtid"), ("cpu_seqnum", "CpuSeqnum"),
                ("cpu", "Cpu"), ("from_switchto", "FromSwitchto"), ("was_current", "WasCurrent")),
            S<TaskAffinityChangedPayload>("ghost_msg_payload_task_affinity_changed", ("gtid", "Gtid")),
            S<TaskPriorityChangedPayload>("ghost_msg_payload_task_priority_changed", ("gtid", "Gtid"), ("nice", "Nice")),
            S<TaskWakeupPayload>("ghost_msg_payload_task_wakeup", ("gtid", "Gtid"), ("agent_data", "AgentData"),
                ("deferrable", "Deferrable"), ("last_ran_cpu", "LastRanCpu"), ("wake_up_cpu", "WakeUpCpu"), ("waker_cpu", "WakerCpu")),
            S<TaskSwitchtoPayload>("ghost_msg_payload_task_switchto", ("gtid", "Gtid"), ("runtime", "Runtime"),
                ("cpu_seqnum", "CpuSeqnum"), ("cpu", "Cpu")),
            S<TaskOnCpuPayload>("ghost_msg_payload_task_on_cpu", ("gtid", "Gtid"), ("commit_time", "CommitTime"),
                ("cpu_seqnum", "CpuSeqnum"), ("cpu", "Cpu")),
            S<TaskLatchFailurePayload>("ghost_msg_payload_task_latch_failure", ("gtid", "Gtid"), ("errno", "Errno")),
            S<CpuNotIdlePayload>("ghost_msg_payload_cpu_not_idle", ("cpu", "Cpu"), ("next_gtid", "NextGtid")),
            P<CpuTickPayload>("ghost_msg_payload_cpu_tick", GhostMessageType.CpuTick, v, ("cpu", "Cpu"), v90 ? ("is_agent", "IsAgent") : Skip),
            S<CpuTimerExpiredPayload>("ghost_msg_payload_timer", ("cpu", "Cpu"), ("type", "Type"), ("cookie", "Cookie")),
            S<CpuPayload>("ghost_msg_payload_cpu_available", ("cpu", "Cpu")),
            S<CpuPayload>("ghost_msg_payload_cpu_busy", ("cpu", "Cpu")),
            S<CpuPayload>("ghost_msg_payload_agent_blocked", ("cpu", "Cpu")),
            S<CpuPayload>("ghost_msg_payload_agent_wakeup", ("cpu", "Cpu")),
            S<GhostStatusWord>("ghost_status_word", ("barrier", "Barrier"), ("flags", "Flags"), ("gtid", "Gtid"),
                ("switch_time", "SwitchTime"), ("runtime", "Runtime")),
            S<GhostTxn>("ghost_txn", ("version", "Version"), ("cpu", "Cpu"), ("state", "State"),
                ("agent_barrier", "AgentBarrier"), ("task_barrier", "TaskBarrier"), ("run_flags", "RunFlags"),
                ("commit_flags", "CommitFlags"), ("unused", "Unused"), ("gtid", "Gtid"), ("commit_time", "CommitTime"),
                ("cpu_seqnum", "CpuSeqnum"), ("u", "SyncGroupOwner")),
            S<GhostCpuData>("ghost_cpu_data", ("txn", "Txn")),
            S<GhostSwInfo>("ghost_sw_info", ("id", "Id"), ("index", "Index")),
            S<GhostQueueHeader>("ghost_queue_header", ("version", "Version"), ("start", "Start"), ("nelems", "Nelems")),
            S<GhostRingHeader>("ghost_ring", ("head", "Head"), ("tail", "Tail"), ("overflow", "Overflow"), Flex("msgs")),
            S<GhostSwRegionHeader>("ghost_sw_region_header", ("version", "Version"), ("id", "Id"), ("numa_node", "NumaNode"),
                ("start", "Start"), ("capacity", "Capacity"), ("available", "Available")),
            S<GhostAgentWakeup>("ghost_agent_wakeup", ("cpu", "Cpu"), ("prio", "Prio")),
            S<GhostMsgSrc>("ghost_msg_src", ("type", "Type"), ("arg", "Arg")),
            S<TimerfdGhost>("timerfd_ghost", ("cpu", "Cpu"), ("flags", "Flags"), ("type", "Type"), ("cookie", "Cookie")),
            S<GhostIocSwGetInfo>("ghost_ioc_sw_get_info", ("request", "Request"), ("response", "Response")),
            S<GhostIocCreateQueue>("ghost_ioc_create_queue", ("elems", "Elems"), ("node", "Node"), ("flags", "Flags"), ("mapsize", "Mapsize")),
            S<GhostIocAssocQueue>("ghost_ioc_assoc_queue", ("fd", "Fd"), ("src", "Src"), ("barrier", "Barrier"), ("flags", "Flags")),
            S<GhostIocSetDefaultQueue>("ghost_ioc_set_default_queue", ("fd", "Fd")),
            S<GhostIocConfigQueueWakeup>("ghost_ioc_config_queue_wakeup", ("qfd", "Qfd"), ("w", "W"), ("ninfo", "Ninfo"), ("flags", "Flags")),
            S<GhostIocGetCpuTime>("ghost_ioc_get_cpu_time", ("gtid", "Gtid"), ("runtime", "Runtime")),
            S<GhostIocCommitTxn>("ghost_ioc_commit_txn", ("mask_ptr", "MaskPtr"), ("mask_len", "MaskLen"), ("flags", "Flags")),
            S<GhostIocTimerfdSettime>("ghost_ioc_timerfd_settime", ("timerfd", "Timerfd"), ("flags", "Flags"),
                ("in_tmr", "InTmr"), ("out_tmr", "OutTmr"), ("timerfd_ghost", "TimerfdGhost")),
            S<GhostIocRun>("ghost_ioc_run", ("gtid", "Gtid"), ("agent_barrier", "AgentBarrier"), ("task_barrier", "TaskBarrier"),
                ("run_cpu", "RunCpu"), ("run_flags", "RunFlags")),
        };
        return list;
    }

    // A field whose kernel name is given and whose managed name is null is a flexible array member
    // starting right after the fixed part; an entry with both names null is absent in this ABI.
    private static readonly (string?, string?) Skip = (null, null);

    private static (string?, string?) Flex(string kernelName) => (kernelName, null);

    private static AbiStruct S<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        string name, params (string? Kernel, string? Managed)[] fields) where T : unmanaged =>
        Build<T>(name, Unsafe.SizeOf<T>(), fields);

    private static AbiStruct P<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        string name, GhostMessageType type, int version, params (string? Kernel, string? Managed)[] fields) where T : unmanaged =>
        Build<T>(name, GhostMessageTypes.PayloadSize(type, version), fields);

    private static AbiStruct Build<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        string name, int size, (string? Kernel, string? Managed)[] fields) where T : unmanaged
    {
        var result = new List<AbiField>(fields.Length);
        foreach ((string? kernel, string? managed) in fields)
        {
            if (kernel is null)
            {
                continue;
            }
            if (managed is null)
            {
                result.Add(new AbiField(kernel, Unsafe.SizeOf<T>(), 0));
                continue;
            }
            var info = typeof(T).GetField(managed)
                ?? throw new InvalidOperationException($"{typeof(T).Name} has no field {managed} (for {name}.{kernel})");
            result.Add(new AbiField(kernel, (int)Marshal.OffsetOf<T>(managed), SizeOfFieldType(info.FieldType)));
        }
        return new AbiStruct(name, size, result);
    }

    private static int SizeOfFieldType(Type t)
    {
        if (t.IsPointer)
        {
            return IntPtr.Size;
        }
        if (t.IsEnum)
        {
            t = Enum.GetUnderlyingType(t);
        }
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Byte or TypeCode.SByte => 1,
            TypeCode.UInt16 or TypeCode.Int16 => 2,
            TypeCode.UInt32 or TypeCode.Int32 => 4,
            TypeCode.UInt64 or TypeCode.Int64 => 8,
            _ when t == typeof(GhostSwInfo) => Unsafe.SizeOf<GhostSwInfo>(),
            _ when t == typeof(GhostMsgSrc) => Unsafe.SizeOf<GhostMsgSrc>(),
            _ when t == typeof(TimerfdGhost) => Unsafe.SizeOf<TimerfdGhost>(),
            _ when t == typeof(GhostTxn) => Unsafe.SizeOf<GhostTxn>(),
            _ => throw new InvalidOperationException($"no size known for field type {t.Name}"),
        };
    }

    private static List<AbiConstant> Constants(int version)
    {
        var c = new List<AbiConstant>(128);
        void Add(string name, long value) => c.Add(new AbiConstant(name, value));

        Add("GHOST_VERSION", version);
        Add("SCHED_GHOST", GhostAbi.SchedGhost);
        Add("GHOST_MAX_QUEUE_ELEMS", GhostAbi.MaxQueueElements);
        Add("GHOST_MAX_WINFO", GhostAbi.MaxWakeupInfo);
        Add("GHOST_QUEUE_VERSION", GhostAbi.QueueVersion);
        Add("GHOST_SW_REGION_VERSION", GhostAbi.StatusWordRegionVersion);
        Add("GHOST_TXN_VERSION", GhostAbi.TxnVersion);
        Add("GHOST_AGENT", (long)GhostType.Agent);
        Add("GHOST_TASK", (long)GhostType.Task);
        Add("TIMERFD_GHOST_ENABLED", GhostIoctl.TimerfdGhostEnabled);
        Add("GHOST_IOC_NULL", GhostIoctl.Null);
        Add("GHOST_IOC_SW_GET_INFO", GhostIoctl.SwGetInfo);
        Add("GHOST_IOC_SW_FREE", GhostIoctl.SwFree);
        Add("GHOST_IOC_CREATE_QUEUE", GhostIoctl.CreateQueue);
        Add("GHOST_IOC_ASSOC_QUEUE", GhostIoctl.AssocQueue);
        Add("GHOST_IOC_SET_DEFAULT_QUEUE", GhostIoctl.SetDefaultQueue);
        Add("GHOST_IOC_CONFIG_QUEUE_WAKEUP", GhostIoctl.ConfigQueueWakeup);
        Add("GHOST_IOC_GET_CPU_TIME", GhostIoctl.GetCpuTime);
        Add("GHOST_IOC_COMMIT_TXN", GhostIoctl.CommitTxn);
        Add("GHOST_IOC_SYNC_GROUP_TXN", GhostIoctl.SyncGroupTxn);
        Add("GHOST_IOC_TIMERFD_SETTIME", GhostIoctl.TimerfdSettime);
        Add("GHOST_IOC_RUN", GhostIoctl.Run);
        Add("GHOST_SW_F_INUSE", (long)StatusWordFlags.InUse);
        Add("GHOST_SW_F_CANFREE", (long)StatusWordFlags.CanFree);
        Add("GHOST_SW_F_ALLOCATED", (long)StatusWordFlags.Allocated);
        Add("GHOST_SW_CPU_AVAIL", (long)StatusWordFlags.CpuAvailable);
        Add("GHOST_SW_BOOST_PRIO", (long)StatusWordFlags.BoostPriority);
        Add("GHOST_SW_TASK_ONCPU", (long)StatusWordFlags.TaskOnCpu);
        Add("GHOST_SW_TASK_RUNNABLE", (long)StatusWordFlags.TaskRunnable);
        Add("GHOST_SW_TASK_IS_AGENT", (long)StatusWordFlags.TaskIsAgent);
        Add("GHOST_SW_TASK_MSG_GATED", (long)StatusWordFlags.TaskMessagesGated);
        Add("_MSG_TASK_FIRST", GhostMessageTypes.TaskFirst);
        Add("_MSG_TASK_LAST", GhostMessageTypes.TaskLast);
        Add("_MSG_CPU_FIRST", GhostMessageTypes.CpuFirst);
        Add("_MSG_CPU_LAST", GhostMessageTypes.CpuLast);
        foreach (GhostMessageType t in Enum.GetValues<GhostMessageType>())
        {
            Add(MessageTypeName(t), (long)t);
        }
        Add("GHOST_ASSOC_SF_ALREADY", GhostAbi.AssocAlready);
        Add("GHOST_ASSOC_SF_BRAND_NEW", GhostAbi.AssocBrandNew);
        Add("RTLA_ON_PREEMPT", (long)RunFlags.RtlaOnPreempt);
        Add("RTLA_ON_BLOCKED", (long)RunFlags.RtlaOnBlocked);
        Add("RTLA_ON_YIELD", (long)RunFlags.RtlaOnYield);
        Add("RTLA_ON_IDLE", (long)RunFlags.RtlaOnIdle);
        Add("NEED_L1D_FLUSH", (long)RunFlags.NeedL1dFlush);
        Add("NEED_CPU_NOT_IDLE", (long)RunFlags.NeedCpuNotIdle);
        Add("ELIDE_PREEMPT", (long)RunFlags.ElidePreempt);
        Add("SEND_TASK_ON_CPU", (long)RunFlags.SendTaskOnCpu);
        Add("DEFER_LATCHED_PREEMPTION_BY_AGENT", (long)RunFlags.DeferLatchedPreemptionByAgent);
        Add("DO_NOT_PREEMPT", (long)RunFlags.DoNotPreempt);
        Add("COMMIT_AT_SCHEDULE", (long)CommitFlags.CommitAtSchedule);
        Add("COMMIT_AT_TXN_COMMIT", (long)CommitFlags.CommitAtTxnCommit);
        Add("ALLOW_TASK_ONCPU", (long)CommitFlags.AllowTaskOnCpu);
        Add("ELIDE_AGENT_BARRIER_INC", (long)CommitFlags.ElideAgentBarrierInc);
        Add("INC_AGENT_BARRIER_ON_FAILURE", (long)CommitFlags.IncAgentBarrierOnFailure);
        Add("GHOST_NULL_GTID", GhostAbi.NullGtid);
        Add("GHOST_AGENT_GTID", GhostAbi.AgentGtid);
        Add("GHOST_IDLE_GTID", GhostAbi.IdleGtid);
        foreach (GhostTxnState s in Enum.GetValues<GhostTxnState>())
        {
            Add(GhostTxnStates.KernelName(s), (long)s);
        }
        return c;
    }

    /// <summary>The kernel's name of a message type, e.g. <c>MSG_TASK_NEW</c>.</summary>
    public static string MessageTypeName(GhostMessageType type) => type switch
    {
        GhostMessageType.Nop => "MSG_NOP",
        GhostMessageType.TaskDead => "MSG_TASK_DEAD",
        GhostMessageType.TaskBlocked => "MSG_TASK_BLOCKED",
        GhostMessageType.TaskWakeup => "MSG_TASK_WAKEUP",
        GhostMessageType.TaskNew => "MSG_TASK_NEW",
        GhostMessageType.TaskPreempt => "MSG_TASK_PREEMPT",
        GhostMessageType.TaskYield => "MSG_TASK_YIELD",
        GhostMessageType.TaskDeparted => "MSG_TASK_DEPARTED",
        GhostMessageType.TaskSwitchto => "MSG_TASK_SWITCHTO",
        GhostMessageType.TaskAffinityChanged => "MSG_TASK_AFFINITY_CHANGED",
        GhostMessageType.TaskOnCpu => "MSG_TASK_ON_CPU",
        GhostMessageType.TaskPriorityChanged => "MSG_TASK_PRIORITY_CHANGED",
        GhostMessageType.TaskLatchFailure => "MSG_TASK_LATCH_FAILURE",
        GhostMessageType.CpuTick => "MSG_CPU_TICK",
        GhostMessageType.CpuTimerExpired => "MSG_CPU_TIMER_EXPIRED",
        GhostMessageType.CpuNotIdle => "MSG_CPU_NOT_IDLE",
        GhostMessageType.CpuAvailable => "MSG_CPU_AVAILABLE",
        GhostMessageType.CpuBusy => "MSG_CPU_BUSY",
        GhostMessageType.CpuAgentBlocked => "MSG_CPU_AGENT_BLOCKED",
        GhostMessageType.CpuAgentWakeup => "MSG_CPU_AGENT_WAKEUP",
        _ => $"MSG_{(ushort)type}",
    };
}
