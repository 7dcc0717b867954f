/*
 * qemu_monitor.c: a QMP client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib-unix.h>

#include "qemu_monitor.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_monitor");

#define QEMU_MONITOR_DEFAULT_TIMEOUT 30000   /* ms */
/* Nesting QEMU may send: query-block nests one level per backing layer. */
#define QEMU_MONITOR_JSON_DEPTH 4096

struct _qemuMonitor {
    int fd;
    int wakeup[2];              /* closing writes here to stop the reader */
    GThread *reader;
    qemuMonitorEventFunc cb;
    void *opaque;
    int timeout;                /* ms per command */

    GMutex writeLock;           /* one command on the wire at a time */

    GMutex lock;                /* protects everything below */
    GCond cond;                 /* broadcast on every change below */
    json_object *greeting;
    char *closed;               /* why the monitor ended, NULL while open */
    unsigned long long serial;
    GHashTable *replies;        /* id -> reply (NULL until it arrives) */
    GHashTable *jobs;           /* job id -> last announced status */
    char *awaited;              /* event name qemuMonitorWaitEvent wants */
    GQueue awaitedEvents;       /* data of those events, oldest first */
};


/* ---- the reader thread ---- */

/* Marks the monitor closed for @reason (the first reason wins). */
static void
qemuMonitorSetClosed(qemuMonitor *mon, char *reason)
{
    g_mutex_lock(&mon->lock);
    if (!mon->closed) {
        VIR_DEBUG("monitor %p closed: %s", mon, reason);
        mon->closed = reason;
        reason = NULL;
    }
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);
    g_free(reason);
}


static void
qemuMonitorDispatchEvent(qemuMonitor *mon, json_object *msg, const char *name)
{
    json_object *data = json_object_object_get(msg, "data");

    g_mutex_lock(&mon->lock);
    if (STREQ(name, "JOB_STATUS_CHANGE")) {
        const char *id = json_object_get_string(json_object_object_get(data, "id"));
        const char *status = json_object_get_string(json_object_object_get(data, "status"));

        if (id && status)
            g_hash_table_insert(mon->jobs, g_strdup(id), g_strdup(status));
    }
    if (mon->awaited && STREQ(mon->awaited, name))
        g_queue_push_tail(&mon->awaitedEvents,
                          data ? json_object_get(data) : json_object_new_object());
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);

    if (mon->cb)
        mon->cb(mon, name, data, mon->opaque);
}


static void
qemuMonitorDispatch(qemuMonitor *mon, json_object *msg)
{
    json_object *val;

    if (!json_object_is_type(msg, json_type_object)) {
        VIR_WARN("ignoring a QMP message that is not an object");
        return;
    }
    if (json_object_object_get_ex(msg, "event", &val)) {
        qemuMonitorDispatchEvent(mon, msg, json_object_get_string(val));
        return;
    }
    if (json_object_object_get_ex(msg, "QMP", &val)) {
        g_mutex_lock(&mon->lock);
        if (!mon->greeting)
            mon->greeting = json_object_get(msg);
        g_cond_broadcast(&mon->cond);
        g_mutex_unlock(&mon->lock);
        return;
    }
    if (json_object_object_get_ex(msg, "id", &val)) {
        const char *id = json_object_get_string(val);
        gpointer key;

        g_mutex_lock(&mon->lock);
        /* A reply nobody waits for any more (timed out) is dropped. */
        if (id && g_hash_table_lookup_extended(mon->replies, id, &key, NULL))
            g_hash_table_insert(mon->replies, g_strdup(id), json_object_get(msg));
        g_cond_broadcast(&mon->cond);
        g_mutex_unlock(&mon->lock);
        return;
    }
    VIR_WARN("unexpected QMP message: %s", json_object_to_json_string(msg));
}


