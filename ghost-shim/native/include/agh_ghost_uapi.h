/*
 * alps-ghost's own transcription of the ghOSt kernel uapi (struct layouts, constants and ioctl
 * numbers) for the ABI versions this project speaks. Written from the facts collected in
 * docs/ghost-abi.md; names follow the kernel header so that the ABI self-check can compare
 * by name.
 *
 * Select the ABI with AGH_ABI before including (84 or 91; 90 has the same structs as 91).
 * The only layout differences between 84 and 91 are payloads later ABIs extended at the end:
 *   ABI 88 added task_new.agent_data, ABI 89 task_dead.cpu, ABI 90 cpu_tick.is_agent.
 */
#ifndef AGH_GHOST_UAPI_H
#define AGH_GHOST_UAPI_H

#ifndef AGH_ABI
#error "define AGH_ABI (84 or 91) before including agh_ghost_uapi.h"
#endif
#if AGH_ABI != 84 && AGH_ABI != 90 && AGH_ABI != 91
#error "AGH_ABI must be 84, 90 or 91"
#endif

#include <limits.h>
#include <stdint.h>
#include <linux/ioctl.h>
#include <sched.h>
#include <sys/timerfd.h>

#define GHOST_VERSION AGH_ABI

#ifndef SCHED_GHOST
#define SCHED_GHOST 18
#endif

#define AGH_CACHELINE_ALIGNED __attribute__((__aligned__(64)))
#define AGH_PAGE_ALIGNED __attribute__((__aligned__(4096)))

enum ghost_type {
    GHOST_AGENT,
    GHOST_TASK,
};

#define GHOST_MAX_WINFO 2

struct ghost_agent_wakeup {
    int cpu;
    int prio;
};

struct ghost_msg_src {
    enum ghost_type type;
    uint64_t arg;
};

struct timerfd_ghost {
    int cpu;
    int flags;
    uint64_t type;
    uint64_t cookie;
};
#define TIMERFD_GHOST_ENABLED (1 << 0)

struct ghost_sw_info {
    uint32_t id;
    uint32_t index;
};

struct ghost_ioc_sw_get_info {
    struct ghost_msg_src request;
    struct ghost_sw_info response;
};

struct ghost_ioc_create_queue {
    int elems;
    int node;
    int flags;
    uint64_t mapsize;
};

struct ghost_ioc_assoc_queue {
    int fd;
    struct ghost_msg_src src;
    uint32_t barrier;
    int flags;
};

struct ghost_ioc_set_default_queue {
    int fd;
};

struct ghost_ioc_config_queue_wakeup {
    int qfd;
    struct ghost_agent_wakeup *w;
    int ninfo;
    int flags;
};

struct ghost_ioc_get_cpu_time {
    int64_t gtid;
    uint64_t runtime;
};

struct ghost_ioc_commit_txn {
    cpu_set_t *mask_ptr;
    uint32_t mask_len;
    int flags;
};

struct ghost_ioc_timerfd_settime {
    int timerfd;
    int flags;
    struct itimerspec *in_tmr;
    struct itimerspec *out_tmr;
    struct timerfd_ghost timerfd_ghost;
};

struct ghost_ioc_run {
    int64_t gtid;
    uint32_t agent_barrier;
    uint32_t task_barrier;
    int run_cpu;
    int run_flags;
};

/* ioctls: magic 'g' on an fd of enclave_<id>/ctl opened for write. */
#define GHOST_IOC_NULL                _IO('g', 0)
#define GHOST_IOC_SW_GET_INFO         _IOWR('g', 1, struct ghost_ioc_sw_get_info)
#define GHOST_IOC_SW_FREE             _IOW('g', 2, struct ghost_sw_info)
#define GHOST_IOC_CREATE_QUEUE        _IOWR('g', 3, struct ghost_ioc_create_queue)
#define GHOST_IOC_ASSOC_QUEUE         _IOW('g', 4, struct ghost_ioc_assoc_queue)
#define GHOST_IOC_SET_DEFAULT_QUEUE   _IOW('g', 5, struct ghost_ioc_set_default_queue)
#define GHOST_IOC_CONFIG_QUEUE_WAKEUP _IOW('g', 6, struct ghost_ioc_config_queue_wakeup)
#define GHOST_IOC_GET_CPU_TIME        _IOWR('g', 7, struct ghost_ioc_get_cpu_time)
#define GHOST_IOC_COMMIT_TXN          _IOW('g', 8, struct ghost_ioc_commit_txn)
#define GHOST_IOC_SYNC_GROUP_TXN      _IOW('g', 9, struct ghost_ioc_commit_txn)
#define GHOST_IOC_TIMERFD_SETTIME     _IOWR('g', 10, struct ghost_ioc_timerfd_settime)
#define GHOST_IOC_RUN                 _IOW('g', 11, struct ghost_ioc_run)

struct ghost_sw_region_header {
    uint32_t version;
    uint32_t id;
    uint32_t numa_node;
    uint32_t start;
    uint32_t capacity;
    uint32_t available;
} AGH_CACHELINE_ALIGNED;
#define GHOST_SW_REGION_VERSION 0

