/*
 * ghostfs, enclave, mapping, queue, status-word, agent and transaction entry points.
 * Each is a direct translation of one documented kernel interaction (docs/ghost-abi.md §2, §4, §5);
 * policy (retries beyond the kernel's documented transient errors, error wording) lives in C#.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "agh_ghost_uapi.h"
#include "alpsghost.h"

#define AGH_API_VERSION 1

int agh_api_version(void) { return AGH_API_VERSION; }

static int neg_errno(void) { return errno ? -errno : -EIO; }

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int read_fd_all(int fd, char *buf, int cap)
{
    int total = 0;
    if (!buf || cap <= 0)
        return -EINVAL;
    while (total < cap - 1) {
        ssize_t n = read(fd, buf + total, (size_t)(cap - 1 - total));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return neg_errno();
        }
        if (n == 0)
            break;
        total += (int)n;
    }
    buf[total] = '\0';
    return total;
}

static int write_fd_once(int fd, const char *text)
{
    size_t len = strlen(text);
    ssize_t n;
    do {
        n = write(fd, text, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return neg_errno();
    return (size_t)n == len ? 0 : -EIO;
}

int agh_read_file(const char *path, char *buf, int cap)
{
    int fd, rc;
    if (!path)
        return -EINVAL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = read_fd_all(fd, buf, cap);
    close(fd);
    return rc;
}

int agh_write_file(const char *path, const char *text)
{
    int fd, rc;
    if (!path || !text)
        return -EINVAL;
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = write_fd_once(fd, text);
    close(fd);
    return rc;
}

int agh_ghostfs_mount(const char *root)
{
    char path[4096];
    struct stat st;
    if (!root)
        return -EINVAL;
    if (snprintf(path, sizeof(path), "%s/version", root) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    if (stat(path, &st) == 0)
        return 0; /* already mounted */
    if (mount("ghost", root, "ghost", 0, NULL) != 0) {
        if (errno == EBUSY)
            return 0;
        return neg_errno();
    }
    return 0;
}

