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
#include "test_images.h"

typedef struct _testDomainObj testDomainObj;
struct _testDomainObj {
    virDomainDef *def;        /* live definition, or the persistent one
                               * when inactive (shared, immutable) */
    virDomainDef *newDef;     /* persistent definition to use after the
                               * domain stops, NULL if @def is it */
    int state;                /* virDomainState */
    int reason;
    int id;                   /* -1 while inactive */
    bool persistent;
    bool autostart;
    bool hasManagedSave;
    virMomentTree *snapshots; /* payloads: virDomainSnapshotDef */
};

typedef struct _testDriver testDriver;
struct _testDriver {
    gint refs;                /* connections using this state */
    GMutex lock;
    virNodeDef *node;         /* host description (domains moved out) */
    GPtrArray *domains;       /* testDomainObj *, definition order */
    int nextId;
    testImages *images;
};

/* Locks / unlocks the driver of @conn. */
testDriver *testDriverLock(virConnectPtr conn);
void testDriverUnlock(testDriver *driver);

/* The domain of @dom, or NULL after reporting VIR_ERR_NO_DOMAIN. */
testDomainObj *testDomainFromHandle(testDriver *driver, virDomainPtr dom);
/* The persistent definition (newDef, else def). */
virDomainDef *testDomainObjPersistentDef(testDomainObj *obj);
bool testDomainObjIsActive(const testDomainObj *obj);
/* State changes that keep id and the handle in step. */
void testDomainObjStart(testDriver *driver, testDomainObj *obj,
                     virDomainPtr handle, int state, int reason);
void testDomainObjShutoff(testDriver *driver, testDomainObj *obj,
                       virDomainPtr handle, int reason);
/* Installs new definitions, taking over the references passed. */
void testDomainObjSetDefs(testDomainObj *obj, virDomainDef *live, virDomainDef *persistent);
void testDomainObjFree(testDomainObj *obj);

/* Locks the driver and finds the domain of @dom, or unlocks and fails. */
testDomainObj *testDomainBegin(virDomainPtr dom, testDriver **driver);
/* Locks the driver and finds the snapshot of @snap, or unlocks and fails. */
virMoment *testSnapshotBegin(virDomainSnapshotPtr snap, testDriver **driver,
                             testDomainObj **obj);
/* The snapshot @name of @obj, or NULL after VIR_ERR_NO_DOMAIN_SNAPSHOT. */
virMoment *testSnapshotLookup(testDomainObj *obj, const char *name);

/* Snapshot tree of a fixture domain: builds the hierarchy and current. */
int testSnapshotsLoad(testDomainObj *obj, GPtrArray *snapshots, const char *domname);

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

/* Snapshot entry points (test_snapshot.c). */
virDomainSnapshotPtr testDomainSnapshotCreateXML(virDomainPtr dom, const char *xml,
                                                 unsigned int flags);
char *testDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainSnapshotNum(virDomainPtr dom, unsigned int flags);
int testDomainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                                unsigned int flags);
int testDomainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                               unsigned int flags);
int testDomainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names,
                                        int nameslen, unsigned int flags);
int testDomainSnapshotListAllChildren(virDomainSnapshotPtr snap,
                                      virDomainSnapshotPtr **snaps,
                                      unsigned int flags);
virDomainSnapshotPtr testDomainSnapshotLookupByName(virDomainPtr dom, const char *name,
                                                    unsigned int flags);
int testDomainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags);
virDomainSnapshotPtr testDomainSnapshotCurrent(virDomainPtr dom, unsigned int flags);
virDomainSnapshotPtr testDomainSnapshotGetParent(virDomainSnapshotPtr snap,
                                                 unsigned int flags);
int testDomainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags);
int testDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags);
