/*
 * driver.h: the driver table and the registry of drivers
 *
 * A hypervisor driver is a table of function pointers, one per public
 * operation; a NULL entry means "not supported" and the public layer
 * reports VIR_ERR_NO_SUPPORT for it.  Arguments reaching a driver have
 * been checked by the public layer (valid handles, non-NULL pointers,
 * known flags, write access); a driver checks only what is its own
 * business (state, existence, its subset of flags).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"

typedef enum {
    VIR_DRV_OPEN_SUCCESS = 0,
    VIR_DRV_OPEN_ERROR = -1,     /* the driver owns the URI and failed */
    VIR_DRV_OPEN_DECLINED = -2,  /* not this driver's URI */
} virDrvOpenStatus;

struct _virHypervisorDriver {
    const char *name;
    int errorDomain;   /* virErrorDomain of the driver's own errors, e.g.
                        * of unsupported flags (checked for it in the
                        * public layer, in the driver in libvirt) */
    bool remote;       /* a daemon's driver checks the flags (the remote
                        * driver sends them on, as libvirt's client does) */

    /* connections */
    virDrvOpenStatus (*connectOpen)(virConnectPtr conn, virConnectAuthPtr auth,
                                    unsigned int flags);
    int (*connectClose)(virConnectPtr conn);
    const char *(*connectGetType)(virConnectPtr conn);
    int (*connectGetVersion)(virConnectPtr conn, unsigned long *hvVer);
    /* NULL: the library's own version (an in-process driver's) */
    int (*connectGetLibVersion)(virConnectPtr conn, unsigned long *libVer);
    char *(*connectGetHostname)(virConnectPtr conn);
    int (*connectIsAlive)(virConnectPtr conn);
    int (*connectSetKeepAlive)(virConnectPtr conn, int interval, unsigned int count);
    int (*connectIsEncrypted)(virConnectPtr conn);
    int (*connectIsSecure)(virConnectPtr conn);
    int (*nodeGetSecurityModel)(virConnectPtr conn, virSecurityModelPtr secmodel);
    int (*connectListAllDomains)(virConnectPtr conn, virDomainPtr **domains,
                                 unsigned int flags);
    int (*connectNumOfDomains)(virConnectPtr conn);
    int (*connectListDomains)(virConnectPtr conn, int *ids, int maxids);
    int (*connectNumOfDefinedDomains)(virConnectPtr conn);
    int (*connectListDefinedDomains)(virConnectPtr conn, char **const names,
                                     int maxnames);

    /* domains */
    virDomainPtr (*domainLookupByID)(virConnectPtr conn, int id);
    virDomainPtr (*domainLookupByName)(virConnectPtr conn, const char *name);
    virDomainPtr (*domainLookupByUUID)(virConnectPtr conn,
                                       const unsigned char *uuid);
    virDomainPtr (*domainDefineXMLFlags)(virConnectPtr conn, const char *xml,
                                         unsigned int flags);
    int (*domainUndefineFlags)(virDomainPtr dom, unsigned int flags);
    virDomainPtr (*domainCreateXML)(virConnectPtr conn, const char *xml,
                                    unsigned int flags);
    int (*domainCreateWithFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainDestroyFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainSuspend)(virDomainPtr dom);
    int (*domainResume)(virDomainPtr dom);
    int (*domainGetInfo)(virDomainPtr dom, virDomainInfoPtr info);
    int (*domainGetState)(virDomainPtr dom, int *state, int *reason,
                          unsigned int flags);
    char *(*domainGetXMLDesc)(virDomainPtr dom, unsigned int flags);
    char *(*domainGetOSType)(virDomainPtr dom);
    unsigned long long (*domainGetMaxMemory)(virDomainPtr dom);
    int (*domainIsActive)(virDomainPtr dom);
    int (*domainIsPersistent)(virDomainPtr dom);
    int (*domainGetAutostart)(virDomainPtr dom, int *autostart);
    int (*domainHasManagedSaveImage)(virDomainPtr dom, unsigned int flags);
    int (*domainGetSecurityLabel)(virDomainPtr dom, virSecurityLabelPtr seclabel);
    int (*domainQemuMonitorCommand)(virDomainPtr dom, const char *cmd, char **result,
                                    unsigned int flags);

