/*
 * storage_driver.c: the generic storage driver, pools and volumes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "storage_driver.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

VIR_LOG_INIT("storage.storage_driver");


/* ---- shared helpers ---- */

virStorageState *
virStorageBegin(virConnectPtr conn)
{
    virStorageState *state = conn->storagePrivateData;

    g_mutex_lock(&state->lock);
    return state;
}


void
virStorageEnd(virStorageState *state)
{
    g_mutex_unlock(&state->lock);
}


static virStoragePoolObj *
virStorageGetPool(virStorageState *state, const char *name)
{
    virStoragePoolObj *pool = virStorageStateFindPool(state, name);

    if (!pool)
        virReportError(VIR_ERR_NO_STORAGE_POOL,
                       "no storage pool with matching name '%s'", name);
    return pool;
}


virStoragePoolObj *
virStorageGetActivePool(virStorageState *state, const char *name)
{
    virStoragePoolObj *pool = virStorageGetPool(state, name);

    if (pool && !pool->active) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "storage pool '%s' is not active", name);
        return NULL;
    }
    return pool;
}


static virStoragePoolObj *
virStorageGetInactivePool(virStorageState *state, const char *name)
{
    virStoragePoolObj *pool = virStorageGetPool(state, name);

    if (pool && pool->active) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "storage pool '%s' is active", name);
        return NULL;
    }
    return pool;
}


virStorageVolObj *
virStorageGetVol(virStorageState *state, virStorageVolPtr vol, virStoragePoolObj **pool)
{
    virStorageVolObj *obj;

    if (!(*pool = virStorageGetActivePool(state, vol->pool)))
        return NULL;
    if (!(obj = virStoragePoolObjFindVolume(*pool, vol->name)))
        virReportError(VIR_ERR_NO_STORAGE_VOL,
                       "no storage vol with matching name '%s'", vol->name);
    return obj;
}


static virStoragePoolPtr
virStoragePoolHandle(virConnectPtr conn, virStoragePoolObj *pool)
{
    return virGetStoragePool(conn, pool->def->name, pool->def->uuid);
}


virStorageVolPtr
virStorageVolHandle(virConnectPtr conn, virStoragePoolObj *pool, virStorageVolObj *vol)
{
    return virGetStorageVol(conn, pool->def->name, vol->def->name, vol->def->key);
}


/* Names of the pools whose activity is @active, as the List calls. */
static int
virStorageListPoolNames(virConnectPtr conn, bool active, char **const names, int max)
{
    virStorageState *state = virStorageBegin(conn);
    int n = 0;

    for (size_t i = 0; i < state->pools->len; i++) {
        virStoragePoolObj *pool = state->pools->pdata[i];

        if (pool->active != active)
            continue;
        if (names && n < max)
            names[n] = g_strdup(pool->def->name);
        if (names && n >= max)
            break;
        n++;
    }
    virStorageEnd(state);
    return n;
}


/* ---- pools: listing and lookup ---- */

static int
virStorageConnectNumOfStoragePools(virConnectPtr conn)
{
    return virStorageListPoolNames(conn, true, NULL, 0);
}


static int
virStorageConnectListStoragePools(virConnectPtr conn, char **const names, int max)
{
    return virStorageListPoolNames(conn, true, names, max);
}


static int
virStorageConnectNumOfDefinedStoragePools(virConnectPtr conn)
{
    return virStorageListPoolNames(conn, false, NULL, 0);
}


static int
virStorageConnectListDefinedStoragePools(virConnectPtr conn, char **const names, int max)
{
    return virStorageListPoolNames(conn, false, names, max);
}