/* Parses what was read; false (and the monitor closed) on garbage. */
static bool
qemuMonitorParse(qemuMonitor *mon, json_tokener *tok, const char *buf, size_t len)
{
    while (len > 0) {
        json_object *msg = json_tokener_parse_ex(tok, buf, len);
        enum json_tokener_error err = json_tokener_get_error(tok);
        size_t used;

        if (!msg && err == json_tokener_continue)
            return true;
        if (!msg) {
            qemuMonitorSetClosed(mon, g_strdup_printf("invalid JSON from QEMU monitor: %s",
                                                      json_tokener_error_desc(err)));
            return false;
        }
        used = json_tokener_get_parse_end(tok);
        qemuMonitorDispatch(mon, msg);
        json_object_put(msg);
        json_tokener_reset(tok);
        buf += used;
        len -= used;
        /* What separates messages is whitespace the tokener would wait on. */
        while (len > 0 && g_ascii_isspace(*buf)) {
            buf++;
            len--;
        }
    }
    return true;
}


static gpointer
qemuMonitorReader(gpointer opaque)
{
    qemuMonitor *mon = opaque;
    json_tokener *tok = json_tokener_new_ex(QEMU_MONITOR_JSON_DEPTH);
    bool byDriver = false;
    char buf[65536];

    for (;;) {
        struct pollfd fds[2] = {
            { .fd = mon->fd, .events = POLLIN },
            { .fd = mon->wakeup[0], .events = POLLIN },
        };
        ssize_t n;

        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            qemuMonitorSetClosed(mon, g_strdup_printf("cannot poll QEMU monitor: %s",
                                                      g_strerror(errno)));
            break;
        }
        if (fds[1].revents) {
            qemuMonitorSetClosed(mon, g_strdup("QEMU monitor closed by the driver"));
            byDriver = true;
            break;
        }
        n = read(mon->fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0) {
            qemuMonitorSetClosed(mon, g_strdup_printf("cannot read from QEMU monitor: %s",
                                                      g_strerror(errno)));
            break;
        }
        if (n == 0) {
            qemuMonitorSetClosed(mon, g_strdup("end of file from QEMU monitor"));
            break;
        }
        if (!qemuMonitorParse(mon, tok, buf, n))
            break;
    }
    json_tokener_free(tok);
    /* Tell the driver, unless it is the driver that closed us. */
    if (mon->cb && !byDriver)
        mon->cb(mon, NULL, NULL, mon->opaque);
    return NULL;
}


/* ---- open and close ---- */

static void
qemuMonitorReportClosed(qemuMonitor *mon, const char *what)
{
    virReportError(VIR_ERR_OPERATION_FAILED, "%s: %s", what, mon->closed);
}


/* Waits on the condition until @deadline (monotonic µs); false on timeout.
 * Called with the lock held. */
static bool
qemuMonitorWaitUntil(qemuMonitor *mon, gint64 deadline)
{
    return g_cond_wait_until(&mon->cond, &mon->lock, deadline) ||
           g_get_monotonic_time() < deadline;
}


qemuMonitor *
qemuMonitorOpenFD(int fd, int timeoutMs, qemuMonitorEventFunc cb, void *opaque)
{
    qemuMonitor *mon = g_new0(qemuMonitor, 1);
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    mon->fd = fd;
    mon->cb = cb;
    mon->opaque = opaque;
    mon->timeout = QEMU_MONITOR_DEFAULT_TIMEOUT;
    g_mutex_init(&mon->lock);
    g_mutex_init(&mon->writeLock);
    g_cond_init(&mon->cond);
    g_queue_init(&mon->awaitedEvents);
    mon->replies = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         qemuJSONFree);
    mon->jobs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!g_unix_open_pipe(mon->wakeup, FD_CLOEXEC, NULL)) {
        virReportSystemError(errno, "%s", "cannot create a pipe for the QEMU monitor");
        mon->wakeup[0] = mon->wakeup[1] = -1;
        qemuMonitorClose(mon);
        return NULL;
    }
    mon->reader = g_thread_new("qemu-monitor", qemuMonitorReader, mon);

    g_mutex_lock(&mon->lock);
    while (!mon->greeting && !mon->closed) {
        if (!qemuMonitorWaitUntil(mon, deadline))
            break;
    }
    g_mutex_unlock(&mon->lock);
    if (!mon->greeting) {
        if (mon->closed)
            qemuMonitorReportClosed(mon, "no greeting from QEMU");
        else
            virReportError(VIR_ERR_OPERATION_TIMEOUT, "%s",
                           "timed out waiting for the QEMU monitor greeting");
        qemuMonitorClose(mon);
        return NULL;
    }
    if (qemuMonitorCommand(mon, "qmp_capabilities", NULL, NULL) < 0) {
        qemuMonitorClose(mon);
        return NULL;
    }
    return mon;
}


