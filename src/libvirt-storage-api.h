/*
 * libvirt-storage-api.h: the entry checks of the storage entry points
 *
 * The storage twins of virAPIDomain and VIR_API_CALL_INT (libvirt-api.h):
 * check a pool, volume or volume snapshot handle, then its connection's
 * flags and access, and dispatch through the connection's storage driver
 * (VIR_ERR_NO_SUPPORT when the connection has none or it lacks the
 * method).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "libvirt-api.h"

virConnectPtr virAPIPoolFrom(int from, const char *func, virStoragePoolPtr pool,
                             unsigned int flags, unsigned int allowed,
                             virAPIAccess access);
virConnectPtr virAPIVolFrom(int from, const char *func, virStorageVolPtr vol,
                            unsigned int flags, unsigned int allowed,
                            virAPIAccess access);
virConnectPtr virAPIVolSnapshotFrom(int from, const char *func,
                                    virStorageVolSnapshotPtr snap,
                                    unsigned int flags, unsigned int allowed,
                                    virAPIAccess access);

#define virAPIPool(pool, flags, allowed, access) \
    virAPIPoolFrom(VIR_FROM_THIS, __func__, pool, flags, allowed, access)
#define virAPIVol(vol, flags, allowed, access) \
    virAPIVolFrom(VIR_FROM_THIS, __func__, vol, flags, allowed, access)
#define virAPIVolSnapshot(snap, flags, allowed, access) \
    virAPIVolSnapshotFrom(VIR_FROM_THIS, __func__, snap, flags, allowed, access)

#define VIR_API_STORAGE_HAS(conn, method) \
    ((conn)->storageDriver && (conn)->storageDriver->method)
/* virAPIResultInt/Ptr for a storage driver: its failures carry the
 * driver's error domain (the test driver's are VIR_FROM_TEST, as in
 * libvirt, whose test driver implements storage itself). */
int virAPIStorageResultInt(virConnectPtr conn, int ret);
/* The same for a failure of @conn's storage driver elsewhere (opening). */
void virAPIStorageErrorDomain(virConnectPtr conn);
void *virAPIStorageResultPtr(virConnectPtr conn, void *ret);

#define VIR_API_STORAGE_CALL_INT(conn, method, ...) \
    (VIR_API_STORAGE_HAS(conn, method) ? \
     virAPIStorageResultInt(conn, (conn)->storageDriver->method(__VA_ARGS__)) : \
     virAPIUnsupportedInt(VIR_FROM_THIS, conn, __func__))
#define VIR_API_STORAGE_CALL_PTR(conn, method, ...) \
    (VIR_API_STORAGE_HAS(conn, method) ? \
     virAPIStorageResultPtr(conn, (conn)->storageDriver->method(__VA_ARGS__)) : \
     virAPIUnsupportedPtr(VIR_FROM_THIS, conn, __func__))
