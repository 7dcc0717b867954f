/*
 * datatypes.c: the public handle objects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "datatypes.h"
#include "driver.h"
#include "util/virlog.h"

VIR_LOG_INIT("datatypes");

static void
virConnectDispose(void *obj)
{
    virConnectPtr conn = obj;

    if (conn->storageDriver && conn->storageDriver->storageClose)
        conn->storageDriver->storageClose(conn);
    if (conn->driver && conn->driver->connectClose)
        conn->driver->connectClose(conn);
    virURIFree(conn->uri);
    virResetError(&conn->err);
    g_mutex_clear(&conn->lock);
}


static void
virDomainDispose(void *obj)
{
    virDomainPtr dom = obj;

    g_free(dom->name);
    virObjectUnref(dom->conn);
}


static void
virDomainSnapshotDispose(void *obj)
{
    virDomainSnapshotPtr snap = obj;

    g_free(snap->name);
    virObjectUnref(snap->domain);
}

const virClass virConnectClass = { "virConnect", virConnectDispose };
const virClass virDomainClass = { "virDomain", virDomainDispose };
const virClass virDomainSnapshotClass = { "virDomainSnapshot", virDomainSnapshotDispose };


virConnectPtr
virGetConnect(void)
{
    virConnectPtr conn = virObjectNew(&virConnectClass, sizeof(*conn));

    g_mutex_init(&conn->lock);
    return conn;
}


virDomainPtr
virGetDomain(virConnectPtr conn, const char *name,
             const unsigned char *uuid, int id)
{
    virDomainPtr dom = virObjectNew(&virDomainClass, sizeof(*dom));

    dom->conn = virObjectRef(conn);
    dom->name = g_strdup(name);
    memcpy(dom->uuid, uuid, VIR_UUID_BUFLEN);
    dom->id = id;
    return dom;
}


virDomainSnapshotPtr
virGetDomainSnapshot(virDomainPtr domain, const char *name)
{
    virDomainSnapshotPtr snap = virObjectNew(&virDomainSnapshotClass, sizeof(*snap));

    snap->domain = virObjectRef(domain);
    snap->name = g_strdup(name);
    return snap;
}


/* ---- storage ---- */

static void
virStoragePoolDispose(void *obj)
{
    virStoragePoolPtr pool = obj;

    g_free(pool->name);
    virObjectUnref(pool->conn);
}


static void
virStorageVolDispose(void *obj)
{
    virStorageVolPtr vol = obj;

    g_free(vol->pool);
    g_free(vol->name);
    g_free(vol->key);
    virObjectUnref(vol->conn);
}


static void
virStorageVolSnapshotDispose(void *obj)
{
    virStorageVolSnapshotPtr snap = obj;

    g_free(snap->name);
    virObjectUnref(snap->vol);
}

const virClass virStoragePoolClass = { "virStoragePool", virStoragePoolDispose };
const virClass virStorageVolClass = { "virStorageVol", virStorageVolDispose };
const virClass virStorageVolSnapshotClass = { "virStorageVolSnapshot",
                                              virStorageVolSnapshotDispose };


virStoragePoolPtr
virGetStoragePool(virConnectPtr conn, const char *name, const unsigned char *uuid)
{
    virStoragePoolPtr pool = virObjectNew(&virStoragePoolClass, sizeof(*pool));

    pool->conn = virObjectRef(conn);
    pool->name = g_strdup(name);
    memcpy(pool->uuid, uuid, VIR_UUID_BUFLEN);
    return pool;
}


virStorageVolPtr
virGetStorageVol(virConnectPtr conn, const char *pool, const char *name, const char *key)
{
    virStorageVolPtr vol = virObjectNew(&virStorageVolClass, sizeof(*vol));

    vol->conn = virObjectRef(conn);
    vol->pool = g_strdup(pool);
    vol->name = g_strdup(name);
    vol->key = g_strdup(key);
    return vol;
}


virStorageVolSnapshotPtr
virGetStorageVolSnapshot(virStorageVolPtr vol, const char *name)
{
    virStorageVolSnapshotPtr snap = virObjectNew(&virStorageVolSnapshotClass,
                                                 sizeof(*snap));

    snap->vol = virObjectRef(vol);
    snap->name = g_strdup(name);
    return snap;
}