qemuMonitor *
qemuMonitorOpen(const char *path, int timeoutMs, qemuMonitorEventFunc cb, void *opaque)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "monitor socket path '%s' is too long", path);
        return NULL;
    }
    strcpy(addr.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        virReportSystemError(errno, "%s", "cannot create a socket");
        return NULL;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        virReportSystemError(errno, "cannot connect to QEMU monitor at '%s'", path);
        close(fd);
        return NULL;
    }
    return qemuMonitorOpenFD(fd, timeoutMs, cb, opaque);
}


void
qemuMonitorClose(qemuMonitor *mon)
{
    if (!mon)
        return;
    if (mon->reader) {
        if (write(mon->wakeup[1], "x", 1) < 0)
            VIR_WARN("cannot wake the QEMU monitor reader: %s", g_strerror(errno));
        g_thread_join(mon->reader);
    }
    if (mon->wakeup[0] >= 0) {
        close(mon->wakeup[0]);
        close(mon->wakeup[1]);
    }
    close(mon->fd);
    g_queue_clear_full(&mon->awaitedEvents, qemuJSONFree);
    g_hash_table_unref(mon->replies);
    g_hash_table_unref(mon->jobs);
    json_object_put(mon->greeting);
    g_free(mon->awaited);
    g_free(mon->closed);
    g_cond_clear(&mon->cond);
    g_mutex_clear(&mon->lock);
    g_mutex_clear(&mon->writeLock);
    g_free(mon);
}


void
qemuMonitorSetTimeout(qemuMonitor *mon, int timeoutMs)
{
    mon->timeout = timeoutMs;
}


const char *
qemuMonitorClosedReason(qemuMonitor *mon)
{
    const char *ret;

    g_mutex_lock(&mon->lock);
    ret = mon->closed;
    g_mutex_unlock(&mon->lock);
    return ret;
}


unsigned long
qemuMonitorVersion(qemuMonitor *mon)
{
    json_object *ver = NULL;

    json_object_object_get_ex(mon->greeting, "QMP", &ver);
    json_object_object_get_ex(ver, "version", &ver);
    json_object_object_get_ex(ver, "qemu", &ver);
    return json_object_get_int(json_object_object_get(ver, "major")) * 1000000UL +
           json_object_get_int(json_object_object_get(ver, "minor")) * 1000UL +
           json_object_get_int(json_object_object_get(ver, "micro"));
}


/* ---- commands ---- */

/* Writes all of @text, with @fd attached to the first byte if >= 0. */
static int
qemuMonitorWrite(qemuMonitor *mon, const char *text, size_t len, int fd)
{
    while (len > 0) {
        struct iovec iov = { .iov_base = (void *)text, .iov_len = len };
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
        char control[CMSG_SPACE(sizeof(int))];
        ssize_t n;

        if (fd >= 0) {
            struct cmsghdr *cmsg;

            memset(control, 0, sizeof(control));
            msg.msg_control = control;
            msg.msg_controllen = sizeof(control);
            cmsg = CMSG_FIRSTHDR(&msg);
            cmsg->cmsg_level = SOL_SOCKET;
            cmsg->cmsg_type = SCM_RIGHTS;
            cmsg->cmsg_len = CMSG_LEN(sizeof(int));
            memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
        }
        n = sendmsg(mon->fd, &msg, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "%s", "cannot write to QEMU monitor");
            return -1;
        }
        text += n;
        len -= n;
        fd = -1;
    }
    return 0;
}


