/*
 * qemu_process.c: starting, stopping and re-attaching to QEMU
 *
 * QEMU runs in a session of its own with its output in the domain's log
 * file, so it outlives the process that started it; the status file
 * (run/qemu/NAME.xml) lets a later process of the driver find it again.
 * The monitor socket is created and bound here and handed to QEMU
 * already listening, so connecting to it never races QEMU's start.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE   /* POSIX_SPAWN_SETSID */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu_process.h"
#include "qemu_command.h"
#include "qemu_img.h"
#include "util/vircommand.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_process");

extern char **environ;

#define QEMU_START_TIMEOUT 30000      /* ms for QEMU to greet on the monitor */
#define QEMU_STOP_GRACE 10000         /* ms between SIGTERM and SIGKILL */
#define QEMU_LOG_TAIL 4096            /* bytes of the log quoted in errors */
#define QEMU_MIGRATE_TIMEOUT (30 * 60 * 1000)   /* ms for a memory state */


/* ---- waiting for a process that may not be our child ---- */

/* Waits up to @timeoutMs for @pid to end; true if it did. */
static bool
qemuProcessWaitExit(pid_t pid, bool ownChild, int timeoutMs)
{
    int pidfd = syscall(SYS_pidfd_open, pid, 0);
    bool gone;

    if (pidfd < 0) {
        gone = errno == ESRCH;
    } else {
        struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
        int rc;

        while ((rc = poll(&pfd, 1, timeoutMs)) < 0 && errno == EINTR)
            ;
        gone = rc > 0;
        close(pidfd);
    }
    if (gone && ownChild)
        waitpid(pid, NULL, 0);
    return gone;
}


/* Ends @pid: SIGTERM (QEMU then closes its images cleanly), SIGKILL if
 * it is still there after the grace period. */
static void
qemuProcessKill(pid_t pid, bool ownChild)
{
    if (pid <= 0)
        return;
    if (kill(pid, SIGTERM) < 0 && errno == ESRCH) {
        if (ownChild)
            waitpid(pid, NULL, WNOHANG);
        return;
    }
    if (qemuProcessWaitExit(pid, ownChild, QEMU_STOP_GRACE))
        return;
    VIR_WARN("QEMU %lld ignored SIGTERM, killing it", (long long)pid);
    kill(pid, SIGKILL);
    qemuProcessWaitExit(pid, ownChild, -1);
}


/* ---- starting ---- */

/* A listening socket at @path (replacing a stale one), CLOEXEC. */
static int
qemuProcessListen(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "monitor socket path '%s' is too long for a UNIX socket "
                       "(use a shorter root)", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    unlink(path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        virReportSystemError(errno, "cannot listen on monitor socket '%s'", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}


/* A client socket connected to the listening socket at @path. */
static int
qemuProcessConnect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        virReportSystemError(errno, "cannot connect to monitor socket '%s'", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}


/* Opens the log for appending and writes a header with the command line;
 * *offset is where QEMU's own output will start. */
static int
qemuProcessOpenLog(const char *path, char *const *argv, off_t *offset)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    g_autofree char *cmdline = virCommandToString((const char *const *)argv);
    g_autofree char *header = g_strdup_printf("%s: starting up\n%s\n", stamp, cmdline);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

    if (fd < 0) {
        virReportSystemError(errno, "cannot open log file '%s'", path);
        return -1;
    }
    if (write(fd, header, strlen(header)) < 0 ||
        (*offset = lseek(fd, 0, SEEK_END)) < 0) {
        virReportSystemError(errno, "cannot write log file '%s'", path);
        close(fd);
        return -1;
    }
    return fd;
}


/* What QEMU wrote to its log after @offset (at most the last few KiB). */
static char *
qemuProcessLogTail(const char *path, off_t offset)
{
    g_autofree char *text = NULL;
    size_t len;
    const char *start;

    if (virFileReadAll(path, 64 * 1024 * 1024, &text) < 0) {
        virResetLastError();
        return g_strdup("");
    }
    len = strlen(text);
    start = (size_t)offset <= len ? text + offset : text + len;
    if (strlen(start) > QEMU_LOG_TAIL)
        start += strlen(start) - QEMU_LOG_TAIL;
    return g_strchomp(g_strdup(start));
}


static pid_t
qemuProcessSpawn(char *const *argv, int logFD, int monFD)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t none, defaults;
    pid_t pid = -1;
    int rc;

    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, logFD, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, logFD, STDERR_FILENO);
    /* dup2 onto another number clears close-on-exec on the copy. */
    posix_spawn_file_actions_adddup2(&actions, monFD, QEMU_MONITOR_CHILD_FD);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
                                    POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        virReportSystemError(rc, "cannot run '%s'", argv[0]);
        return -1;
    }
    return pid;
}


