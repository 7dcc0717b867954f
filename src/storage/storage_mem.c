/*
 * storage_mem.c: the memory backend (the test driver's storage)
 *
 * Pools, volumes and volume snapshots exist only as objects: nothing is
 * written anywhere, and a volume's "data" is its sizes.  The rules are
 * the directory backend's (the generic driver checks them): internal
 * snapshots need qcow2, an external one turns the volume into a qcow2
 * overlay on the snapshot's image, named as the directory backend would.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "storage_driver.h"
#include "conf/node_conf.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

/* Gives pretend sizes to pretend pools. */
#define STORAGE_MEM_POOL_SIZE (100ULL * 1024 * 1024 * 1024)

static GMutex virStorageMemStatesLock;
static GHashTable *virStorageMemStates;   /* owner -> virStorageState */


static int
virStorageMemOk(virStoragePoolObj *pool G_GNUC_UNUSED, unsigned int flags G_GNUC_UNUSED)
{
    return 0;
}


/* Sizes the pool by its volumes' allocations, leaving out @gone and
 * counting @added (a volume not listed yet). */
static int
virStorageMemPoolSizes(virStoragePoolObj *pool, const virStorageVolObj *gone,
                       const virStorageVolDef *added)
{
    pool->def->capacity = STORAGE_MEM_POOL_SIZE;
    pool->def->available = STORAGE_MEM_POOL_SIZE;
    if (added)
        pool->def->available -= MIN(pool->def->available, added->allocation);
    for (size_t i = 0; i < pool->volumes->len; i++) {
        virStorageVolObj *vol = pool->volumes->pdata[i];

        if (vol != gone)
            pool->def->available -= MIN(pool->def->available, vol->def->allocation);
    }
    pool->def->allocation = pool->def->capacity - pool->def->available;
    return 0;
}


static int
virStorageMemPoolOk(virStoragePoolObj *pool)
{
    return virStorageMemPoolSizes(pool, NULL, NULL);
}


static int
virStorageMemVolCreate(virStoragePoolObj *pool, virStorageVolDef *def,
                       virStorageVolObj *from)
{
    if (from && !def->capacity)
        def->capacity = from->def->capacity;
    if (!def->capacity && def->backingPath) {
        virStorageVolObj *base = NULL;

        for (size_t i = 0; !base && i < pool->volumes->len; i++) {
            virStorageVolObj *v = pool->volumes->pdata[i];

            if (STREQ(v->def->path, def->backingPath))
                base = v;
        }
        if (!base) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "backing store '%s' of volume '%s' is not a volume of pool '%s'",
                           def->backingPath, def->name, pool->def->name);
            return -1;
        }
        def->capacity = base->def->capacity;
    }
    if (!def->capacity) {
        virReportError(VIR_ERR_INVALID_ARG, "volume '%s' needs a capacity", def->name);
        return -1;
    }
    def->path = g_build_filename(pool->def->path, def->name, NULL);
    def->key = g_strdup(def->path);
    /* As given (libvirt's test driver keeps it), else what a new image takes. */
    if (!def->allocation)
        def->allocation = def->format == VIR_STORAGE_FILE_RAW ? def->capacity : 196608;
    /* qcow2: one 8-byte L2 entry per 64 KiB cluster */
    if (def->preallocMetadata)
        def->allocation += def->capacity / 8192;
    return virStorageMemPoolSizes(pool, NULL, def);   /* not listed yet */
}


static int
virStorageMemVolDelete(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    return virStorageMemPoolSizes(pool, vol, NULL);   /* still listed */
}


static int
virStorageMemVolResize(virStoragePoolObj *pool G_GNUC_UNUSED, virStorageVolObj *vol,
                       unsigned long long capacity, bool shrink G_GNUC_UNUSED)
{
    vol->def->capacity = capacity;
    return 0;
}


static int
virStorageMemSnapCreate(virStoragePoolObj *pool, virStorageVolObj *vol,
                        virStorageVolSnapshotDef *def)
{
    if (def->type == VIR_VOL_SNAPSHOT_EXTERNAL) {
        def->overlayPath = g_build_filename(pool->def->path, ".snapvirt", "images",
                                            def->name, NULL);
        def->overlayFormat = vol->def->format;
        vol->def->format = VIR_STORAGE_FILE_QCOW2;
        g_free(vol->def->backingPath);
        vol->def->backingPath = g_strdup(def->overlayPath);
        vol->def->backingFormat = def->overlayFormat;
    }
    return 0;
}


