/*
 * qemu_conf.h: the QEMU driver's state and what its files share
 *
 * One qemuDriver serves one root directory (qemu:///embed?root=DIR); all
 * connections of a process to the same root share it.  Under the root:
 *
 *   etc/qemu/NAME.xml               persistent definitions
 *   run/qemu/NAME.xml               status of a running domain (pid, live
 *                                   definition, monitor), for re-attaching
 *   run/qemu/NAME.monitor           QMP socket
 *   run/qemu/driver.lock            held by the process using the root
 *   lib/qemu/snapshot/NAME/S.xml    snapshot metadata, one file each
 *   lib/qemu/snapshot/NAME/current  name of the current snapshot
 *   lib/qemu/snapshot/NAME/journal  an operation in progress (see
 *                                   qemu_snapshot_store.c)
 *   log/qemu/NAME.log               QEMU's output
 *
 * Locking: driver->lock protects the domain list; each domain's
 * obj->lock is held for the whole of an API call on it, monitor waits
 * included (the monitor's reader thread takes neither).  Order: driver
 * lock, then a domain lock, never the other way.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sys/types.h>

#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/domain_obj.h"
#include "conf/snapshot_conf.h"
#include "conf/snapshot_query.h"
#include "qemu_monitor.h"

typedef struct _qemuDriver qemuDriver;
struct _qemuDriver {
    gint refs;                 /* connections using it */
    char *root;
    char *configDir;
    char *stateDir;
    char *snapshotDir;
    char *logDir;
    int lockFD;                /* driver.lock, flock()ed */
    GMutex lock;               /* protects @domains */
    virDomainObjList *domains;
};

/* What the QEMU driver keeps per domain (obj->privateData). */
typedef struct _qemuDomainPrivate qemuDomainPrivate;
struct _qemuDomainPrivate {
    qemuDriver *driver;        /* borrowed */
    qemuMonitor *mon;          /* NULL while inactive */
    pid_t pid;                 /* 0 while inactive */
    bool ownChild;             /* started by this process: reap it */
    unsigned int nodeCounter;  /* for unique block node names */
    GHashTable *nodes;         /* image path -> QEMU format node name, as far
                                * as known (empty after re-attaching) */
    char *interrupted;         /* an unfinished snapshot operation found at
                                * open (journal text), NULL if none */

    GMutex eventLock;          /* protects the two fields below */
    GQueue events;             /* event names (new strings), "" for the end
                                * of the monitor */
    bool guestShutdown;        /* a SHUTDOWN event came before the end */
};

static inline qemuDomainPrivate *
qemuDomainPriv(virDomainObj *obj)
{
    return obj->privateData;
}

/* ---- driver state (qemu_conf.c) ---- */

/* The driver of @root, shared by the process's connections to it;
 * creates its directories, takes its lock and loads its domains. */
qemuDriver *qemuDriverOpen(const char *root);
/* Drops one connection's hold; the last one frees the driver (running
 * QEMUs keep running, for a later open to re-attach). */
void qemuDriverClose(qemuDriver *driver);

/* Paths of a domain's files (new strings). */
char *qemuDomainConfigPath(qemuDriver *driver, const char *name);
char *qemuDomainStatusPath(qemuDriver *driver, const char *name);
char *qemuDomainMonitorPath(qemuDriver *driver, const char *name);
char *qemuDomainLogPath(qemuDriver *driver, const char *name);
char *qemuDomainSnapshotDir(qemuDriver *driver, const char *name);

/* ---- domains (qemu_domain.c) ---- */

/* A new domain object with QEMU private data, added to the list. */
virDomainObj *qemuDomainObjAdd(qemuDriver *driver, virDomainDef *def, bool persistent);

/* Finds the domain of @dom and locks it for an API call, or reports
 * VIR_ERR_NO_DOMAIN; events that arrived since the last call are applied
 * first.  qemuDomainEnd() unlocks. */
virDomainObj *qemuDomainBegin(virDomainPtr dom);
/* The same, requiring an active domain (VIR_ERR_OPERATION_INVALID
 * "domain is not running" otherwise). */
virDomainObj *qemuDomainBeginActive(virDomainPtr dom);
void qemuDomainEnd(virDomainObj *obj);
/* Removes @obj from the driver's list (it must be locked). */
void qemuDomainRemove(qemuDriver *driver, virDomainObj *obj);

/* Writes the persistent definition of @obj (etc/qemu/NAME.xml). */
int qemuDomainSaveConfig(qemuDriver *driver, virDomainObj *obj);
/* Writes / removes the status file of an active domain. */
int qemuDomainSaveStatus(qemuDriver *driver, virDomainObj *obj);
void qemuDomainRemoveStatus(qemuDriver *driver, virDomainObj *obj);
/* Loads the persistent definitions and the status of running domains. */
int qemuDomainLoadAll(qemuDriver *driver);

/* The monitor's event callback (queues for qemuDomainBegin). */
void qemuDomainMonitorEvent(qemuMonitor *mon, const char *name, json_object *data,
                            void *opaque);
/* Drops queued run-state events (those an API call caused itself). */
void qemuDomainDiscardEvents(virDomainObj *obj);

/* A fresh block node name for @obj ("sv<N>"). */
char *qemuDomainNewNodeName(virDomainObj *obj);

/* ---- shared snapshot queries (qemu_domain.c) ---- */
extern const virSnapshotQueryOps qemuSnapshotQueryOps;
