/*
 * datatypes.h: the public handle objects
 *
 * A handle names an object of a driver (a connection, a domain by UUID, a
 * snapshot by name); the driver keeps the real state.  Handles are
 * reference counted and checked by class before every use.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "util/virobject.h"
#include "util/viruri.h"

typedef struct _virHypervisorDriver virHypervisorDriver;
typedef struct _virStorageDriver virStorageDriver;

struct _virConnect {
    virObject parent;
    unsigned int flags;             /* virConnectFlags */
    virURI *uri;
    virHypervisorDriver *driver;
    void *privateData;              /* the driver's state */

    GMutex lock;                    /* protects the fields below */
    virError err;                   /* last error on this connection */
    virErrorFunc handler;           /* per-connection error callback */
    void *handlerData;

    virStorageDriver *storageDriver;  /* NULL: no storage on this connection */
    void *storagePrivateData;         /* the storage driver's state */
};

struct _virDomain {
    virObject parent;
    virConnectPtr conn;             /* holds a reference */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;                         /* -1 when inactive */
};

struct _virDomainSnapshot {
    virObject parent;
    virDomainPtr domain;            /* holds a reference */
    char *name;
};

extern const virClass virConnectClass;
extern const virClass virDomainClass;
extern const virClass virDomainSnapshotClass;

virConnectPtr virGetConnect(void);
virDomainPtr virGetDomain(virConnectPtr conn, const char *name,
                          const unsigned char *uuid, int id);
virDomainSnapshotPtr virGetDomainSnapshot(virDomainPtr domain, const char *name);

/* ---- storage ---- */

struct _virStoragePool {
    virObject parent;
    virConnectPtr conn;             /* holds a reference */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virStorageVol {
    virObject parent;
    virConnectPtr conn;             /* holds a reference */
    char *pool;                     /* the pool's name */
    char *name;
    char *key;                      /* unique on the connection (the path) */
};

struct _virStorageVolSnapshot {
    virObject parent;
    virStorageVolPtr vol;           /* holds a reference */
    char *name;
};

extern const virClass virStoragePoolClass;
extern const virClass virStorageVolClass;
extern const virClass virStorageVolSnapshotClass;

virStoragePoolPtr virGetStoragePool(virConnectPtr conn, const char *name,
                                    const unsigned char *uuid);
virStorageVolPtr virGetStorageVol(virConnectPtr conn, const char *pool,
                                  const char *name, const char *key);
virStorageVolSnapshotPtr virGetStorageVolSnapshot(virStorageVolPtr vol, const char *name);
