/*
 * qemu_monitor.h: a QMP client
 *
 * One monitor talks to one QEMU over a UNIX socket.  A thread of its own
 * reads the socket, so replies, job state changes and events are taken in
 * while a command is in flight, and the end of QEMU (end of file) or
 * garbage on the wire is noticed even when nobody is talking.  Commands
 * are matched to replies by id; each waits at most the monitor's timeout.
 *
 * The reader thread never takes a lock of the driver: it calls the event
 * callback with nothing held, and the callback must not block on the
 * domain either (the QEMU driver queues what it needs and applies it under
 * its own locks).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-c/json.h>

#include "internal.h"

typedef struct _qemuMonitor qemuMonitor;

/* json_put as a destroy function, and g_autoptr(json_object). */
static inline void
qemuJSONFree(void *obj)
{
    json_object_put(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, qemuJSONFree)

/* An event from QEMU (@name, with @data, which may be NULL), or with
 * @name NULL, the end of the monitor (QEMU exited, or sent garbage); then
 * @data is NULL and qemuMonitorClosedReason() says why.  Called from the
 * reader thread. */
typedef void (*qemuMonitorEventFunc)(qemuMonitor *mon, const char *name,
                                     json_object *data, void *opaque);

/* Takes over @fd (a connected stream socket), waits up to @timeoutMs for
 * QEMU's greeting, and negotiates capabilities.  Reports
 * VIR_ERR_OPERATION_FAILED (or VIR_ERR_OPERATION_TIMEOUT) and closes @fd
 * on failure. */
qemuMonitor *qemuMonitorOpenFD(int fd, int timeoutMs,
                               qemuMonitorEventFunc cb, void *opaque);
/* Connects to the socket at @path and opens the monitor on it. */
qemuMonitor *qemuMonitorOpen(const char *path, int timeoutMs,
                             qemuMonitorEventFunc cb, void *opaque);
/* Stops the reader thread and closes the socket.  After it returns the
 * callback is not called again.  Accepts NULL. */
void qemuMonitorClose(qemuMonitor *mon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuMonitor, qemuMonitorClose)

/* How long a command waits for its reply (milliseconds; default 30 s). */
void qemuMonitorSetTimeout(qemuMonitor *mon, int timeoutMs);
/* Why the monitor is closed (NULL while open). */
const char *qemuMonitorClosedReason(qemuMonitor *mon);
/* QEMU's version from the greeting, as major * 1000000 + minor * 1000 + micro. */
unsigned long qemuMonitorVersion(qemuMonitor *mon);

/* Runs @cmd with @args (a JSON object, taken over; NULL for none) and
 * stores the "return" value in *ret (a new reference; ret may be NULL).
 * An "error" reply is reported as VIR_ERR_INTERNAL_ERROR "unable to
 * execute QEMU command 'CMD': DESC"; a closed monitor as
 * VIR_ERR_OPERATION_FAILED; no reply in time as VIR_ERR_OPERATION_TIMEOUT. */
int qemuMonitorCommand(qemuMonitor *mon, const char *cmd, json_object *args,
                       json_object **ret);
/* The same, passing @fd along with the command (SCM_RIGHTS), for
 * "getfd" and "add-fd". */
int qemuMonitorCommandWithFD(qemuMonitor *mon, const char *cmd, json_object *args,
                             int fd, json_object **ret);

/* Builds an argument object from key/value pairs ending with NULL.  Each
 * key starts with a type letter: "s:" string, "S:" string or skipped if
 * NULL, "i:" int, "I:" long long, "U:" unsigned long long, "b:" bool,
 * "a:" a json_object taken over, "A:" the same, skipped if NULL. */
json_object *qemuMonitorArgs(const char *key, ...) G_GNUC_NULL_TERMINATED;

/* Jobs (blockdev-create, snapshot-save, block-commit ...): starts one
 * with @cmd/@args whose "job-id" is @jobId, waits up to @timeoutMs for it
 * to conclude, reads its error if any and dismisses it.  A failed job is
 * reported as VIR_ERR_OPERATION_FAILED "QEMU job 'ID' failed: ERROR".
 * A job that becomes ready (an active commit) is completed at once. */
int qemuMonitorRunJob(qemuMonitor *mon, const char *cmd, json_object *args,
                      const char *jobId, int timeoutMs);
/* Waits up to @timeoutMs for job @jobId to reach one of the states in
 * @states (NULL-terminated).  Returns the state reached (static string
 * from @states) or NULL after reporting a timeout or a closed monitor. */
const char *qemuMonitorWaitJob(qemuMonitor *mon, const char *jobId,
                               const char *const *states, int timeoutMs);
/* Forgets the announced state of @jobId. */
void qemuMonitorForgetJob(qemuMonitor *mon, const char *jobId);

/* Waits up to @timeoutMs for the next event named @name received after
 * the last call of qemuMonitorEventMark(); returns its data (new
 * reference, or an empty object) or NULL after reporting. */
void qemuMonitorEventMark(qemuMonitor *mon, const char *name);
json_object *qemuMonitorWaitEvent(qemuMonitor *mon, const char *name, int timeoutMs);
