/*
 * libalpsghost: the thin native layer between alps-ghost's C# agent and a ghOSt kernel.
 *
 * Conventions (every entry point):
 *   - returns 0 (or a documented non-negative value) on success and -errno on failure;
 *   - never aborts, never prints, never allocates memory the caller must free (mappings are
 *     released with agh_munmap, fds with agh_close);
 *   - takes plain ints, fixed-width integers and pointers only, so the C# side can bind it with
 *     blittable [LibraryImport] declarations.
 * The layout transcription lives in agh_ghost_uapi.h; the ABI self-check table in agh_abi_*.
 */
#ifndef ALPSGHOST_H
#define ALPSGHOST_H

#include <stddef.h>
#include <stdint.h>

#define AGH_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/* ---- library ---------------------------------------------------------------------------- */

/* Version of this library's C API (bumped on any signature change). */
AGH_EXPORT int agh_api_version(void);

/* ---- ghostfs ---------------------------------------------------------------------------- */

/* Mounts ghostfs at root (normally /sys/fs/ghost). 0 if it is mounted (already or now);
 * -ENOENT/-ENODEV: the kernel has no ghOSt; -EPERM: not privileged. */
AGH_EXPORT int agh_ghostfs_mount(const char *root);

/* Reads root/version (one ABI per line) into abis[0..cap). Returns the count or -errno
 * (-EPROTO if the file is malformed). */
AGH_EXPORT int agh_read_versions(const char *root, int *abis, int cap);

/* Reads a whole small file into buf (NUL-terminated, at most cap-1 bytes). Returns bytes read. */
AGH_EXPORT int agh_read_file(const char *path, char *buf, int cap);

/* Writes text with one write() (ghostfs parses one command per write). */
AGH_EXPORT int agh_write_file(const char *path, const char *text);

/* ---- enclaves --------------------------------------------------------------------------- */

/* Writes "create <id> <abi>" to root/ctl, retrying id+1 on EEXIST up to 64 times; the id used
 * is stored in *created_id. -ESRCH: the kernel does not support abi. */
AGH_EXPORT int agh_enclave_create(const char *root, uint64_t id, int abi, uint64_t *created_id);

/* Opens root/enclave_<id>: *ctl_fd (O_RDWR, the fd every ioctl needs) and *dir_fd (O_PATH). */
AGH_EXPORT int agh_enclave_open(const char *root, uint64_t id, int *ctl_fd, int *dir_fd);

/* Reads an enclave file (abi_version, status, cpulist, cpumask, agent_online, tasks...) relative
 * to dir_fd. Returns bytes read. */
AGH_EXPORT int agh_enclave_read(int dir_fd, const char *name, char *buf, int cap);

/* Writes an enclave file (cpulist, cpumask, tasks, runnable_timeout, deliver_ticks...). */
AGH_EXPORT int agh_enclave_write(int dir_fd, const char *name, const char *text);

/* Writes a cpulist ("0-3,5"), retrying EBUSY up to 10 times 50 ms apart: a previous enclave's
 * destruction is deferred in the kernel and releases its CPUs late. */
AGH_EXPORT int agh_enclave_set_cpulist(int dir_fd, const char *cpulist);

/* Writes one command to the enclave ctl ("destroy", "discover tasks", ...). */
AGH_EXPORT int agh_enclave_ctl(int ctl_fd, const char *command);

/* "destroy" on ctl. */
AGH_EXPORT int agh_enclave_destroy(int ctl_fd);

/* Writes tid ("0" = the caller) to the enclave's tasks file. */
AGH_EXPORT int agh_enclave_add_task(int dir_fd, int tid);

/* Writes a tunable as a decimal value: runnable_timeout (ms), deliver_ticks (0/1), ... */
AGH_EXPORT int agh_enclave_set_tunable(int dir_fd, const char *name, int64_t value);

/* ---- mappings --------------------------------------------------------------------------- */

/* "create sw_region <id> <numa>" (EEXIST is fine), then maps sw_regions/sw_<id> read-only. */
AGH_EXPORT int agh_sw_region_map(int dir_fd, int ctl_fd, uint32_t id, int numa_node,
                                 void **mapping, uint64_t *length);

/* Maps cpu_data read-write shared (one page per possible CPU). */
AGH_EXPORT int agh_cpu_data_map(int dir_fd, void **mapping, uint64_t *length);

AGH_EXPORT int agh_munmap(void *mapping, uint64_t length);
AGH_EXPORT int agh_close(int fd);

/* ---- queues ----------------------------------------------------------------------------- */

/* GHOST_IOC_CREATE_QUEUE then mmap of the returned fd. */
AGH_EXPORT int agh_queue_create(int ctl_fd, int elems, int node, int *queue_fd,
                                void **mapping, uint64_t *length);
AGH_EXPORT int agh_set_default_queue(int ctl_fd, int queue_fd);
/* cpus[0..n): wakeup targets (n = 0: nobody is woken, the agent polls). */
AGH_EXPORT int agh_config_queue_wakeup(int ctl_fd, int queue_fd, const int *cpus, int n);
/* Returns the association status bits (>= 0) or -errno (-ESTALE: barrier moved). */
AGH_EXPORT int agh_assoc_queue(int ctl_fd, int queue_fd, int64_t gtid, uint32_t barrier);

