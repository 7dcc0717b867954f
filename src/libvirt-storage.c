/*
 * libvirt-storage.c: public entry points for storage pools and volumes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-storage-api.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

#define POOL_LIST_ALL (VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT * 2 - 1)
#define POOL_CREATE_ALL (VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE * 2 - 1)
#define POOL_BUILD_ALL (VIR_STORAGE_POOL_BUILD_OVERWRITE * 2 - 1)
#define VOL_CREATE_ALL (VIR_STORAGE_VOL_CREATE_VALIDATE * 2 - 1)
#define VOL_RESIZE_ALL (VIR_STORAGE_VOL_RESIZE_SHRINK * 2 - 1)
#define VOL_DELETE_ALL (VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS * 2 - 1)


/* ---- listing and lookup ---- */

int
virConnectNumOfStoragePools(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, connectNumOfStoragePools, conn);
}


int
virConnectListStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, names) || !virAPINonNegative(conn, maxnames))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, connectListStoragePools, conn, names, maxnames);
}


int
virConnectNumOfDefinedStoragePools(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, connectNumOfDefinedStoragePools, conn);
}


int
virConnectListDefinedStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, names) || !virAPINonNegative(conn, maxnames))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, connectListDefinedStoragePools, conn,
                                    names, maxnames);
}


int
virConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                              unsigned int flags)
{
    if (pools)
        *pools = NULL;
    if (!virAPIConnect(conn, flags, POOL_LIST_ALL, VIR_API_READ))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, connectListAllStoragePools, conn, pools, flags);
}


virStoragePoolPtr
virStoragePoolLookupByName(virConnectPtr conn, const char *name)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) || !virAPINonNull(conn, name))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolLookupByName, conn, name);
}


virStoragePoolPtr
virStoragePoolLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) || !virAPINonNull(conn, uuid))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolLookupByUUID, conn, uuid);
}


virStoragePoolPtr
virStoragePoolLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) || !virAPINonNull(conn, uuidstr))
        return NULL;
    if (virUUIDParse(uuidstr, uuid) < 0) {
        virReportInvalidArg("%s", "Invalid UUID");
        virDispatchError(conn);
        return NULL;
    }
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolLookupByUUID, conn, uuid);
}


virStoragePoolPtr
virStoragePoolLookupByVolume(virStorageVolPtr vol)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, 0, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolLookupByVolume, vol);
}


/* ---- pool definition and lifecycle ---- */

virStoragePoolPtr
virStoragePoolCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    if (!virAPIConnect(conn, flags, POOL_CREATE_ALL, VIR_API_WRITE) ||
        !virAPINonNull(conn, xmlDesc) ||
        !virAPIExclusive(conn, flags, VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE,
                         VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolCreateXML, conn, xmlDesc, flags);
}


virStoragePoolPtr
virStoragePoolDefineXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    if (!virAPIConnect(conn, flags, VIR_STORAGE_POOL_DEFINE_VALIDATE, VIR_API_WRITE) ||
        !virAPINonNull(conn, xmlDesc))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolDefineXML, conn, xmlDesc, flags);
}


int
virStoragePoolBuild(virStoragePoolPtr pool, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, POOL_BUILD_ALL, VIR_API_WRITE)) ||
        !virAPIExclusive(conn, flags, VIR_STORAGE_POOL_BUILD_OVERWRITE,
                         VIR_STORAGE_POOL_BUILD_NO_OVERWRITE))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolBuild, pool, flags);
}


int
virStoragePoolUndefine(virStoragePoolPtr pool)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolUndefine, pool);
}


int
virStoragePoolCreate(virStoragePoolPtr pool, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, POOL_CREATE_ALL, VIR_API_WRITE)) ||
        !virAPIExclusive(conn, flags, VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE,
                         VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolCreate, pool, flags);
}


int
virStoragePoolDestroy(virStoragePoolPtr pool)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolDestroy, pool);
}


int
virStoragePoolDelete(virStoragePoolPtr pool, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolDelete, pool, flags);
}


int
virStoragePoolRefresh(virStoragePoolPtr pool, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolRefresh, pool, flags);
}


/* ---- pool properties ---- */

virConnectPtr
virStoragePoolGetConnect(virStoragePoolPtr pool)
{
    return virAPIPool(pool, 0, 0, VIR_API_READ);
}


int
virStoragePoolRef(virStoragePoolPtr pool)
{
    if (!virAPIPool(pool, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(pool);
    return 0;
}


int
virStoragePoolFree(virStoragePoolPtr pool)
{
    if (!virAPIPool(pool, 0, 0, VIR_API_READ))
        return -1;
    virObjectUnref(pool);
    return 0;
}


const char *
virStoragePoolGetName(virStoragePoolPtr pool)
{
    if (!virAPIPool(pool, 0, 0, VIR_API_READ))
        return NULL;
    return pool->name;
}


int
virStoragePoolGetUUID(virStoragePoolPtr pool, unsigned char *uuid)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, uuid))
        return -1;
    memcpy(uuid, pool->uuid, VIR_UUID_BUFLEN);
    return 0;
}


