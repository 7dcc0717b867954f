/*
 * remote_dispatch_storage.c: the server's handlers of storage pools and
 * volumes (shapes: remote_dispatch.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"

#define VIR_FROM_THIS VIR_FROM_RPC






static int
remotePoolLookupByVolume(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStorageVolPtr vol = virNetValueGetVol(client->conn, &args[0]);
    int rc = remoteRetHandle(ret, virStoragePoolLookupByVolume(vol), remoteSetPool);

    virObjectUnref(vol);
    return rc;
}




static int
remotePoolGetInfo(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    virStoragePoolInfo info;
    int rc = virStoragePoolGetInfo(pool, &info);

    if (rc == 0) {
        ret[0].u = info.state;
        ret[1].H = info.capacity;
        ret[2].H = info.allocation;
        ret[3].H = info.available;
    }
    virObjectUnref(pool);
    return rc;
}


static int
remotePoolGetAutostart(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    int rc = virStoragePoolGetAutostart(pool, &ret[0].i);

    virObjectUnref(pool);
    return rc;
}




static int
listPools(void *conn, char **names, int max)
{
    return virConnectListStoragePools(conn, names, max);
}


static int
listDefinedPools(void *conn, char **names, int max)
{
    return virConnectListDefinedStoragePools(conn, names, max);
}


static int
listVolumes(void *pool, char **names, int max)
{
    return virStoragePoolListVolumes(pool, names, max);
}


static int
remoteListPools(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    return remoteRetNames(ret, args[0].i, listPools, client->conn);
}


static int
remoteListDefinedPools(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    return remoteRetNames(ret, args[0].i, listDefinedPools, client->conn);
}


static int
remotePoolListVolumes(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    int rc = remoteRetNames(ret, args[1].i, listVolumes, pool);

    virObjectUnref(pool);
    return rc;
}




static int
remoteListAllPools(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(client->conn, args[0].i ? &pools : NULL, args[1].u);

    return remoteRetHandles(ret, (void **)pools, n, remoteSetPool);
}


static int
remoteListAllVolumes(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes(pool, args[1].i ? &vols : NULL, args[2].u);

    virObjectUnref(pool);
    return remoteRetHandles(ret, (void **)vols, n, remoteSetVol);
}


static int
remoteVolCreateXML(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    int rc = remoteRetHandle(ret, virStorageVolCreateXML(pool, args[1].s, args[2].u),
                             remoteSetVol);

    virObjectUnref(pool);
    return rc;
}


static int
remoteVolCreateXMLFrom(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    virStorageVolPtr from = virNetValueGetVol(client->conn, &args[2]);
    int rc = remoteRetHandle(ret, virStorageVolCreateXMLFrom(pool, args[1].s, from,
                                                                args[3].u),
                             remoteSetVol);

    virObjectUnref(from);
    virObjectUnref(pool);
    return rc;
}


static int
remoteVolLookupByName(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = virNetValueGetPool(client->conn, &args[0]);
    int rc = remoteRetHandle(ret, virStorageVolLookupByName(pool, args[1].s), remoteSetVol);

    virObjectUnref(pool);
    return rc;
}




static int
remoteVolGetInfo(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virStorageVolPtr vol = virNetValueGetVol(client->conn, &args[0]);
    virStorageVolInfo info;
    int rc = virStorageVolGetInfo(vol, &info);

    if (rc == 0) {
        ret[0].i = info.type;
        ret[1].H = info.capacity;
        ret[2].H = info.allocation;
    }
    virObjectUnref(vol);
    return rc;
}


static int
remoteVolResize(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    virStorageVolPtr vol = virNetValueGetVol(client->conn, &args[0]);
    int rc = virStorageVolResize(vol, args[1].H, args[2].u);

    virObjectUnref(vol);
    return rc < 0 ? -1 : 0;
}


const virNetHandler remoteStorageHandlers[] = {
    SHAPED(CONNECT_NUM_OF_STORAGE_POOLS, SHAPE_CONN_INT, connInt, virConnectNumOfStoragePools),
    CUSTOM(CONNECT_LIST_STORAGE_POOLS, remoteListPools, false),
    SHAPED(CONNECT_NUM_OF_DEFINED_STORAGE_POOLS, SHAPE_CONN_INT, connInt,
           virConnectNumOfDefinedStoragePools),
    CUSTOM(CONNECT_LIST_DEFINED_STORAGE_POOLS, remoteListDefinedPools, false),
    SHAPED(STORAGE_POOL_CREATE_XML, SHAPE_CONN_STR_FLAGS_POOL, connStrFlagsPool,
           virStoragePoolCreateXML),
    SHAPED(STORAGE_POOL_DEFINE_XML, SHAPE_CONN_STR_FLAGS_POOL, connStrFlagsPool,
           virStoragePoolDefineXML),
    SHAPED(STORAGE_POOL_CREATE, SHAPE_POOL_FLAGS_VOID, poolFlagsInt, virStoragePoolCreate),
    SHAPED(STORAGE_POOL_BUILD, SHAPE_POOL_FLAGS_VOID, poolFlagsInt, virStoragePoolBuild),
    SHAPED(STORAGE_POOL_DESTROY, SHAPE_POOL_VOID, poolInt, virStoragePoolDestroy),
    SHAPED(STORAGE_POOL_DELETE, SHAPE_POOL_FLAGS_VOID, poolFlagsInt, virStoragePoolDelete),
    SHAPED(STORAGE_POOL_UNDEFINE, SHAPE_POOL_VOID, poolInt, virStoragePoolUndefine),
    SHAPED(STORAGE_POOL_REFRESH, SHAPE_POOL_FLAGS_VOID, poolFlagsInt, virStoragePoolRefresh),
    SHAPED(STORAGE_POOL_LOOKUP_BY_NAME, SHAPE_CONN_STR_POOL, connStrPool,
           virStoragePoolLookupByName),
    SHAPED(STORAGE_POOL_LOOKUP_BY_UUID, SHAPE_CONN_UUID_POOL, connUUIDPool,
           virStoragePoolLookupByUUID),
    CUSTOM(STORAGE_POOL_LOOKUP_BY_VOLUME, remotePoolLookupByVolume, false),
    CUSTOM(STORAGE_POOL_GET_INFO, remotePoolGetInfo, false),
    SHAPED(STORAGE_POOL_GET_XML_DESC, SHAPE_POOL_FLAGS_STR, poolFlagsStr,
           virStoragePoolGetXMLDesc),
    CUSTOM(STORAGE_POOL_GET_AUTOSTART, remotePoolGetAutostart, false),
    SHAPED(STORAGE_POOL_NUM_OF_VOLUMES, SHAPE_POOL_INT, poolInt, virStoragePoolNumOfVolumes),
    CUSTOM(STORAGE_POOL_LIST_VOLUMES, remotePoolListVolumes, false),
    CUSTOM(STORAGE_VOL_CREATE_XML, remoteVolCreateXML, false),
    SHAPED(STORAGE_VOL_DELETE, SHAPE_VOL_FLAGS_VOID, volFlagsInt, virStorageVolDelete),
    CUSTOM(STORAGE_VOL_LOOKUP_BY_NAME, remoteVolLookupByName, false),
    SHAPED(STORAGE_VOL_LOOKUP_BY_KEY, SHAPE_CONN_STR_VOL, connStrVol, virStorageVolLookupByKey),
    SHAPED(STORAGE_VOL_LOOKUP_BY_PATH, SHAPE_CONN_STR_VOL, connStrVol,
           virStorageVolLookupByPath),
    CUSTOM(STORAGE_VOL_GET_INFO, remoteVolGetInfo, false),
    SHAPED(STORAGE_VOL_GET_XML_DESC, SHAPE_VOL_FLAGS_STR, volFlagsStr, virStorageVolGetXMLDesc),
    SHAPED(STORAGE_VOL_GET_PATH, SHAPE_VOL_STR, volStr, virStorageVolGetPath),
    CUSTOM(STORAGE_VOL_CREATE_XML_FROM, remoteVolCreateXMLFrom, false),
    SHAPED(STORAGE_POOL_IS_ACTIVE, SHAPE_POOL_INT, poolInt, virStoragePoolIsActive),
    SHAPED(STORAGE_POOL_IS_PERSISTENT, SHAPE_POOL_INT, poolInt, virStoragePoolIsPersistent),
    CUSTOM(STORAGE_VOL_RESIZE, remoteVolResize, false),
    CUSTOM(CONNECT_LIST_ALL_STORAGE_POOLS, remoteListAllPools, false),
    CUSTOM(STORAGE_POOL_LIST_ALL_VOLUMES, remoteListAllVolumes, false),
};

const size_t remoteStorageHandlersCount = G_N_ELEMENTS(remoteStorageHandlers);