/* The live definition: @def with each disk's chain as qemu-img sees it. */
static virDomainDef *
qemuProcessPrepareDef(const virDomainDef *def)
{
    g_autoptr(virDomainDef) live = virDomainDefCopy(def);

    if (qemuCommandCheckDef(def) < 0)
        return NULL;
    for (size_t i = 0; i < live->ndisks; i++) {
        virDomainDiskDef *disk = live->disks[i];
        virStorageSource *chain;

        if (!virFileExists(disk->src->path)) {
            virReportSystemError(errno, "Cannot access storage file '%s'", disk->src->path);
            return NULL;
        }
        if (!(chain = qemuImgChain(disk->src->path, false)))
            return NULL;
        if (disk->src->format && chain->format != disk->src->format) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s' is declared as %s but '%s' is %s", disk->dst,
                           virStorageFileFormatTypeToString(disk->src->format),
                           disk->src->path,
                           virStorageFileFormatTypeToString(chain->format));
            virStorageSourceFreeChain(chain);
            return NULL;
        }
        chain->type = disk->src->type;
        virStorageSourceFreeChain(disk->src);
        disk->src = chain;
    }
    return g_steal_pointer(&live);
}


/* Spawns QEMU for @live and connects its monitor; pid and monitor land
 * in @obj's private data. */
static int
qemuProcessLaunch(qemuDriver *driver, virDomainObj *obj, const virDomainDef *live,
                  bool incoming)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *monPath = qemuDomainMonitorPath(driver, live->name);
    g_autofree char *logPath = qemuDomainLogPath(driver, live->name);
    g_auto(GStrv) argv = NULL;
    unsigned int savedCounter = priv->nodeCounter;
    off_t logStart = 0;
    int monFD = -1, logFD = -1, clientFD = -1;
    pid_t pid;

    argv = qemuBuildCommandLine(obj, live, incoming);
    if ((monFD = qemuProcessListen(monPath)) < 0 ||
        (clientFD = qemuProcessConnect(monPath)) < 0 ||
        (logFD = qemuProcessOpenLog(logPath, argv, &logStart)) < 0)
        goto error;
    /* The connection waits in the backlog until QEMU accepts it, so it
     * is there even if QEMU dies at once: then the monitor sees EOF. */
    pid = qemuProcessSpawn(argv, logFD, monFD);
    close(logFD);
    logFD = -1;
    /* QEMU has the listening socket now; ours would keep it alive. */
    close(monFD);
    monFD = -1;
    if (pid < 0)
        goto error;
    priv->pid = pid;
    priv->ownChild = true;

    priv->mon = qemuMonitorOpenFD(clientFD, QEMU_START_TIMEOUT, qemuDomainMonitorEvent, priv);
    clientFD = -1;
    if (!priv->mon) {
        g_autofree char *tail = NULL;

        qemuProcessKill(pid, true);
        tail = qemuProcessLogTail(logPath, logStart);
        /* A timeout says so; anything else means QEMU went away. */
        if (virGetLastErrorCode() != VIR_ERR_OPERATION_TIMEOUT) {
            virResetLastError();
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "QEMU unexpectedly closed the monitor: %s",
                           *tail ? tail : "(QEMU printed nothing)");
        }
        priv->pid = 0;
        goto error;
    }
    return 0;

 error:
    priv->nodeCounter = savedCounter;
    if (monFD >= 0)
        close(monFD);
    if (clientFD >= 0)
        close(clientFD);
    if (logFD >= 0)
        close(logFD);
    unlink(monPath);
    return -1;
}


int
qemuProcessStart(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                 virDomainDef *def, const qemuProcessStartOpts *opts)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    virDomainDef *persistent = virDomainObjPersistentDef(obj);
    g_autoptr(virDomainDef) live = NULL;

    if (!(live = qemuProcessPrepareDef(def ? def : persistent)) ||
        qemuProcessLaunch(driver, obj, live, opts->incomingFD >= 0) < 0)
        return -1;

    if (opts->incomingFD >= 0 && qemuProcessMigrateFD(obj, opts->incomingFD, true) < 0)
        goto error;
    if (!opts->paused && qemuMonitorCommand(priv->mon, "cont", NULL, NULL) < 0)
        goto error;

    virDomainObjSetDefs(obj, g_steal_pointer(&live),
                        obj->persistent ? virDomainDefRef(persistent) : NULL);
    obj->id = virDomainObjListNextID(driver->domains);
    if (handle)
        handle->id = obj->id;
    if (opts->paused)
        virDomainObjSetState(obj, VIR_DOMAIN_PAUSED, opts->reason);
    else
        virDomainObjSetState(obj, VIR_DOMAIN_RUNNING, opts->reason);
    if (qemuDomainSaveStatus(driver, obj) < 0) {
        /* Without a status file a later process could not find it. */
        qemuProcessStop(driver, obj, handle, VIR_DOMAIN_SHUTOFF_FAILED);
        return -1;
    }
    return 0;

 error:
    qemuMonitorClose(g_steal_pointer(&priv->mon));
    qemuProcessKill(priv->pid, priv->ownChild);
    priv->pid = 0;
    return -1;
}


/* ---- saved state (migration to and from a file) ---- */

