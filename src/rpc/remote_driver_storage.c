/*
 * remote_driver_storage.c: the remote driver's storage table
 *
 * Every method of virStorageDriver that has a procedure in the remote
 * program forwards to it (pools: lists, lookups, define / create /
 * build / start / destroy / delete / undefine / refresh, info, XML,
 * autostart, volumes; volumes: create, clone, delete, lookups, info,
 * XML, path, resize).  Pools and volumes in replies become handles on
 * the connection, named as the daemon names them (a volume by its pool,
 * name and key).  Volume snapshots have no procedure in libvirt's
 * protocol: their methods stay NULL, so the public layer answers
 * VIR_ERR_NO_SUPPORT.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_driver_impl.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE


/* ---- pools ---- */

static int
remoteConnectNumOfStoragePools(virConnectPtr conn)
{
    return remoteInt(conn, REMOTE_PROC_CONNECT_NUM_OF_STORAGE_POOLS);
}


static int
remoteConnectListStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    return remoteListNames(conn, REMOTE_PROC_CONNECT_LIST_STORAGE_POOLS, names, maxnames,
                           "storage pool names");
}


static int
remoteConnectNumOfDefinedStoragePools(virConnectPtr conn)
{
    return remoteInt(conn, REMOTE_PROC_CONNECT_NUM_OF_DEFINED_STORAGE_POOLS);
}


static int
remoteConnectListDefinedStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    return remoteListNames(conn, REMOTE_PROC_CONNECT_LIST_DEFINED_STORAGE_POOLS, names,
                           maxnames, "storage pool names");
}


static int
remoteConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                 unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(conn, REMOTE_PROC_CONNECT_LIST_ALL_STORAGE_POOLS, &reply,
                       pools != NULL, flags) < 0)
        return -1;
    return remoteHandlesCopy(conn, &reply, (void ***)pools, remotePoolHandle);
}


static virStoragePoolPtr
remoteStoragePoolLookupByName(virConnectPtr conn, const char *name)
{
    return remotePool(conn, REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_NAME, name);
}


static virStoragePoolPtr
remoteStoragePoolLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    return remotePool(conn, REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_UUID, uuid);
}


static virStoragePoolPtr
remoteStoragePoolLookupByVolume(virStorageVolPtr vol)
{
    return remotePool(vol->conn, REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_VOLUME, vol);
}


static virStoragePoolPtr
remoteStoragePoolCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    return remotePool(conn, REMOTE_PROC_STORAGE_POOL_CREATE_XML, xml, flags);
}


static virStoragePoolPtr
remoteStoragePoolDefineXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    return remotePool(conn, REMOTE_PROC_STORAGE_POOL_DEFINE_XML, xml, flags);
}


static int
remoteStoragePoolBuild(virStoragePoolPtr pool, unsigned int flags)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_BUILD, pool, flags);
}


static int
remoteStoragePoolUndefine(virStoragePoolPtr pool)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_UNDEFINE, pool);
}


static int
remoteStoragePoolCreate(virStoragePoolPtr pool, unsigned int flags)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_CREATE, pool, flags);
}


static int
remoteStoragePoolDestroy(virStoragePoolPtr pool)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_DESTROY, pool);
}


static int
remoteStoragePoolDelete(virStoragePoolPtr pool, unsigned int flags)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_DELETE, pool, flags);
}


static int
remoteStoragePoolRefresh(virStoragePoolPtr pool, unsigned int flags)
{
    return remoteVoid(pool->conn, REMOTE_PROC_STORAGE_POOL_REFRESH, pool, flags);
}


static int
remoteStoragePoolGetInfo(virStoragePoolPtr pool, virStoragePoolInfoPtr info)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(pool->conn, REMOTE_PROC_STORAGE_POOL_GET_INFO, &reply, pool) < 0)
        return -1;
    info->state = reply.v[0].u;
    info->capacity = reply.v[1].H;
    info->allocation = reply.v[2].H;
    info->available = reply.v[3].H;
    return 0;
}


static char *
remoteStoragePoolGetXMLDesc(virStoragePoolPtr pool, unsigned int flags)
{
    return remoteString(pool->conn, REMOTE_PROC_STORAGE_POOL_GET_XML_DESC, pool, flags);
}


static int
remoteStoragePoolGetAutostart(virStoragePoolPtr pool, int *autostart)
{
    int ret = remoteInt(pool->conn, REMOTE_PROC_STORAGE_POOL_GET_AUTOSTART, pool);

    if (ret < 0)
        return -1;
    *autostart = ret;
    return 0;
}


static int
remoteStoragePoolIsActive(virStoragePoolPtr pool)
{
    return remoteInt(pool->conn, REMOTE_PROC_STORAGE_POOL_IS_ACTIVE, pool);
}


static int
remoteStoragePoolIsPersistent(virStoragePoolPtr pool)
{
    return remoteInt(pool->conn, REMOTE_PROC_STORAGE_POOL_IS_PERSISTENT, pool);
}


static int
remoteStoragePoolNumOfVolumes(virStoragePoolPtr pool)
{
    return remoteInt(pool->conn, REMOTE_PROC_STORAGE_POOL_NUM_OF_VOLUMES, pool);
}


static int
remoteStoragePoolListVolumes(virStoragePoolPtr pool, char **const names, int maxnames)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCheckListMax(maxnames, "storage volume names") < 0 ||
        remoteCallArgs(pool->conn, REMOTE_PROC_STORAGE_POOL_LIST_VOLUMES, &reply,
                       pool, maxnames) < 0)
        return -1;
    return remoteNamesCopy(&reply, names, maxnames, "storage volume names");
}