static int
virStorageMemSnapRevert(virStoragePoolObj *pool G_GNUC_UNUSED, virStorageVolObj *vol,
                        virMoment *snap)
{
    virStorageVolSnapshotDef *def = snap->def;

    if (def->type == VIR_VOL_SNAPSHOT_EXTERNAL) {
        g_free(vol->def->backingPath);
        vol->def->backingPath = g_strdup(def->overlayPath);
        vol->def->backingFormat = def->overlayFormat;
    }
    return 0;
}


static int
virStorageMemSnapDelete(virStoragePoolObj *pool G_GNUC_UNUSED,
                        virStorageVolObj *vol G_GNUC_UNUSED, virMoment *snap G_GNUC_UNUSED,
                        bool children G_GNUC_UNUSED, bool childrenOnly G_GNUC_UNUSED,
                        bool metadataOnly G_GNUC_UNUSED)
{
    return 0;
}


static int
virStorageMemSnapExport(virStoragePoolObj *pool, virStorageVolObj *vol,
                        virMoment *snap G_GNUC_UNUSED, virStorageVolDef *def)
{
    def->capacity = vol->def->capacity;
    return virStorageMemVolCreate(pool, def, NULL);
}


static const virStorageBackend virStorageMemBackend = {
    .poolBuild = virStorageMemOk,
    .poolDelete = virStorageMemPoolOk,
    .poolRefresh = virStorageMemPoolOk,
    .volCreate = virStorageMemVolCreate,
    .volDelete = virStorageMemVolDelete,
    .volResize = virStorageMemVolResize,
    .snapCreate = virStorageMemSnapCreate,
    .snapRevert = virStorageMemSnapRevert,
    .snapDelete = virStorageMemSnapDelete,
    .snapExport = virStorageMemSnapExport,
};


/* A started pool with @seed's definition and volumes (copies). */
static virStoragePoolObj *
virStorageMemPoolNew(const virNodePoolDef *seed)
{
    g_autoptr(virStoragePoolObj) pool = virStoragePoolObjNew(virStoragePoolDefCopy(seed->def));

    pool->active = pool->persistent = true;
    for (size_t i = 0; i < seed->volumes->len; i++) {
        g_autoptr(virStorageVolDef) def = virStorageVolDefCopy(seed->volumes->pdata[i]);

        if (virStoragePoolObjFindVolume(pool, def->name)) {
            virReportError(VIR_ERR_STORAGE_VOL_EXIST, "'%s' in pool '%s'",
                           def->name, pool->def->name);
            return NULL;
        }
        if (virStorageMemVolCreate(pool, def, NULL) < 0)
            return NULL;
        virStoragePoolObjAddVolume(pool, virStorageVolObjNew(g_steal_pointer(&def)));
    }
    virStorageMemPoolOk(pool);
    return g_steal_pointer(&pool);
}


int
virStorageMemOpen(virConnectPtr conn, const void *owner, const GPtrArray *pools)
{
    virStorageState *state;
    int ret = 0;

    g_mutex_lock(&virStorageMemStatesLock);
    if (!virStorageMemStates)
        virStorageMemStates = g_hash_table_new(NULL, NULL);
    if ((state = g_hash_table_lookup(virStorageMemStates, owner))) {
        g_atomic_int_inc(&state->refs);
    } else {
        state = virStorageStateNew(&virStorageMemBackend, NULL);
        for (size_t i = 0; ret == 0 && pools && i < pools->len; i++) {
            virStoragePoolObj *pool = virStorageMemPoolNew(pools->pdata[i]);

            if (pool)
                g_ptr_array_add(state->pools, pool);
            else
                ret = -1;
        }
        if (ret < 0) {
            virStorageStateFree(state);
            state = NULL;
        } else {
            state->root = g_strdup_printf("%p", owner);
            g_hash_table_insert(virStorageMemStates, (gpointer)owner, state);
        }
    }
    g_mutex_unlock(&virStorageMemStatesLock);
    conn->storagePrivateData = state;
    return ret;
}


void
virStorageMemClose(virConnectPtr conn, const void *owner)
{
    virStorageState *state = conn->storagePrivateData;
    bool last;

    if (!state)
        return;
    g_mutex_lock(&virStorageMemStatesLock);
    if ((last = g_atomic_int_dec_and_test(&state->refs)))
        g_hash_table_remove(virStorageMemStates, owner);
    g_mutex_unlock(&virStorageMemStatesLock);
    if (last)
        virStorageStateFree(state);
    conn->storagePrivateData = NULL;
}