int
qemuMonitorCommandWithFD(qemuMonitor *mon, const char *cmd, json_object *args,
                         int fd, json_object **ret)
{
    g_autoptr(json_object) reply = NULL;
    json_object *msg = json_object_new_object();
    json_object *err, *val;
    g_autofree char *id = NULL;
    g_autofree char *text = NULL;
    gint64 deadline;
    int rc;

    g_mutex_lock(&mon->lock);
    id = g_strdup_printf("sv%llu", ++mon->serial);
    if (mon->closed) {
        g_mutex_unlock(&mon->lock);
        json_object_put(args);
        json_object_put(msg);
        qemuMonitorReportClosed(mon, "cannot send a command to QEMU");
        return -1;
    }
    g_hash_table_insert(mon->replies, g_strdup(id), NULL);
    g_mutex_unlock(&mon->lock);

    json_object_object_add(msg, "execute", json_object_new_string(cmd));
    if (args)
        json_object_object_add(msg, "arguments", args);
    json_object_object_add(msg, "id", json_object_new_string(id));
    text = g_strdup_printf("%s\n", json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN));
    json_object_put(msg);
    VIR_DEBUG("QMP send: %s", text);

    g_mutex_lock(&mon->writeLock);
    rc = qemuMonitorWrite(mon, text, strlen(text), fd);
    g_mutex_unlock(&mon->writeLock);

    deadline = g_get_monotonic_time() + (gint64)mon->timeout * 1000;
    g_mutex_lock(&mon->lock);
    while (rc == 0 && !(reply = g_hash_table_lookup(mon->replies, id)) && !mon->closed) {
        if (!qemuMonitorWaitUntil(mon, deadline))
            break;
    }
    if (reply)
        json_object_get(reply);
    g_hash_table_remove(mon->replies, id);
    g_mutex_unlock(&mon->lock);

    if (rc < 0)
        return -1;
    if (!reply) {
        if (mon->closed)
            qemuMonitorReportClosed(mon, "QEMU did not answer");
        else
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           "timed out waiting for QEMU to answer '%s'", cmd);
        return -1;
    }
    VIR_DEBUG("QMP reply: %s", json_object_to_json_string(reply));
    if (json_object_object_get_ex(reply, "error", &err)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "unable to execute QEMU command '%s': %s",
                       cmd, NULLSTR(json_object_get_string(json_object_object_get(err, "desc"))));
        return -1;
    }
    if (!json_object_object_get_ex(reply, "return", &val)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "QEMU answered '%s' with neither a return nor an error", cmd);
        return -1;
    }
    if (ret)
        *ret = json_object_get(val);
    return 0;
}


int
qemuMonitorCommand(qemuMonitor *mon, const char *cmd, json_object *args, json_object **ret)
{
    return qemuMonitorCommandWithFD(mon, cmd, args, -1, ret);
}


json_object *
qemuMonitorArgs(const char *key, ...)
{
    json_object *obj = json_object_new_object();
    va_list ap;

    va_start(ap, key);
    for (; key; key = va_arg(ap, const char *)) {
        const char *name = key + 2;
        json_object *val = NULL;
        const char *s;

        g_assert(strlen(key) > 2 && key[1] == ':');
        switch (key[0]) {
        case 's':
        case 'S':
            s = va_arg(ap, const char *);
            g_assert(s || key[0] == 'S');
            val = s ? json_object_new_string(s) : NULL;
            break;
        case 'i':
            val = json_object_new_int(va_arg(ap, int));
            break;
        case 'I':
            val = json_object_new_int64(va_arg(ap, long long));
            break;
        case 'U':
            val = json_object_new_uint64(va_arg(ap, unsigned long long));
            break;
        case 'b':
            val = json_object_new_boolean(va_arg(ap, int));
            break;
        case 'a':
        case 'A':
            val = va_arg(ap, json_object *);
            g_assert(val || key[0] == 'A');
            break;
        default:
            g_assert_not_reached();
        }
        if (val)
            json_object_object_add(obj, name, val);
    }
    va_end(ap);
    return obj;
}


/* ---- jobs and events ---- */