struct ghost_status_word {
    uint32_t barrier;
    uint32_t flags;
    uint64_t gtid;
    int64_t switch_time;
    uint64_t runtime;
} __attribute__((__aligned__(32)));

#define GHOST_SW_F_INUSE        (1U << 0)
#define GHOST_SW_F_CANFREE      (1U << 1)
#define GHOST_SW_F_ALLOCATED    (1U << 2)
#define GHOST_SW_CPU_AVAIL      (1U << 8)
#define GHOST_SW_BOOST_PRIO     (1U << 9)
#define GHOST_SW_TASK_ONCPU     (1U << 16)
#define GHOST_SW_TASK_RUNNABLE  (1U << 17)
#define GHOST_SW_TASK_IS_AGENT  (1U << 18)
#define GHOST_SW_TASK_MSG_GATED (1U << 19)

struct ghost_queue_header {
    uint32_t version;
    uint32_t start;
    uint32_t nelems;
} AGH_CACHELINE_ALIGNED;
#define GHOST_QUEUE_VERSION 0

struct ghost_msg {
    uint16_t type;
    uint16_t length;
    uint32_t seqnum;
    uint32_t payload[];
};

#define _MSG_TASK_FIRST 64
#define _MSG_TASK_LAST  (_MSG_TASK_FIRST + 64 - 1)
#define _MSG_CPU_FIRST  128
#define _MSG_CPU_LAST   (_MSG_CPU_FIRST + 64 - 1)

enum {
    MSG_NOP = 0,

    MSG_TASK_DEAD = _MSG_TASK_FIRST,
    MSG_TASK_BLOCKED,
    MSG_TASK_WAKEUP,
    MSG_TASK_NEW,
    MSG_TASK_PREEMPT,
    MSG_TASK_YIELD,
    MSG_TASK_DEPARTED,
    MSG_TASK_SWITCHTO,
    MSG_TASK_AFFINITY_CHANGED,
    MSG_TASK_ON_CPU,
    MSG_TASK_PRIORITY_CHANGED,
    MSG_TASK_LATCH_FAILURE,

    MSG_CPU_TICK = _MSG_CPU_FIRST,
    MSG_CPU_TIMER_EXPIRED,
    MSG_CPU_NOT_IDLE,
    MSG_CPU_AVAILABLE,
    MSG_CPU_BUSY,
    MSG_CPU_AGENT_BLOCKED,
    MSG_CPU_AGENT_WAKEUP,
};

struct ghost_msg_payload_task_new {
    uint64_t gtid;
    uint64_t parent_gtid;
    uint64_t runtime;
    uint16_t runnable;
    int nice;
    struct ghost_sw_info sw_info;
#if AGH_ABI >= 88
    uint64_t agent_data;
#endif
};

struct ghost_msg_payload_task_preempt {
    uint64_t gtid;
    uint64_t runtime;
    uint64_t cpu_seqnum;
    uint64_t agent_data;
    int cpu;
    char from_switchto;
    char was_latched;
};

struct ghost_msg_payload_task_yield {
    uint64_t gtid;
    uint64_t runtime;
    uint64_t cpu_seqnum;
    uint64_t agent_data;
    int cpu;
    char from_switchto;
};

struct ghost_msg_payload_task_blocked {
    uint64_t gtid;
    uint64_t runtime;
    uint64_t cpu_seqnum;
    int cpu;
    char from_switchto;
};

struct ghost_msg_payload_task_dead {
    uint64_t gtid;
#if AGH_ABI >= 89
    int cpu;
#endif
};

struct ghost_msg_payload_task_departed {
    uint64_t gtid;
    uint64_t cpu_seqnum;
    int cpu;
    char from_switchto;
    char was_current;
};

struct ghost_msg_payload_task_affinity_changed {
    uint64_t gtid;
};

struct ghost_msg_payload_task_priority_changed {
    uint64_t gtid;
    int nice;
};

struct ghost_msg_payload_task_wakeup {
    uint64_t gtid;
    uint64_t agent_data;
    char deferrable;
    int last_ran_cpu;
    int wake_up_cpu;
    int waker_cpu;
};

struct ghost_msg_payload_task_switchto {
    uint64_t gtid;
    uint64_t runtime;
    uint64_t cpu_seqnum;
    int cpu;
};

struct ghost_msg_payload_task_on_cpu {
    uint64_t gtid;
    uint64_t commit_time;
    uint64_t cpu_seqnum;
    int cpu;
};

struct ghost_msg_payload_task_latch_failure {
    uint64_t gtid;
    int errno_; /* the kernel calls this field `errno`, which is a macro in libc userspace */
};

struct ghost_msg_payload_cpu_not_idle {
    int cpu;
    uint64_t next_gtid;
};

struct ghost_msg_payload_cpu_tick {
    int cpu;
#if AGH_ABI >= 90
    int is_agent;
#endif
};

struct ghost_msg_payload_timer {
    int cpu;
    uint64_t type;
    uint64_t cookie;
};