/* Whether @pool passes the groups of @flags (no bit of a group: any). */
static bool
virStoragePoolMatch(const virStoragePoolObj *pool, unsigned int flags)
{
    unsigned int act = flags & (VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE |
                                VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    unsigned int pers = flags & (VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT |
                                 VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT);
    unsigned int types = flags & ~(VIR_CONNECT_LIST_STORAGE_POOLS_DIR - 1);

    if (act && !(act & (pool->active ? VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE
                                     : VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE)))
        return false;
    if (pers && !(pers & (pool->persistent ? VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT
                                           : VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT)))
        return false;
    if (types && !(types & VIR_CONNECT_LIST_STORAGE_POOLS_DIR))
        return false;   /* every pool is a dir pool */
    /* No pool starts with the host. */
    if ((flags & VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART) &&
        !(flags & VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART))
        return false;
    return true;
}


static int
virStorageConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                     unsigned int flags)
{
    virStorageState *state = virStorageBegin(conn);
    g_autoptr(GPtrArray) out = g_ptr_array_new();
    int n;

    for (size_t i = 0; i < state->pools->len; i++) {
        virStoragePoolObj *pool = state->pools->pdata[i];

        if (virStoragePoolMatch(pool, flags))
            g_ptr_array_add(out, pools ? virStoragePoolHandle(conn, pool) : NULL);
    }
    virStorageEnd(state);
    n = out->len;
    if (pools) {
        g_ptr_array_add(out, NULL);
        *pools = (virStoragePoolPtr *)g_ptr_array_steal(out, NULL);
    }
    return n;
}


static virStoragePoolPtr
virStoragePoolLookupByNameImpl(virConnectPtr conn, const char *name)
{
    virStorageState *state = virStorageBegin(conn);
    virStoragePoolObj *pool = virStorageGetPool(state, name);
    virStoragePoolPtr ret = pool ? virStoragePoolHandle(conn, pool) : NULL;

    virStorageEnd(state);
    return ret;
}


static virStoragePoolPtr
virStoragePoolLookupByUUIDImpl(virConnectPtr conn, const unsigned char *uuid)
{
    virStorageState *state = virStorageBegin(conn);
    virStoragePoolObj *pool = virStorageStateFindPoolUUID(state, uuid);
    virStoragePoolPtr ret = pool ? virStoragePoolHandle(conn, pool) : NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!pool)
        virReportError(VIR_ERR_NO_STORAGE_POOL, "no storage pool with matching uuid '%s'",
                       virUUIDFormat(uuid, uuidstr));
    virStorageEnd(state);
    return ret;
}


static virStoragePoolPtr
virStoragePoolLookupByVolumeImpl(virStorageVolPtr vol)
{
    virStorageState *state = virStorageBegin(vol->conn);
    virStoragePoolObj *pool = virStorageGetPool(state, vol->pool);
    virStoragePoolPtr ret = pool ? virStoragePoolHandle(vol->conn, pool) : NULL;

    virStorageEnd(state);
    return ret;
}


/* ---- pools: definition and lifecycle ---- */

/* Adds @def as a new pool or replaces the definition of an inactive one
 * with the same name and UUID; the pool, or NULL. */
static virStoragePoolObj *
virStoragePoolAssign(virStorageState *state, virStoragePoolDef **def)
{
    virStoragePoolObj *pool = virStorageStateFindPool(state, (*def)->name);
    virStoragePoolObj *byUUID = virStorageStateFindPoolUUID(state, (*def)->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    /* (Definition clashes are the storage conf's errors in libvirt.) */
    if (byUUID && byUUID != pool) {
        virErrorReport(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED, __func__,
                       "pool '%s' is already defined with uuid %s",
                       byUUID->def->name, virUUIDFormat((*def)->uuid, uuidstr));
        return NULL;
    }
    if (pool && memcmp(pool->def->uuid, (*def)->uuid, VIR_UUID_BUFLEN) != 0) {
        virErrorReport(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED, __func__,
                       "pool '%s' already exists with uuid %s", pool->def->name,
                       virUUIDFormat(pool->def->uuid, uuidstr));
        return NULL;
    }
    if (pool && pool->active) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "storage pool '%s' is active: destroy it before redefining it",
                       pool->def->name);
        return NULL;
    }
    if (pool) {
        virStoragePoolDefFree(pool->def);
        pool->def = g_steal_pointer(def);
        return pool;
    }
    pool = virStoragePoolObjNew(g_steal_pointer(def));
    g_ptr_array_add(state->pools, pool);
    return pool;
}


static void
virStoragePoolRemove(virStorageState *state, virStoragePoolObj *pool)
{
    g_ptr_array_remove(state->pools, pool);
}