int agh_read_versions(const char *root, int *abis, int cap)
{
    char path[4096], buf[512];
    int n, count = 0, have = 0;
    long value = 0;
    if (!root || !abis || cap <= 0)
        return -EINVAL;
    if (snprintf(path, sizeof(path), "%s/version", root) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    n = agh_read_file(path, buf, (int)sizeof(buf));
    if (n < 0)
        return n;
    for (int i = 0; i <= n; i++) {
        char c = buf[i];
        if (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            if (value > INT_MAX)
                return -EPROTO;
            have = 1;
        } else if (c == '\n' || c == '\0') {
            if (have) {
                if (count == cap)
                    return -ENOSPC;
                abis[count++] = (int)value;
            }
            value = 0;
            have = 0;
        } else {
            return -EPROTO;
        }
    }
    return count;
}

int agh_enclave_create(const char *root, uint64_t id, int abi, uint64_t *created_id)
{
    char path[4096], cmd[64];
    int fd, rc = -EEXIST;
    if (!root || !created_id)
        return -EINVAL;
    if (snprintf(path, sizeof(path), "%s/ctl", root) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    for (int attempt = 0; attempt < 64 && rc == -EEXIST; attempt++, id++) {
        snprintf(cmd, sizeof(cmd), "create %" PRIu64 " %d", id, abi);
        rc = write_fd_once(fd, cmd);
        if (rc == 0)
            *created_id = id;
    }
    close(fd);
    return rc;
}

int agh_enclave_open(const char *root, uint64_t id, int *ctl_fd, int *dir_fd)
{
    char path[4096];
    int dfd, cfd;
    if (!root || !ctl_fd || !dir_fd)
        return -EINVAL;
    if (snprintf(path, sizeof(path), "%s/enclave_%" PRIu64, root, id) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    dfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return neg_errno();
    cfd = openat(dfd, "ctl", O_RDWR | O_CLOEXEC);
    if (cfd < 0) {
        int rc = neg_errno();
        close(dfd);
        return rc;
    }
    *ctl_fd = cfd;
    *dir_fd = dfd;
    return 0;
}

int agh_enclave_read(int dir_fd, const char *name, char *buf, int cap)
{
    int fd, rc;
    if (!name)
        return -EINVAL;
    fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = read_fd_all(fd, buf, cap);
    close(fd);
    return rc;
}

int agh_enclave_write(int dir_fd, const char *name, const char *text)
{
    int fd, rc;
    if (!name || !text)
        return -EINVAL;
    fd = openat(dir_fd, name, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = write_fd_once(fd, text);
    close(fd);
    return rc;
}

int agh_enclave_set_cpulist(int dir_fd, const char *cpulist)
{
    int rc = -EBUSY;
    for (int attempt = 0; attempt < 10 && rc == -EBUSY; attempt++) {
        if (attempt > 0)
            sleep_ms(50);
        rc = agh_enclave_write(dir_fd, "cpulist", cpulist);
    }
    return rc;
}

int agh_enclave_ctl(int ctl_fd, const char *command)
{
    if (!command)
        return -EINVAL;
    return write_fd_once(ctl_fd, command);
}

int agh_enclave_destroy(int ctl_fd) { return write_fd_once(ctl_fd, "destroy"); }

int agh_enclave_add_task(int dir_fd, int tid)
{
    char text[32];
    if (tid < 0)
        return -EINVAL;
    snprintf(text, sizeof(text), "%d", tid);
    return agh_enclave_write(dir_fd, "tasks", text);
}

int agh_enclave_set_tunable(int dir_fd, const char *name, int64_t value)
{
    char text[32];
    snprintf(text, sizeof(text), "%" PRId64, value);
    return agh_enclave_write(dir_fd, name, text);
}

static int map_fd(int fd, int prot, void **mapping, uint64_t *length, uint64_t want)
{
    struct stat st;
    void *p;
    uint64_t len = want;
    if (len == 0) {
        if (fstat(fd, &st) != 0)
            return neg_errno();
        len = (uint64_t)st.st_size;
    }
    if (len == 0)
        return -ENODATA;
    p = mmap(NULL, (size_t)len, prot, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return neg_errno();
    *mapping = p;
    *length = len;
    return 0;
}

int agh_sw_region_map(int dir_fd, int ctl_fd, uint32_t id, int numa_node, void **mapping, uint64_t *length)
{
    char cmd[64], name[64];
    int fd, rc;
    if (!mapping || !length)
        return -EINVAL;
    snprintf(cmd, sizeof(cmd), "create sw_region %u %d", id, numa_node);
    rc = write_fd_once(ctl_fd, cmd);
    if (rc != 0 && rc != -EEXIST)
        return rc;
    snprintf(name, sizeof(name), "sw_regions/sw_%u", id);
    fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = map_fd(fd, PROT_READ, mapping, length, 0);
    close(fd);
    return rc;
}

int agh_cpu_data_map(int dir_fd, void **mapping, uint64_t *length)
{
    int fd, rc;
    if (!mapping || !length)
        return -EINVAL;
    fd = openat(dir_fd, "cpu_data", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return neg_errno();
    rc = map_fd(fd, PROT_READ | PROT_WRITE, mapping, length, 0);
    close(fd);
    return rc;
}

int agh_munmap(void *mapping, uint64_t length)
{
    if (!mapping || length == 0)
        return -EINVAL;
    return munmap(mapping, (size_t)length) == 0 ? 0 : neg_errno();
}

int agh_close(int fd)
{
    if (fd < 0)
        return -EBADF;
    return close(fd) == 0 ? 0 : neg_errno();
}

/* Debug capture (tests only, not thread-safe): when enabled, ghost ioctls are not issued; the
 * request and the argument bytes the kernel would have read are recorded instead. */
static int capture_enabled;
static int capture_rc;
static unsigned long captured_request;
static unsigned char captured_arg[64];
static int captured_size = -1;

/* Every captured ioctl, in order: the last CAPTURE_LOG entries of a free-running count. */
#define CAPTURE_LOG 256
static uint32_t capture_log_request[CAPTURE_LOG];
static unsigned char capture_log_arg[CAPTURE_LOG][64];
static int capture_log_count;

int agh_debug_capture_ioctls(int enable, int rc)
{
    capture_enabled = enable != 0;
    capture_rc = rc;
    captured_size = -1;
    captured_request = 0;
    memset(captured_arg, 0, sizeof(captured_arg));
    capture_log_count = 0;
    return 0;
}

int agh_debug_ioctl_count(void)
{
    return capture_log_count;
}

int agh_debug_ioctl_at(int index, uint32_t *request, void *arg, int cap)
{
    if (!request || (!arg && cap > 0) || cap < 0)
        return -EINVAL;
    if (index < 0 || index >= capture_log_count || index < capture_log_count - CAPTURE_LOG)
        return -ENODATA;
    *request = capture_log_request[index % CAPTURE_LOG];
    memcpy(arg, capture_log_arg[index % CAPTURE_LOG], (size_t)(cap < 64 ? cap : 64));
    return 64;
}

int agh_debug_last_ioctl(uint32_t *request, void *arg, int cap)
{
    if (!request || (!arg && cap > 0) || cap < 0)
        return -EINVAL;
    if (captured_size < 0)
        return -ENODATA;
    *request = (uint32_t)captured_request;
    memcpy(arg, captured_arg, (size_t)(captured_size < cap ? captured_size : cap));
    return captured_size;
}

static int ghost_ioctl(int ctl_fd, unsigned long request, void *arg)
{
    int rc;
    if (capture_enabled) {
        int size = (int)_IOC_SIZE(request);
        captured_request = request;
        captured_size = size;
        memset(captured_arg, 0, sizeof(captured_arg));
        if (arg && size > 0)
            memcpy(captured_arg, arg, (size_t)(size < (int)sizeof(captured_arg) ? size : (int)sizeof(captured_arg)));
        capture_log_request[capture_log_count % CAPTURE_LOG] = (uint32_t)request;
        memcpy(capture_log_arg[capture_log_count % CAPTURE_LOG], captured_arg, sizeof(captured_arg));
        capture_log_count++;
        return capture_rc;
    }
    do {
        rc = ioctl(ctl_fd, request, arg);
    } while (rc < 0 && errno == EINTR);
    return rc < 0 ? neg_errno() : rc;
}

int agh_queue_create(int ctl_fd, int elems, int node, int *queue_fd, void **mapping, uint64_t *length)
{
    struct ghost_ioc_create_queue arg;
    int fd, rc;
    if (!queue_fd || !mapping || !length)
        return -EINVAL;
    memset(&arg, 0, sizeof(arg));
    arg.elems = elems;
    arg.node = node;
    fd = ghost_ioctl(ctl_fd, GHOST_IOC_CREATE_QUEUE, &arg);
    if (fd < 0)
        return fd;
    rc = map_fd(fd, PROT_READ | PROT_WRITE, mapping, length, arg.mapsize);
    if (rc != 0) {
        close(fd);
        return rc;
    }
    *queue_fd = fd;
    return 0;
}

int agh_set_default_queue(int ctl_fd, int queue_fd)
{
    struct ghost_ioc_set_default_queue arg = { .fd = queue_fd };
    int rc = ghost_ioctl(ctl_fd, GHOST_IOC_SET_DEFAULT_QUEUE, &arg);
    return rc < 0 ? rc : 0;
}

int agh_config_queue_wakeup(int ctl_fd, int queue_fd, const int *cpus, int n)
{
    struct ghost_agent_wakeup w[GHOST_MAX_WINFO];
    struct ghost_ioc_config_queue_wakeup arg;
    int rc;
    if (n < 0 || n > GHOST_MAX_WINFO || (n > 0 && !cpus))
        return -EINVAL;
    memset(w, 0, sizeof(w));
    for (int i = 0; i < n; i++)
        w[i].cpu = cpus[i];
    memset(&arg, 0, sizeof(arg));
    arg.qfd = queue_fd;
    arg.w = w;
    arg.ninfo = n;
    rc = ghost_ioctl(ctl_fd, GHOST_IOC_CONFIG_QUEUE_WAKEUP, &arg);
    return rc < 0 ? rc : 0;
}

int agh_assoc_queue(int ctl_fd, int queue_fd, int64_t gtid, uint32_t barrier)
{
    struct ghost_ioc_assoc_queue arg;
    memset(&arg, 0, sizeof(arg));
    arg.fd = queue_fd;
    arg.src.type = GHOST_TASK;
    arg.src.arg = (uint64_t)gtid;
    arg.barrier = barrier;
    return ghost_ioctl(ctl_fd, GHOST_IOC_ASSOC_QUEUE, &arg);
}

int agh_sw_get_info(int ctl_fd, int type, uint64_t arg_value, uint32_t *id, uint32_t *index)
{
    struct ghost_ioc_sw_get_info arg;
    int rc;
    if (!id || !index || (type != GHOST_AGENT && type != GHOST_TASK))
        return -EINVAL;
    memset(&arg, 0, sizeof(arg));
    arg.request.type = (enum ghost_type)type;
    arg.request.arg = arg_value;
    rc = ghost_ioctl(ctl_fd, GHOST_IOC_SW_GET_INFO, &arg);
    if (rc < 0)
        return rc;
    *id = arg.response.id;
    *index = arg.response.index;
    return 0;
}

int agh_sw_free(int ctl_fd, uint32_t id, uint32_t index)
{
    struct ghost_sw_info arg = { .id = id, .index = index };
    int rc = ghost_ioctl(ctl_fd, GHOST_IOC_SW_FREE, &arg);
    return rc < 0 ? rc : 0;
}

int agh_become_agent(int ctl_fd, int cpu, int queue_fd)
{
    char cmd[64];
    if (cpu < 0)
        return -EINVAL;
    snprintf(cmd, sizeof(cmd), "become agent %d %d", cpu, queue_fd);
    return write_fd_once(ctl_fd, cmd);
}

int agh_agent_online_open(int dir_fd, int *fd)
{
    int f;
    if (!fd)
        return -EINVAL;
    f = openat(dir_fd, "agent_online", O_RDWR | O_CLOEXEC);
    if (f < 0)
        return neg_errno();
    *fd = f;
    return 0;
}

static int commit(int ctl_fd, unsigned long request, const void *mask, uint32_t mask_len)
{
    struct ghost_ioc_commit_txn arg;
    if (!mask || mask_len == 0)
        return -EINVAL;
    memset(&arg, 0, sizeof(arg));
    arg.mask_ptr = (cpu_set_t *)mask;
    arg.mask_len = mask_len;
    return ghost_ioctl(ctl_fd, request, &arg);
}

int agh_commit_txn(int ctl_fd, const void *mask, uint32_t mask_len)
{
    int rc = commit(ctl_fd, GHOST_IOC_COMMIT_TXN, mask, mask_len);
    return rc < 0 ? rc : 0;
}

int agh_sync_group_txn(int ctl_fd, const void *mask, uint32_t mask_len)
{
    int rc = commit(ctl_fd, GHOST_IOC_SYNC_GROUP_TXN, mask, mask_len);
    if (rc < 0)
        return rc;
    return rc == 1 ? 1 : (rc == 0 ? 0 : -EPROTO);
}

int agh_run(int ctl_fd, int64_t gtid, uint32_t agent_barrier, uint32_t task_barrier, int run_cpu, int run_flags)
{
    struct ghost_ioc_run arg;
    int rc;
    memset(&arg, 0, sizeof(arg));
    arg.gtid = gtid;
    arg.agent_barrier = agent_barrier;
    arg.task_barrier = task_barrier;
    arg.run_cpu = run_cpu;
    arg.run_flags = run_flags;
    rc = ghost_ioctl(ctl_fd, GHOST_IOC_RUN, &arg);
    return rc < 0 ? rc : 0;
}

int agh_agent_timer_arm(int ctl_fd, int *timer_fd, int cpu, int64_t deadline_ns, uint64_t cookie)
{
    struct ghost_ioc_timerfd_settime arg;
    struct itimerspec in, out;
    int rc;
    if (!timer_fd || deadline_ns < 0)
        return -EINVAL;
    if (*timer_fd < 0) {
        int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
        if (fd < 0)
            return neg_errno();
        *timer_fd = fd;
    }
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.it_value.tv_sec = (time_t)(deadline_ns / 1000000000LL);
    in.it_value.tv_nsec = (long)(deadline_ns % 1000000000LL);
    memset(&arg, 0, sizeof(arg));
    arg.timerfd = *timer_fd;
    arg.flags = TFD_TIMER_ABSTIME;
    arg.in_tmr = &in;
    arg.out_tmr = &out;
    arg.timerfd_ghost.cpu = cpu;
    arg.timerfd_ghost.flags = TIMERFD_GHOST_ENABLED;
    arg.timerfd_ghost.type = 0;
    arg.timerfd_ghost.cookie = cookie;
    rc = ghost_ioctl(ctl_fd, GHOST_IOC_TIMERFD_SETTIME, &arg);
    return rc < 0 ? rc : 0;
}

int agh_get_cpu_time(int ctl_fd, int64_t gtid, uint64_t *runtime)
{
    struct ghost_ioc_get_cpu_time arg;
    int rc;
    if (!runtime)
        return -EINVAL;
    memset(&arg, 0, sizeof(arg));
    arg.gtid = gtid;
    rc = ghost_ioctl(ctl_fd, GHOST_IOC_GET_CPU_TIME, &arg);
    if (rc < 0)
        return rc;
    *runtime = arg.runtime;
    return 0;
}

int agh_gettid(void) { return (int)syscall(SYS_gettid); }

int agh_sched_getcpu(void)
{
    int cpu = sched_getcpu();
    return cpu < 0 ? neg_errno() : cpu;
}