struct ghost_msg_payload_cpu_available {
    int cpu;
};

struct ghost_msg_payload_cpu_busy {
    int cpu;
};

struct ghost_msg_payload_agent_blocked {
    int cpu;
};

struct ghost_msg_payload_agent_wakeup {
    int cpu;
};

/* Ring indices are written by one side and read by the other: volatile in C. */
typedef volatile uint32_t agh_ring_index_t;

struct ghost_ring {
    agh_ring_index_t head;
    agh_ring_index_t tail;
    agh_ring_index_t overflow;
    struct ghost_msg msgs[];
};

#define GHOST_MAX_QUEUE_ELEMS 65536

#define GHOST_ASSOC_SF_ALREADY   (1 << 0)
#define GHOST_ASSOC_SF_BRAND_NEW (1 << 1)

#define RTLA_ON_PREEMPT                   (1 << 0)
#define RTLA_ON_BLOCKED                   (1 << 1)
#define RTLA_ON_YIELD                     (1 << 2)
#define RTLA_ON_IDLE                      (1 << 5)
#define NEED_L1D_FLUSH                    (1 << 6)
#define NEED_CPU_NOT_IDLE                 (1 << 7)
#define ELIDE_PREEMPT                     (1 << 9)
#define SEND_TASK_ON_CPU                  (1 << 10)
#define DEFER_LATCHED_PREEMPTION_BY_AGENT (1 << 11)
#define DO_NOT_PREEMPT                    (1 << 12)

#define COMMIT_AT_SCHEDULE           (1 << 0)
#define COMMIT_AT_TXN_COMMIT         (1 << 1)
#define ALLOW_TASK_ONCPU             (1 << 2)
#define ELIDE_AGENT_BARRIER_INC      (1 << 3)
#define INC_AGENT_BARRIER_ON_FAILURE (1 << 4)

#define GHOST_NULL_GTID  (0)
#define GHOST_AGENT_GTID (-1)
#define GHOST_IDLE_GTID  (-2)

enum ghost_txn_state {
    GHOST_TXN_COMPLETE = INT_MIN,
    GHOST_TXN_ABORTED,
    GHOST_TXN_TARGET_ONCPU,
    GHOST_TXN_TARGET_STALE,
    GHOST_TXN_TARGET_NOT_FOUND,
    GHOST_TXN_TARGET_NOT_RUNNABLE,
    GHOST_TXN_AGENT_STALE,
    GHOST_TXN_CPU_OFFLINE,
    GHOST_TXN_CPU_UNAVAIL,
    GHOST_TXN_INVALID_FLAGS,
    GHOST_TXN_INVALID_TARGET,
    GHOST_TXN_NOT_PERMITTED,
    GHOST_TXN_INVALID_CPU,
    GHOST_TXN_NO_AGENT,
    GHOST_TXN_UNSUPPORTED_VERSION,
    GHOST_TXN_POISONED,
    GHOST_TXN_READY = INT_MAX,
};

struct ghost_txn {
    int32_t version;
    int32_t cpu;
    int32_t state;
    uint32_t agent_barrier;
    uint32_t task_barrier;
    uint16_t run_flags;
    uint8_t commit_flags;
    uint8_t unused;
    int64_t gtid;
    int64_t commit_time;
    uint64_t cpu_seqnum;
    union {
        int32_t sync_group_owner;
    } u;
} AGH_CACHELINE_ALIGNED;

struct ghost_cpu_data {
    struct ghost_txn txn;
} AGH_PAGE_ALIGNED;

#define GHOST_TXN_VERSION 0

/* Layout facts the whole project relies on; a wrong transcription fails the build. */
_Static_assert(sizeof(struct ghost_msg) == 8, "ghost_msg");
_Static_assert(sizeof(struct ghost_status_word) == 32, "ghost_status_word");
_Static_assert(sizeof(struct ghost_txn) == 64, "ghost_txn");
_Static_assert(sizeof(struct ghost_cpu_data) == 4096, "ghost_cpu_data");
_Static_assert(sizeof(struct ghost_queue_header) == 64, "ghost_queue_header");
_Static_assert(sizeof(struct ghost_sw_region_header) == 64, "ghost_sw_region_header");
_Static_assert(sizeof(struct ghost_ring) == 12, "ghost_ring");
_Static_assert(GHOST_IOC_RUN == 0x4018670b, "GHOST_IOC_RUN");
_Static_assert(GHOST_IOC_SW_GET_INFO == 0xc0186701, "GHOST_IOC_SW_GET_INFO");
_Static_assert(GHOST_IOC_COMMIT_TXN == 0x40106708, "GHOST_IOC_COMMIT_TXN");
_Static_assert(GHOST_IOC_ASSOC_QUEUE == 0x40206704, "GHOST_IOC_ASSOC_QUEUE");
_Static_assert(GHOST_IOC_TIMERFD_SETTIME == 0xc030670a, "GHOST_IOC_TIMERFD_SETTIME");

#endif /* AGH_GHOST_UAPI_H */