    /* domain snapshots */
    virDomainSnapshotPtr (*domainSnapshotCreateXML)(virDomainPtr dom,
                                                    const char *xml,
                                                    unsigned int flags);
    char *(*domainSnapshotGetXMLDesc)(virDomainSnapshotPtr snap,
                                      unsigned int flags);
    int (*domainSnapshotNum)(virDomainPtr dom, unsigned int flags);
    int (*domainSnapshotListNames)(virDomainPtr dom, char **names,
                                   int nameslen, unsigned int flags);
    int (*domainListAllSnapshots)(virDomainPtr dom,
                                  virDomainSnapshotPtr **snaps,
                                  unsigned int flags);
    int (*domainSnapshotNumChildren)(virDomainSnapshotPtr snap,
                                     unsigned int flags);
    int (*domainSnapshotListChildrenNames)(virDomainSnapshotPtr snap,
                                           char **names, int nameslen,
                                           unsigned int flags);
    int (*domainSnapshotListAllChildren)(virDomainSnapshotPtr snap,
                                         virDomainSnapshotPtr **snaps,
                                         unsigned int flags);
    virDomainSnapshotPtr (*domainSnapshotLookupByName)(virDomainPtr dom,
                                                       const char *name,
                                                       unsigned int flags);
    int (*domainHasCurrentSnapshot)(virDomainPtr dom, unsigned int flags);
    virDomainSnapshotPtr (*domainSnapshotCurrent)(virDomainPtr dom,
                                                  unsigned int flags);
    virDomainSnapshotPtr (*domainSnapshotGetParent)(virDomainSnapshotPtr snap,
                                                    unsigned int flags);
    int (*domainSnapshotIsCurrent)(virDomainSnapshotPtr snap,
                                   unsigned int flags);
    int (*domainSnapshotHasMetadata)(virDomainSnapshotPtr snap,
                                     unsigned int flags);
    int (*domainRevertToSnapshot)(virDomainSnapshotPtr snap,
                                  unsigned int flags);
    int (*domainSnapshotDelete)(virDomainSnapshotPtr snap, unsigned int flags);

    /* block jobs (pull is a rebase without a base) and backup */
    int (*domainBlockCommit)(virDomainPtr dom, const char *disk, const char *base,
                             const char *top, unsigned long bandwidth,
                             unsigned int flags);
    int (*domainBlockRebase)(virDomainPtr dom, const char *disk, const char *base,
                             unsigned long bandwidth, unsigned int flags);
    int (*domainBlockCopy)(virDomainPtr dom, const char *disk, const char *destxml,
                           virTypedParameterPtr params, int nparams,
                           unsigned int flags);
    int (*domainGetBlockJobInfo)(virDomainPtr dom, const char *disk,
                                 virDomainBlockJobInfoPtr info, unsigned int flags);
    int (*domainBlockJobAbort)(virDomainPtr dom, const char *disk, unsigned int flags);
    int (*domainBlockJobSetSpeed)(virDomainPtr dom, const char *disk,
                                  unsigned long bandwidth, unsigned int flags);
    int (*domainBackupBegin)(virDomainPtr dom, const char *backupXML,
                             const char *checkpointXML, unsigned int flags);
    char *(*domainBackupGetXMLDesc)(virDomainPtr dom, unsigned int flags);

    /* events */
    int (*connectDomainEventRegisterAny)(virConnectPtr conn, virDomainPtr dom,
                                         int eventID,
                                         virConnectDomainEventGenericCallback cb,
                                         void *opaque, virFreeCallback freecb);
    int (*connectDomainEventDeregisterAny)(virConnectPtr conn, int callbackID);
};

/* A driver in the registry: the URI schemes it answers for. */
typedef struct _virConnectDriver virConnectDriver;
struct _virConnectDriver {
    const char *const *uriSchemes;   /* NULL-terminated */
    virHypervisorDriver *hypervisorDriver;
    virStorageDriver *storageDriver;   /* NULL: no storage */
};

/* Called once per driver at library initialisation. */
void virRegisterConnectDriver(const virConnectDriver *driver);
/* The registered drivers in registration order; sets *n. */
const virConnectDriver *const *virGetConnectDrivers(size_t *n);


/*
 * The storage driver of a connection: pools, volumes and volume
 * snapshots.  storageOpen runs after the hypervisor driver accepted the
 * connection (it may read conn->uri and conn->privateData) and sets
 * conn->storagePrivateData; storageClose runs before the hypervisor's
 * connectClose.  Arguments are checked as for the hypervisor table.
 */
/* The error domain src/storage reports its own errors in (not those of
 * the XML it parses): the API layer turns it into the connection's
 * storage driver's errorDomain (virAPIStorageResultInt), as libvirt's
 * test driver reports them as VIR_FROM_TEST and its storage driver as
 * VIR_FROM_STORAGE.  Never seen by a caller of the API. */
#define VIR_FROM_STORAGE_DRIVER 1000

struct _virStorageDriver {
    const char *name;
    int errorDomain;   /* what VIR_FROM_STORAGE_DRIVER errors become */
    int (*storageOpen)(virConnectPtr conn);
    void (*storageClose)(virConnectPtr conn);