static virStoragePoolPtr
virStoragePoolDefineXMLImpl(virConnectPtr conn, const char *xml, unsigned int flags)
{
    g_autoptr(virStoragePoolDef) def = NULL;
    virStorageState *state;
    virStoragePoolObj *pool;
    virStoragePoolPtr ret = NULL;
    bool wasPersistent;

    if (!(def = virStoragePoolDefParseString(xml, flags & VIR_STORAGE_POOL_DEFINE_VALIDATE)))
        return NULL;
    state = virStorageBegin(conn);
    if ((pool = virStoragePoolAssign(state, &def))) {
        wasPersistent = pool->persistent;
        pool->persistent = true;
        if (state->backend->poolSave && state->backend->poolSave(state, pool) < 0) {
            pool->persistent = wasPersistent;
            if (!wasPersistent && !pool->active)
                virStoragePoolRemove(state, pool);
        } else {
            ret = virStoragePoolHandle(conn, pool);
        }
    }
    virStorageEnd(state);
    return ret;
}


/* Builds (with the WITH_BUILD flags) and starts @pool. */
static int
virStoragePoolStart(virStorageState *state, virStoragePoolObj *pool, unsigned int flags)
{
    unsigned int build = 0;

    if (flags & VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE)
        build = VIR_STORAGE_POOL_BUILD_OVERWRITE;
    else if (flags & VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE)
        build = VIR_STORAGE_POOL_BUILD_NO_OVERWRITE;
    if ((flags & (VIR_STORAGE_POOL_CREATE_WITH_BUILD |
                  VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE |
                  VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE)) &&
        state->backend->poolBuild(pool, build) < 0)
        return -1;
    if (state->backend->poolRefresh(pool) < 0) {
        virStoragePoolObjClearVolumes(pool);
        return -1;
    }
    pool->active = true;
    if (state->backend->poolMarkActive &&
        state->backend->poolMarkActive(state, pool, true) < 0) {
        pool->active = false;
        virStoragePoolObjClearVolumes(pool);
        return -1;
    }
    return 0;
}