int
virStoragePoolGetUUIDString(virStoragePoolPtr pool, char *buf)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, buf))
        return -1;
    virUUIDFormat(pool->uuid, buf);
    return 0;
}


int
virStoragePoolGetInfo(virStoragePoolPtr pool, virStoragePoolInfoPtr info)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, info))
        return -1;
    memset(info, 0, sizeof(*info));
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolGetInfo, pool, info);
}


char *
virStoragePoolGetXMLDesc(virStoragePoolPtr pool, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, VIR_STORAGE_XML_INACTIVE, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storagePoolGetXMLDesc, pool, flags);
}


int
virStoragePoolGetAutostart(virStoragePoolPtr pool, int *autostart)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, autostart))
        return -1;
    *autostart = 0;
    if (VIR_API_STORAGE_HAS(conn, storagePoolGetAutostart))
        return VIR_API_STORAGE_CALL_INT(conn, storagePoolGetAutostart, pool, autostart);
    return 0;
}


int
virStoragePoolIsActive(virStoragePoolPtr pool)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolIsActive, pool);
}


int
virStoragePoolIsPersistent(virStoragePoolPtr pool)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolIsPersistent, pool);
}


int
virStoragePoolNumOfVolumes(virStoragePoolPtr pool)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolNumOfVolumes, pool);
}


int
virStoragePoolListVolumes(virStoragePoolPtr pool, char **const names, int maxnames)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, names) || !virAPINonNegative(conn, maxnames))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolListVolumes, pool, names, maxnames);
}


int
virStoragePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                             unsigned int flags)
{
    virConnectPtr conn;

    if (vols)
        *vols = NULL;
    if (!(conn = virAPIPool(pool, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storagePoolListAllVolumes, pool, vols, flags);
}


/* ---- volumes ---- */

virConnectPtr
virStorageVolGetConnect(virStorageVolPtr vol)
{
    return virAPIVol(vol, 0, 0, VIR_API_READ);
}


virStorageVolPtr
virStorageVolLookupByName(virStoragePoolPtr pool, const char *name)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, name))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolLookupByName, pool, name);
}


virStorageVolPtr
virStorageVolLookupByKey(virConnectPtr conn, const char *key)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) || !virAPINonNull(conn, key))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolLookupByKey, conn, key);
}


virStorageVolPtr
virStorageVolLookupByPath(virConnectPtr conn, const char *path)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) || !virAPINonNull(conn, path))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolLookupByPath, conn, path);
}


const char *
virStorageVolGetName(virStorageVolPtr vol)
{
    if (!virAPIVol(vol, 0, 0, VIR_API_READ))
        return NULL;
    return vol->name;
}


const char *
virStorageVolGetKey(virStorageVolPtr vol)
{
    if (!virAPIVol(vol, 0, 0, VIR_API_READ))
        return NULL;
    return vol->key;
}


virStorageVolPtr
virStorageVolCreateXML(virStoragePoolPtr pool, const char *xmldesc, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, VOL_CREATE_ALL, VIR_API_WRITE)) ||
        !virAPINonNull(conn, xmldesc))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolCreateXML, pool, xmldesc, flags);
}


virStorageVolPtr
virStorageVolCreateXMLFrom(virStoragePoolPtr pool, const char *xmldesc,
                           virStorageVolPtr clonevol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIPool(pool, flags, VOL_CREATE_ALL, VIR_API_WRITE)) ||
        !virAPINonNull(conn, xmldesc))
        return NULL;
    if (!virAPIVol(clonevol, 0, 0, VIR_API_READ))
        return NULL;
    if (clonevol->conn != conn) {
        virReportInvalidArg("clonevol in %s must belong to the pool's connection",
                            __func__);
        virDispatchError(conn);
        return NULL;
    }
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolCreateXMLFrom, pool, xmldesc,
                                    clonevol, flags);
}


int
virStorageVolDelete(virStorageVolPtr vol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, VOL_DELETE_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolDelete, vol, flags);
}


int
virStorageVolRef(virStorageVolPtr vol)
{
    if (!virAPIVol(vol, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(vol);
    return 0;
}


int
virStorageVolFree(virStorageVolPtr vol)
{
    if (!virAPIVol(vol, 0, 0, VIR_API_READ))
        return -1;
    virObjectUnref(vol);
    return 0;
}


int
virStorageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, 0, 0, VIR_API_READ)) || !virAPINonNull(conn, info))
        return -1;
    memset(info, 0, sizeof(*info));
    return VIR_API_STORAGE_CALL_INT(conn, storageVolGetInfo, vol, info);
}


char *
virStorageVolGetXMLDesc(virStorageVolPtr vol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolGetXMLDesc, vol, flags);
}


char *
virStorageVolGetPath(virStorageVolPtr vol)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, 0, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolGetPath, vol);
}


int
virStorageVolResize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, VOL_RESIZE_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolResize, vol, capacity, flags);
}
