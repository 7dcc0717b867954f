/*
 * libvirt-storage-api.c: the entry checks of the storage entry points
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-storage-api.h"
#include "util/virerror.h"
#include "util/virlog.h"

VIR_LOG_INIT("libvirt.storage");


/* A bad handle: reported in its own error domain, with no connection to
 * blame (as virAPIDomainFrom does). */
static virConnectPtr
virAPIStorageInvalid(int code, const char *func)
{
    virAPIInitialize();
    virResetLastError();
    virErrorReport(VIR_FROM_STORAGE, code, func, "%s", func);
    virDispatchError(NULL);
    return NULL;
}


virConnectPtr
virAPIPoolFrom(int from, const char *func, virStoragePoolPtr pool,
               unsigned int flags, unsigned int allowed, virAPIAccess access)
{
    if (!virObjectIsClass(pool, &virStoragePoolClass) ||
        !virObjectIsClass(pool->conn, &virConnectClass))
        return virAPIStorageInvalid(VIR_ERR_INVALID_STORAGE_POOL, func);
    VIR_DEBUG("%s: pool=%p (%s) flags=0x%x", func, pool, pool->name, flags);
    return virAPIConnectFrom(from, func, pool->conn, flags, allowed, access);
}


virConnectPtr
virAPIVolFrom(int from, const char *func, virStorageVolPtr vol,
              unsigned int flags, unsigned int allowed, virAPIAccess access)
{
    if (!virObjectIsClass(vol, &virStorageVolClass) ||
        !virObjectIsClass(vol->conn, &virConnectClass))
        return virAPIStorageInvalid(VIR_ERR_INVALID_STORAGE_VOL, func);
    VIR_DEBUG("%s: vol=%p (%s) flags=0x%x", func, vol, vol->name, flags);
    return virAPIConnectFrom(from, func, vol->conn, flags, allowed, access);
}


virConnectPtr
virAPIVolSnapshotFrom(int from, const char *func, virStorageVolSnapshotPtr snap,
                      unsigned int flags, unsigned int allowed, virAPIAccess access)
{
    if (!virObjectIsClass(snap, &virStorageVolSnapshotClass) ||
        !virObjectIsClass(snap->vol, &virStorageVolClass) ||
        !virObjectIsClass(snap->vol->conn, &virConnectClass))
        return virAPIStorageInvalid(VIR_ERR_INVALID_STORAGE_VOL, func);
    VIR_DEBUG("%s: snapshot=%p (%s) flags=0x%x", func, snap, snap->name, flags);
    return virAPIConnectFrom(from, func, snap->vol->conn, flags, allowed, access);
}


void
virAPIStorageErrorDomain(virConnectPtr conn)
{
    virErrorPtr err = virGetLastError();

    if (err && err->domain == VIR_FROM_STORAGE_DRIVER)
        err->domain = conn->storageDriver ? conn->storageDriver->errorDomain
                                          : VIR_FROM_STORAGE;
}


int
virAPIStorageResultInt(virConnectPtr conn, int ret)
{
    if (ret < 0)
        virAPIStorageErrorDomain(conn);
    return virAPIResultInt(conn, ret);
}


void *
virAPIStorageResultPtr(virConnectPtr conn, void *ret)
{
    if (!ret)
        virAPIStorageErrorDomain(conn);
    return virAPIResultPtr(conn, ret);
}