const char *
qemuMonitorWaitJob(qemuMonitor *mon, const char *jobId, const char *const *states,
                   int timeoutMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;
    const char *reached = NULL;

    g_mutex_lock(&mon->lock);
    for (;;) {
        const char *status = g_hash_table_lookup(mon->jobs, jobId);

        for (size_t i = 0; status && states[i] && !reached; i++) {
            if (STREQ(status, states[i]))
                reached = states[i];
        }
        if (reached || mon->closed || !qemuMonitorWaitUntil(mon, deadline))
            break;
    }
    g_mutex_unlock(&mon->lock);
    if (!reached) {
        if (mon->closed)
            qemuMonitorReportClosed(mon, "QEMU ended during a job");
        else
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           "timed out waiting for QEMU job '%s'", jobId);
    }
    return reached;
}


void
qemuMonitorForgetJob(qemuMonitor *mon, const char *jobId)
{
    g_mutex_lock(&mon->lock);
    g_hash_table_remove(mon->jobs, jobId);
    g_mutex_unlock(&mon->lock);
}


/* The error of concluded job @jobId from query-jobs (new string), or NULL. */
static char *
qemuMonitorJobError(qemuMonitor *mon, const char *jobId)
{
    g_autoptr(json_object) jobs = NULL;

    if (qemuMonitorCommand(mon, "query-jobs", NULL, &jobs) < 0)
        return g_strdup(virGetLastErrorMessage());
    for (size_t i = 0; i < json_object_array_length(jobs); i++) {
        json_object *job = json_object_array_get_idx(jobs, i);
        json_object *err;

        if (STRNEQ_NULLABLE(json_object_get_string(json_object_object_get(job, "id")), jobId))
            continue;
        if (json_object_object_get_ex(job, "error", &err))
            return g_strdup(json_object_get_string(err));
    }
    return NULL;
}


int
qemuMonitorRunJob(qemuMonitor *mon, const char *cmd, json_object *args,
                  const char *jobId, int timeoutMs)
{
    static const char *const settled[] = { "concluded", "null", "ready", NULL };
    static const char *const done[] = { "concluded", "null", NULL };
    g_autofree char *error = NULL;
    const char *state;

    qemuMonitorForgetJob(mon, jobId);
    if (qemuMonitorCommand(mon, cmd, args, NULL) < 0)
        return -1;
    if (!(state = qemuMonitorWaitJob(mon, jobId, settled, timeoutMs)))
        return -1;
    /* A two-phase job (active commit) waits to be told to finish. */
    if (STREQ(state, "ready")) {
        if (qemuMonitorCommand(mon, "job-complete",
                               qemuMonitorArgs("s:id", jobId, NULL), NULL) < 0 ||
            !(state = qemuMonitorWaitJob(mon, jobId, done, timeoutMs)))
            return -1;
    }
    if (STREQ(state, "concluded")) {
        error = qemuMonitorJobError(mon, jobId);
        if (qemuMonitorCommand(mon, "job-dismiss",
                               qemuMonitorArgs("s:id", jobId, NULL), NULL) < 0)
            return -1;
    }
    qemuMonitorForgetJob(mon, jobId);
    if (error) {
        virReportError(VIR_ERR_OPERATION_FAILED, "QEMU job '%s' failed: %s", jobId, error);
        return -1;
    }
    return 0;
}


void
qemuMonitorEventMark(qemuMonitor *mon, const char *name)
{
    g_mutex_lock(&mon->lock);
    g_free(mon->awaited);
    mon->awaited = g_strdup(name);
    g_queue_clear_full(&mon->awaitedEvents, qemuJSONFree);
    g_mutex_unlock(&mon->lock);
}


json_object *
qemuMonitorWaitEvent(qemuMonitor *mon, const char *name, int timeoutMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;
    json_object *data = NULL;

    g_mutex_lock(&mon->lock);
    g_assert(STREQ_NULLABLE(mon->awaited, name));
    while (!(data = g_queue_pop_head(&mon->awaitedEvents)) && !mon->closed) {
        if (!qemuMonitorWaitUntil(mon, deadline))
            break;
    }
    g_mutex_unlock(&mon->lock);
    if (!data) {
        if (mon->closed)
            qemuMonitorReportClosed(mon, "QEMU ended before an awaited event");
        else
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           "timed out waiting for QEMU event %s", name);
    }
    return data;
}