int
qemuProcessMigrateFD(virDomainObj *obj, int fd, bool incoming)
{
    qemuMonitor *mon = qemuDomainPriv(obj)->mon;
    const char *fdname = incoming ? "snapvirt-in" : "snapvirt-out";
    g_autofree char *uri = g_strdup_printf("fd:%s", fdname);
    json_object *caps = json_object_new_array();
    json_object *cap = qemuMonitorArgs("s:capability", "events", "b:state", true, NULL);

    json_object_array_add(caps, cap);
    if (qemuMonitorCommand(mon, "migrate-set-capabilities",
                           qemuMonitorArgs("a:capabilities", caps, NULL), NULL) < 0 ||
        qemuMonitorCommandWithFD(mon, "getfd", qemuMonitorArgs("s:fdname", fdname, NULL),
                                 fd, NULL) < 0)
        return -1;
    qemuMonitorEventMark(mon, "MIGRATION");
    if (qemuMonitorCommand(mon, incoming ? "migrate-incoming" : "migrate",
                           qemuMonitorArgs("s:uri", uri, NULL), NULL) < 0)
        return -1;
    for (;;) {
        g_autoptr(json_object) ev = qemuMonitorWaitEvent(mon, "MIGRATION",
                                                         QEMU_MIGRATE_TIMEOUT);
        const char *status;

        if (!ev)
            return -1;
        status = json_object_get_string(json_object_object_get(ev, "status"));
        if (STREQ_NULLABLE(status, "completed"))
            return 0;
        if (STREQ_NULLABLE(status, "failed") || STREQ_NULLABLE(status, "cancelled")) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s of the memory state %s",
                           incoming ? "loading" : "saving", status);
            return -1;
        }
    }
}


/* ---- stopping ---- */

void
qemuProcessStopped(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                   int reason)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *monPath = qemuDomainMonitorPath(driver, obj->def->name);

    qemuMonitorClose(g_steal_pointer(&priv->mon));
    /* Gone already, or going: reap it (or end it if it hangs on). */
    qemuProcessKill(priv->pid, priv->ownChild);
    priv->pid = 0;
    priv->ownChild = false;
    g_mutex_lock(&priv->eventLock);
    g_queue_clear_full(&priv->events, g_free);
    priv->guestShutdown = false;
    g_mutex_unlock(&priv->eventLock);
    qemuDomainRemoveStatus(driver, obj);
    unlink(monPath);
    virDomainObjSetShutoff(obj, handle, reason);
}


void
qemuProcessStop(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle, int reason)
{
    qemuProcessStopped(driver, obj, handle, reason);
}


/* ---- re-attaching ---- */

/* True if process @pid runs with @uuid on its command line. */
static bool
qemuProcessIsDomains(pid_t pid, const unsigned char *uuid)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/cmdline", (long long)pid);
    g_autofree char *cmdline = NULL;
    gsize len;
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (pid <= 0 || !g_file_get_contents(path, &cmdline, &len, NULL))
        return false;
    virUUIDFormat(uuid, uuidstr);
    for (gsize off = 0; off < len; off += strlen(cmdline + off) + 1) {
        if (STREQ(cmdline + off, uuidstr))
            return true;
    }
    return false;
}


int
qemuProcessReattach(qemuDriver *driver, virDomainObj *obj, virDomainDef *live,
                    const qemuProcessStatus *status)
{
    g_autoptr(virDomainDef) def = live;
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *monPath = qemuDomainMonitorPath(driver, def->name);
    g_autoptr(json_object) st = NULL;
    const char *run;

    if (!qemuProcessIsDomains(status->pid, def->uuid)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "QEMU process %lld of domain '%s' is gone",
                       (long long)status->pid, def->name);
        return -1;
    }
    if (!(priv->mon = qemuMonitorOpen(monPath, QEMU_START_TIMEOUT,
                                      qemuDomainMonitorEvent, priv)))
        return -1;
    if (qemuMonitorCommand(priv->mon, "query-status", NULL, &st) < 0) {
        qemuMonitorClose(g_steal_pointer(&priv->mon));
        return -1;
    }
    run = json_object_get_string(json_object_object_get(st, "status"));

    priv->pid = status->pid;
    priv->ownChild = false;
    priv->nodeCounter = status->nodes;
    virDomainObjSetDefs(obj, g_steal_pointer(&def),
                        obj->persistent ? virDomainDefRef(obj->def) : NULL);
    obj->id = status->id;
    virDomainObjListReserveID(driver->domains, obj->id);
    if (STREQ_NULLABLE(run, "running"))
        virDomainObjSetState(obj, VIR_DOMAIN_RUNNING,
                             status->state == VIR_DOMAIN_RUNNING ? status->reason :
                             VIR_DOMAIN_RUNNING_UNPAUSED);
    else
        virDomainObjSetState(obj, VIR_DOMAIN_PAUSED,
                             status->state == VIR_DOMAIN_PAUSED ? status->reason :
                             VIR_DOMAIN_PAUSED_UNKNOWN);
    VIR_INFO("re-attached to QEMU %lld of domain '%s'", (long long)priv->pid,
             obj->def->name);
    return 0;
}