    /* pools */
    int (*connectNumOfStoragePools)(virConnectPtr conn);
    int (*connectListStoragePools)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectNumOfDefinedStoragePools)(virConnectPtr conn);
    int (*connectListDefinedStoragePools)(virConnectPtr conn, char **const names,
                                          int maxnames);
    int (*connectListAllStoragePools)(virConnectPtr conn, virStoragePoolPtr **pools,
                                      unsigned int flags);
    virStoragePoolPtr (*storagePoolLookupByName)(virConnectPtr conn, const char *name);
    virStoragePoolPtr (*storagePoolLookupByUUID)(virConnectPtr conn,
                                                 const unsigned char *uuid);
    virStoragePoolPtr (*storagePoolLookupByVolume)(virStorageVolPtr vol);
    virStoragePoolPtr (*storagePoolCreateXML)(virConnectPtr conn, const char *xml,
                                              unsigned int flags);
    virStoragePoolPtr (*storagePoolDefineXML)(virConnectPtr conn, const char *xml,
                                              unsigned int flags);
    int (*storagePoolBuild)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolUndefine)(virStoragePoolPtr pool);
    int (*storagePoolCreate)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolDestroy)(virStoragePoolPtr pool);
    int (*storagePoolDelete)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolRefresh)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolGetInfo)(virStoragePoolPtr pool, virStoragePoolInfoPtr info);
    char *(*storagePoolGetXMLDesc)(virStoragePoolPtr pool, unsigned int flags);
    /* NULL: never autostarted (snapvirt's own pools) */
    int (*storagePoolGetAutostart)(virStoragePoolPtr pool, int *autostart);
    int (*storagePoolIsActive)(virStoragePoolPtr pool);
    int (*storagePoolIsPersistent)(virStoragePoolPtr pool);
    int (*storagePoolNumOfVolumes)(virStoragePoolPtr pool);
    int (*storagePoolListVolumes)(virStoragePoolPtr pool, char **const names,
                                  int maxnames);
    int (*storagePoolListAllVolumes)(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                     unsigned int flags);

    /* volumes */
    virStorageVolPtr (*storageVolLookupByName)(virStoragePoolPtr pool, const char *name);
    virStorageVolPtr (*storageVolLookupByKey)(virConnectPtr conn, const char *key);
    virStorageVolPtr (*storageVolLookupByPath)(virConnectPtr conn, const char *path);
    virStorageVolPtr (*storageVolCreateXML)(virStoragePoolPtr pool, const char *xml,
                                            unsigned int flags);
    virStorageVolPtr (*storageVolCreateXMLFrom)(virStoragePoolPtr pool, const char *xml,
                                                virStorageVolPtr clonevol,
                                                unsigned int flags);
    int (*storageVolDelete)(virStorageVolPtr vol, unsigned int flags);
    int (*storageVolGetInfo)(virStorageVolPtr vol, virStorageVolInfoPtr info);
    char *(*storageVolGetXMLDesc)(virStorageVolPtr vol, unsigned int flags);
    char *(*storageVolGetPath)(virStorageVolPtr vol);
    int (*storageVolResize)(virStorageVolPtr vol, unsigned long long capacity,
                            unsigned int flags);

    /* volume snapshots */
    virStorageVolSnapshotPtr (*storageVolSnapshotCreateXML)(virStorageVolPtr vol,
                                                            const char *xml,
                                                            unsigned int flags);
    char *(*storageVolSnapshotGetXMLDesc)(virStorageVolSnapshotPtr snap,
                                          unsigned int flags);
    int (*storageVolSnapshotNum)(virStorageVolPtr vol, unsigned int flags);
    int (*storageVolSnapshotListNames)(virStorageVolPtr vol, char **names,
                                       int nameslen, unsigned int flags);
    int (*storageVolListAllSnapshots)(virStorageVolPtr vol,
                                      virStorageVolSnapshotPtr **snaps,
                                      unsigned int flags);
    int (*storageVolSnapshotListAllChildren)(virStorageVolSnapshotPtr snap,
                                             virStorageVolSnapshotPtr **snaps,
                                             unsigned int flags);
    virStorageVolSnapshotPtr (*storageVolSnapshotLookupByName)(virStorageVolPtr vol,
                                                               const char *name,
                                                               unsigned int flags);
    int (*storageVolHasCurrentSnapshot)(virStorageVolPtr vol, unsigned int flags);
    virStorageVolSnapshotPtr (*storageVolSnapshotCurrent)(virStorageVolPtr vol,
                                                          unsigned int flags);
    virStorageVolSnapshotPtr (*storageVolSnapshotGetParent)(virStorageVolSnapshotPtr snap,
                                                            unsigned int flags);
    int (*storageVolRevertToSnapshot)(virStorageVolSnapshotPtr snap, unsigned int flags);
    int (*storageVolSnapshotDelete)(virStorageVolSnapshotPtr snap, unsigned int flags);
    virStorageVolPtr (*storageVolSnapshotExport)(virStorageVolSnapshotPtr snap,
                                                 const char *xml, unsigned int flags);
};