static virStoragePoolPtr
virStoragePoolCreateXMLImpl(virConnectPtr conn, const char *xml, unsigned int flags)
{
    g_autoptr(virStoragePoolDef) def = NULL;
    virStorageState *state;
    virStoragePoolObj *pool;
    virStoragePoolPtr ret = NULL;

    if (!(def = virStoragePoolDefParseString(xml, false)))
        return NULL;
    state = virStorageBegin(conn);
    if (virStorageStateFindPool(state, def->name)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "storage pool '%s' is already defined", def->name);
    } else if ((pool = virStoragePoolAssign(state, &def))) {
        if (virStoragePoolStart(state, pool, flags) < 0)
            virStoragePoolRemove(state, pool);
        else
            ret = virStoragePoolHandle(conn, pool);
    }
    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolBuildImpl(virStoragePoolPtr obj, unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetInactivePool(state, obj->name);
    int ret = pool ? state->backend->poolBuild(pool, flags) : -1;

    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolUndefineImpl(virStoragePoolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetInactivePool(state, obj->name);
    int ret = -1;

    if (pool && (!state->backend->poolForget || state->backend->poolForget(state, pool) == 0)) {
        virStoragePoolRemove(state, pool);
        ret = 0;
    }
    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolCreateImpl(virStoragePoolPtr obj, unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetInactivePool(state, obj->name);
    int ret = pool ? virStoragePoolStart(state, pool, flags) : -1;

    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolDestroyImpl(virStoragePoolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    int ret = -1;

    if (pool && (!state->backend->poolMarkActive ||
                 state->backend->poolMarkActive(state, pool, false) == 0)) {
        pool->active = false;
        virStoragePoolObjClearVolumes(pool);
        if (!pool->persistent)
            virStoragePoolRemove(state, pool);
        ret = 0;
    }
    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolDeleteImpl(virStoragePoolPtr obj, unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetInactivePool(state, obj->name);
    int ret = -1;

    if (pool && flags) {
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                       "zeroing a pool's storage is not supported");
    } else if (pool) {
        ret = state->backend->poolDelete(pool);
    }
    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolRefreshImpl(virStoragePoolPtr obj, unsigned int flags G_GNUC_UNUSED)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    int ret = -1;

    if (pool)
        ret = state->backend->poolRefresh(pool);
    virStorageEnd(state);
    return ret;
}


/* ---- pools: properties ---- */

static int
virStoragePoolGetInfoImpl(virStoragePoolPtr obj, virStoragePoolInfoPtr info)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetPool(state, obj->name);

    if (pool) {
        info->state = pool->active ? VIR_STORAGE_POOL_RUNNING : VIR_STORAGE_POOL_INACTIVE;
        info->capacity = pool->active ? pool->def->capacity : 0;
        info->allocation = pool->active ? pool->def->allocation : 0;
        info->available = pool->active ? pool->def->available : 0;
    }
    virStorageEnd(state);
    return pool ? 0 : -1;
}


static char *
virStoragePoolGetXMLDescImpl(virStoragePoolPtr obj, unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetPool(state, obj->name);
    char *ret = NULL;

    if (pool && (!pool->active || (flags & VIR_STORAGE_XML_INACTIVE))) {
        virStoragePoolDef def = *pool->def;

        /* Sizes are what a started pool measures. */
        def.capacity = def.allocation = def.available = 0;
        ret = virStoragePoolDefFormat(&def, NULL);
    } else if (pool) {
        ret = virStoragePoolDefFormat(pool->def, pool->drift);
    }
    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolIsActiveImpl(virStoragePoolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetPool(state, obj->name);
    int ret = pool ? pool->active : -1;

    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolIsPersistentImpl(virStoragePoolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetPool(state, obj->name);
    int ret = pool ? pool->persistent : -1;

    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolNumOfVolumesImpl(virStoragePoolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    int ret = pool ? (int)pool->volumes->len : -1;

    virStorageEnd(state);
    return ret;
}


static int
virStoragePoolListVolumesImpl(virStoragePoolPtr obj, char **const names, int max)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    int n = 0;

    for (size_t i = 0; pool && i < pool->volumes->len && n < max; i++)
        names[n++] = g_strdup(((virStorageVolObj *)pool->volumes->pdata[i])->def->name);
    virStorageEnd(state);
    return pool ? n : -1;
}


static int
virStoragePoolListAllVolumesImpl(virStoragePoolPtr obj, virStorageVolPtr **vols,
                                 unsigned int flags G_GNUC_UNUSED)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    int n = pool ? (int)pool->volumes->len : -1;

    if (pool && vols) {
        *vols = g_new0(virStorageVolPtr, n + 1);
        for (int i = 0; i < n; i++)
            (*vols)[i] = virStorageVolHandle(obj->conn, pool, pool->volumes->pdata[i]);
    }
    virStorageEnd(state);
    return n;
}


void
virStorageDriverInit(virStorageDriver *drv, const char *name,
                     int (*open)(virConnectPtr conn), void (*close)(virConnectPtr conn))
{
    drv->name = name;
    drv->errorDomain = VIR_FROM_STORAGE;
    drv->storageOpen = open;
    drv->storageClose = close;
    drv->connectNumOfStoragePools = virStorageConnectNumOfStoragePools;
    drv->connectListStoragePools = virStorageConnectListStoragePools;
    drv->connectNumOfDefinedStoragePools = virStorageConnectNumOfDefinedStoragePools;
    drv->connectListDefinedStoragePools = virStorageConnectListDefinedStoragePools;
    drv->connectListAllStoragePools = virStorageConnectListAllStoragePools;
    drv->storagePoolLookupByName = virStoragePoolLookupByNameImpl;
    drv->storagePoolLookupByUUID = virStoragePoolLookupByUUIDImpl;
    drv->storagePoolLookupByVolume = virStoragePoolLookupByVolumeImpl;
    drv->storagePoolCreateXML = virStoragePoolCreateXMLImpl;
    drv->storagePoolDefineXML = virStoragePoolDefineXMLImpl;
    drv->storagePoolBuild = virStoragePoolBuildImpl;
    drv->storagePoolUndefine = virStoragePoolUndefineImpl;
    drv->storagePoolCreate = virStoragePoolCreateImpl;
    drv->storagePoolDestroy = virStoragePoolDestroyImpl;
    drv->storagePoolDelete = virStoragePoolDeleteImpl;
    drv->storagePoolRefresh = virStoragePoolRefreshImpl;
    drv->storagePoolGetInfo = virStoragePoolGetInfoImpl;
    drv->storagePoolGetXMLDesc = virStoragePoolGetXMLDescImpl;
    drv->storagePoolIsActive = virStoragePoolIsActiveImpl;
    drv->storagePoolIsPersistent = virStoragePoolIsPersistentImpl;
    drv->storagePoolNumOfVolumes = virStoragePoolNumOfVolumesImpl;
    drv->storagePoolListVolumes = virStoragePoolListVolumesImpl;
    drv->storagePoolListAllVolumes = virStoragePoolListAllVolumesImpl;
    virStorageVolumeDriverInit(drv);
    virStorageSnapshotDriverInit(drv);
}