/* ---- status words ----------------------------------------------------------------------- */

/* type: 0 = GHOST_AGENT (arg is a cpu), 1 = GHOST_TASK (arg is a gtid). */
AGH_EXPORT int agh_sw_get_info(int ctl_fd, int type, uint64_t arg, uint32_t *id, uint32_t *index);
AGH_EXPORT int agh_sw_free(int ctl_fd, uint32_t id, uint32_t index);

/* ---- agents ----------------------------------------------------------------------------- */

/* "become agent <cpu> <qfd>" on ctl (ABI >= 74): the calling thread becomes cpu's agent. */
AGH_EXPORT int agh_become_agent(int ctl_fd, int cpu, int queue_fd);
/* Opens agent_online O_RDWR (advertises an online agent while open). -EBUSY: already open. */
AGH_EXPORT int agh_agent_online_open(int dir_fd, int *fd);

/* ---- transactions and RUN --------------------------------------------------------------- */

/* GHOST_IOC_COMMIT_TXN over a cpu_set_t-style mask of mask_len bytes. */
AGH_EXPORT int agh_commit_txn(int ctl_fd, const void *mask, uint32_t mask_len);
/* GHOST_IOC_SYNC_GROUP_TXN: 1 if every txn committed, 0 if not, or -errno. */
AGH_EXPORT int agh_sync_group_txn(int ctl_fd, const void *mask, uint32_t mask_len);
/* GHOST_IOC_RUN: gtid 0 = local yield, gtid -1 = ping run_cpu's agent. */
/* Arms the agent's ghOSt timer (GHOST_IOC_TIMERFD_SETTIME, absolute CLOCK_MONOTONIC ns): on expiry the kernel
 * queues CPU_TIMER_EXPIRED(cpu, type 0, cookie) for the agent of cpu and wakes it. Creates the timerfd on first
 * use (*timer_fd < 0); re-arming replaces the previous expiry. */
AGH_EXPORT int agh_agent_timer_arm(int ctl_fd, int *timer_fd, int cpu, int64_t deadline_ns, uint64_t cookie);

AGH_EXPORT int agh_run(int ctl_fd, int64_t gtid, uint32_t agent_barrier, uint32_t task_barrier,
                       int run_cpu, int run_flags);
AGH_EXPORT int agh_get_cpu_time(int ctl_fd, int64_t gtid, uint64_t *runtime);

/* ---- small OS helpers ------------------------------------------------------------------- */

AGH_EXPORT int agh_gettid(void);
AGH_EXPORT int agh_sched_getcpu(void);

/* ---- debug capture (tests only) ---------------------------------------------------------- */

/* enable != 0: ghost ioctls are not issued; each wrapper records its request and argument bytes
 * and returns rc instead (e.g. 0, or -ENOTTY). Process-global, not thread-safe. */
AGH_EXPORT int agh_debug_capture_ioctls(int enable, int rc);
/* The last captured request and up to cap argument bytes; returns the argument size (_IOC_SIZE),
 * -ENODATA if nothing was captured. */
AGH_EXPORT int agh_debug_last_ioctl(uint32_t *request, void *arg, int cap);
/* The captured ioctls in order (tests only): how many, and the request and first 64 argument bytes of one. */
AGH_EXPORT int agh_debug_ioctl_count(void);
AGH_EXPORT int agh_debug_ioctl_at(int index, uint32_t *request, void *arg, int cap);

/* ---- ABI self-check table --------------------------------------------------------------- */

/* Number of structs described for abi (84 or 91; 90 = 91), or -EINVAL. */
AGH_EXPORT int agh_abi_struct_count(int abi);
/* Struct s of abi: its kernel name, sizeof and number of fields. */
AGH_EXPORT int agh_abi_struct_info(int abi, int s, const char **name, int *size, int *field_count);
/* Field f of struct s: its kernel name, offsetof and sizeof. */
AGH_EXPORT int agh_abi_field_info(int abi, int s, int f, const char **name, int *offset, int *size);
AGH_EXPORT int agh_abi_constant_count(int abi);
AGH_EXPORT int agh_abi_constant_info(int abi, int c, const char **name, int64_t *value);

/* ---- ring producer (the kernel's _produce, for cross-language tests) ------------------- */

/* Writes a queue header (version 0, start 64) and an empty ring of nelems slots into mapping
 * (length bytes, must hold 76 + 8 * nelems). */
AGH_EXPORT int agh_ring_init(void *mapping, uint64_t length, uint32_t nelems);
/* Sets head = tail = index (to place a wrap where a test wants it). */
AGH_EXPORT int agh_ring_set_position(void *mapping, uint32_t index);
/* Produces one message: -EOVERFLOW (and overflow++) if it fits neither ahead nor at the start. */
AGH_EXPORT int agh_ring_produce(void *mapping, uint16_t type, uint32_t seqnum,
                                const void *payload, uint16_t payload_len);
/* Produces the fixed sample sequence described in src/ring.c, with payloads filled through the
 * C structs of abi. Returns the number of messages produced or -errno. */
AGH_EXPORT int agh_ring_write_sample(void *mapping, int abi);

#ifdef __cplusplus
}
#endif

#endif /* ALPSGHOST_H */
