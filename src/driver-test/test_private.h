/*
 * test_private.h: state shared by the test driver's files
 *
 * One testDriver holds a simulated host: domains, their snapshot trees
 * and the images their disks use.  Every driver entry point takes the
 * driver lock for its whole duration, so the state is consistent for
 * each call and calls from many threads are serialised.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/domain_conf.h"
#include "conf/snapshot_conf.h"
#include "conf/moment_tree.h"
#include "conf/node_conf.h"
#include "conf/domain_obj.h"
#include "conf/snapshot_query.h"
#include "conf/domain_event.h"
#include "test_images.h"

typedef struct _testDriver testDriver;
struct _testDriver {
    gint refs;                /* connections, and job timers (atomic) */
    int conns;                /* connections (under testDefaultLock for
                               * the shared host) */
    bool closed;              /* no connection left: jobs stopped */
    GMutex lock;
    virNodeDef *node;         /* host description (domains moved out) */
    virDomainObjList *domains;
    testImages *images;
    virDomainEventState *events;
    GPtrArray *jobs;          /* testBlockJob *, owned */
    int lastJobId;
    GPtrArray *backups;       /* running backups (test_backup.c), owned */
};

testDriver *testDriverRef(testDriver *driver);
void testDriverUnref(void *driver);

/* Whether a disk chain of @def (may be NULL) uses the image @path. */
bool testDefMentions(const virDomainDef *def, const char *path);

/* Queues a lifecycle event of @obj. */
void testDomainEventLifecycle(testDriver *driver, virDomainObj *obj, int type,
                              int detail);

/* Locks / unlocks the driver of @conn. */
testDriver *testDriverLock(virConnectPtr conn);
void testDriverUnlock(testDriver *driver);

/* The domain of @dom, or NULL after reporting VIR_ERR_NO_DOMAIN. */
virDomainObj *testDomainFromHandle(testDriver *driver, virDomainPtr dom);
/* Starts @obj with a new id (also set on @handle if given). */
void testDomainObjStart(testDriver *driver, virDomainObj *obj,
                        virDomainPtr handle, int state, int reason);

/* Locks the driver and finds the domain of @dom, or unlocks and fails. */
virDomainObj *testDomainBegin(virDomainPtr dom, testDriver **driver);
/* Locks the driver and finds the snapshot of @snap, or unlocks and fails. */
virMoment *testSnapshotBegin(virDomainSnapshotPtr snap, testDriver **driver,
                             virDomainObj **obj);
/* The shared snapshot queries, with the test driver's locking. */
extern const virSnapshotQueryOps testSnapshotQueryOps;

extern virHypervisorDriver testHypervisorDriver;

/* Domain entry points (test_domain.c). */
virDomainPtr testDomainLookupByID(virConnectPtr conn, int id);
virDomainPtr testDomainLookupByName(virConnectPtr conn, const char *name);
virDomainPtr testDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid);
int testConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                              unsigned int flags);
int testConnectNumOfDomains(virConnectPtr conn);
int testConnectListDomains(virConnectPtr conn, int *ids, int maxids);
int testConnectNumOfDefinedDomains(virConnectPtr conn);
int testConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames);
virDomainPtr testDomainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                      unsigned int flags);
int testDomainUndefineFlags(virDomainPtr dom, unsigned int flags);
virDomainPtr testDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags);
int testDomainCreateWithFlags(virDomainPtr dom, unsigned int flags);
int testDomainDestroyFlags(virDomainPtr dom, unsigned int flags);
int testDomainSuspend(virDomainPtr dom);
int testDomainResume(virDomainPtr dom);
int testDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info);
int testDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *testDomainGetXMLDesc(virDomainPtr dom, unsigned int flags);
char *testDomainGetOSType(virDomainPtr dom);
unsigned long long testDomainGetMaxMemory(virDomainPtr dom);
int testDomainIsActive(virDomainPtr dom);
int testDomainIsPersistent(virDomainPtr dom);
int testDomainGetAutostart(virDomainPtr dom, int *autostart);
int testDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags);
int testDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel);

/* Snapshot entry points (test_snapshot.c and test_snapshot_ops.c). */
virDomainSnapshotPtr testDomainSnapshotCreateXML(virDomainPtr dom, const char *xml,
                                                 unsigned int flags);
int testDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags);

/* Block jobs (test_blockjob_ops.c, test_blockjob_ctl.c), backup
 * (test_backup.c) and test hooks (test_hooks.c). */
int testDomainBlockCommit(virDomainPtr dom, const char *disk, const char *base,
                          const char *top, unsigned long bandwidth, unsigned int flags);
int testDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                          unsigned long bandwidth, unsigned int flags);
int testDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                        virTypedParameterPtr params, int nparams, unsigned int flags);
int testDomainGetBlockJobInfo(virDomainPtr dom, const char *disk,
                              virDomainBlockJobInfoPtr info, unsigned int flags);
int testDomainBlockJobAbort(virDomainPtr dom, const char *disk, unsigned int flags);
int testDomainBlockJobSetSpeed(virDomainPtr dom, const char *disk,
                               unsigned long bandwidth, unsigned int flags);
int testDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                                 unsigned int flags);