static int
remoteStoragePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(pool->conn, REMOTE_PROC_STORAGE_POOL_LIST_ALL_VOLUMES, &reply,
                       pool, vols != NULL, flags) < 0)
        return -1;
    return remoteHandlesCopy(pool->conn, &reply, (void ***)vols, remoteVolHandle);
}


/* ---- volumes ---- */

static virStorageVolPtr
remoteStorageVolLookupByName(virStoragePoolPtr pool, const char *name)
{
    return remoteVol(pool->conn, REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_NAME, pool, name);
}


static virStorageVolPtr
remoteStorageVolLookupByKey(virConnectPtr conn, const char *key)
{
    return remoteVol(conn, REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_KEY, key);
}


static virStorageVolPtr
remoteStorageVolLookupByPath(virConnectPtr conn, const char *path)
{
    return remoteVol(conn, REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_PATH, path);
}


static virStorageVolPtr
remoteStorageVolCreateXML(virStoragePoolPtr pool, const char *xml, unsigned int flags)
{
    return remoteVol(pool->conn, REMOTE_PROC_STORAGE_VOL_CREATE_XML, pool, xml, flags);
}


static virStorageVolPtr
remoteStorageVolCreateXMLFrom(virStoragePoolPtr pool, const char *xml,
                              virStorageVolPtr clonevol, unsigned int flags)
{
    return remoteVol(pool->conn, REMOTE_PROC_STORAGE_VOL_CREATE_XML_FROM, pool, xml,
                     clonevol, flags);
}


static int
remoteStorageVolDelete(virStorageVolPtr vol, unsigned int flags)
{
    return remoteVoid(vol->conn, REMOTE_PROC_STORAGE_VOL_DELETE, vol, flags);
}


static int
remoteStorageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(vol->conn, REMOTE_PROC_STORAGE_VOL_GET_INFO, &reply, vol) < 0)
        return -1;
    info->type = reply.v[0].i;
    info->capacity = reply.v[1].H;
    info->allocation = reply.v[2].H;
    return 0;
}


static char *
remoteStorageVolGetXMLDesc(virStorageVolPtr vol, unsigned int flags)
{
    return remoteString(vol->conn, REMOTE_PROC_STORAGE_VOL_GET_XML_DESC, vol, flags);
}


static char *
remoteStorageVolGetPath(virStorageVolPtr vol)
{
    return remoteString(vol->conn, REMOTE_PROC_STORAGE_VOL_GET_PATH, vol);
}


static int
remoteStorageVolResize(virStorageVolPtr vol, unsigned long long capacity,
                       unsigned int flags)
{
    return remoteVoid(vol->conn, REMOTE_PROC_STORAGE_VOL_RESIZE, vol, capacity, flags);
}


virStorageDriver remoteStorageDriver = {
    .name = "remote",
    .errorDomain = VIR_FROM_REMOTE,
    .connectNumOfStoragePools = remoteConnectNumOfStoragePools,
    .connectListStoragePools = remoteConnectListStoragePools,
    .connectNumOfDefinedStoragePools = remoteConnectNumOfDefinedStoragePools,
    .connectListDefinedStoragePools = remoteConnectListDefinedStoragePools,
    .connectListAllStoragePools = remoteConnectListAllStoragePools,
    .storagePoolLookupByName = remoteStoragePoolLookupByName,
    .storagePoolLookupByUUID = remoteStoragePoolLookupByUUID,
    .storagePoolLookupByVolume = remoteStoragePoolLookupByVolume,
    .storagePoolCreateXML = remoteStoragePoolCreateXML,
    .storagePoolDefineXML = remoteStoragePoolDefineXML,
    .storagePoolBuild = remoteStoragePoolBuild,
    .storagePoolUndefine = remoteStoragePoolUndefine,
    .storagePoolCreate = remoteStoragePoolCreate,
    .storagePoolDestroy = remoteStoragePoolDestroy,
    .storagePoolDelete = remoteStoragePoolDelete,
    .storagePoolRefresh = remoteStoragePoolRefresh,
    .storagePoolGetInfo = remoteStoragePoolGetInfo,
    .storagePoolGetXMLDesc = remoteStoragePoolGetXMLDesc,
    .storagePoolGetAutostart = remoteStoragePoolGetAutostart,
    .storagePoolIsActive = remoteStoragePoolIsActive,
    .storagePoolIsPersistent = remoteStoragePoolIsPersistent,
    .storagePoolNumOfVolumes = remoteStoragePoolNumOfVolumes,
    .storagePoolListVolumes = remoteStoragePoolListVolumes,
    .storagePoolListAllVolumes = remoteStoragePoolListAllVolumes,
    .storageVolLookupByName = remoteStorageVolLookupByName,
    .storageVolLookupByKey = remoteStorageVolLookupByKey,
    .storageVolLookupByPath = remoteStorageVolLookupByPath,
    .storageVolCreateXML = remoteStorageVolCreateXML,
    .storageVolCreateXMLFrom = remoteStorageVolCreateXMLFrom,
    .storageVolDelete = remoteStorageVolDelete,
    .storageVolGetInfo = remoteStorageVolGetInfo,
    .storageVolGetXMLDesc = remoteStorageVolGetXMLDesc,
    .storageVolGetPath = remoteStorageVolGetPath,
    .storageVolResize = remoteStorageVolResize,
};
