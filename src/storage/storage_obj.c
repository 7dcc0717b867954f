/*
 * storage_obj.c: the storage driver's objects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "storage_state.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

VIR_LOG_INIT("storage.storage_obj");


virStorageState *
virStorageStateNew(const virStorageBackend *backend, const char *root)
{
    virStorageState *state = g_new0(virStorageState, 1);

    g_mutex_init(&state->lock);
    state->backend = backend;
    state->pools = g_ptr_array_new_with_free_func((GDestroyNotify)virStoragePoolObjFree);
    state->root = g_strdup(root);
    state->refs = 1;
    return state;
}


void
virStorageStateFree(virStorageState *state)
{
    if (!state)
        return;
    g_ptr_array_unref(state->pools);
    g_free(state->root);
    g_mutex_clear(&state->lock);
    g_free(state);
}


virStoragePoolObj *
virStoragePoolObjNew(virStoragePoolDef *def)
{
    virStoragePoolObj *pool = g_new0(virStoragePoolObj, 1);

    pool->def = def;
    pool->volumes = g_ptr_array_new_with_free_func((GDestroyNotify)virStorageVolObjFree);
    pool->snapshotOwners = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    pool->drift = g_ptr_array_new_with_free_func(g_free);
    return pool;
}


void
virStoragePoolObjFree(virStoragePoolObj *pool)
{
    if (!pool)
        return;
    g_ptr_array_unref(pool->volumes);
    g_hash_table_unref(pool->snapshotOwners);
    g_ptr_array_unref(pool->drift);
    virStoragePoolDefFree(pool->def);
    g_free(pool);
}


void
virStoragePoolObjClearVolumes(virStoragePoolObj *pool)
{
    g_ptr_array_set_size(pool->volumes, 0);
    g_hash_table_remove_all(pool->snapshotOwners);
    g_ptr_array_set_size(pool->drift, 0);
}


void
virStoragePoolObjAddDrift(virStoragePoolObj *pool, const char *volume, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    VIR_WARN("pool '%s', volume '%s': %s", pool->def->name, volume, msg);
    g_ptr_array_add(pool->drift, g_strdup_printf("%s\t%s", volume, msg));
}


static void
virStorageVolSnapshotDefFreeVoid(void *def)
{
    virStorageVolSnapshotDefFree(def);
}


virStorageVolObj *
virStorageVolObjNew(virStorageVolDef *def)
{
    virStorageVolObj *vol = g_new0(virStorageVolObj, 1);

    vol->def = def;
    vol->snapshots = virMomentTreeNew(virStorageVolSnapshotDefFreeVoid);
    return vol;
}


void
virStorageVolObjFree(virStorageVolObj *vol)
{
    if (!vol)
        return;
    virMomentTreeFree(vol->snapshots);
    virStorageVolDefFree(vol->def);
    g_free(vol);
}


static gint
virStorageVolObjCompare(gconstpointer a, gconstpointer b)
{
    const virStorageVolObj *va = *(virStorageVolObj *const *)a;
    const virStorageVolObj *vb = *(virStorageVolObj *const *)b;

    return strcmp(va->def->name, vb->def->name);
}


void
virStoragePoolObjAddVolume(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    g_ptr_array_add(pool->volumes, vol);
    g_ptr_array_sort(pool->volumes, virStorageVolObjCompare);
}


void
virStoragePoolObjRemoveVolume(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    virMoment *top = virMomentTreeMetaroot(vol->snapshots);

    for (virMoment *m = virMomentNextPreorder(top, top); m; m = virMomentNextPreorder(m, top))
        g_hash_table_remove(pool->snapshotOwners, m->name);
    g_ptr_array_remove(pool->volumes, vol);
}


virStorageVolObj *
virStoragePoolObjFindVolume(virStoragePoolObj *pool, const char *name)
{
    for (size_t i = 0; i < pool->volumes->len; i++) {
        virStorageVolObj *vol = pool->volumes->pdata[i];

        if (STREQ(vol->def->name, name))
            return vol;
    }
    return NULL;
}


void
virStoragePoolObjIndexSnapshot(virStoragePoolObj *pool, virStorageVolObj *vol,
                               const char *name)
{
    g_hash_table_insert(pool->snapshotOwners, g_strdup(name), vol);
}


void
virStoragePoolObjUnindexSnapshot(virStoragePoolObj *pool, const char *name)
{
    g_hash_table_remove(pool->snapshotOwners, name);
}


static const char *
virStorageVolSnapshotParentName(const void *def)
{
    return ((const virStorageVolSnapshotDef *)def)->parentName;
}


/* Keeps the definitions the pool can take: a name free in the pool, a
 * parent among the others (else the snapshot becomes a root). */
static void
virStorageVolObjFilterLoaded(virStoragePoolObj *pool, virStorageVolObj *vol,
                             GPtrArray *defs)
{
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

    for (size_t i = 0; i < defs->len; ) {
        virStorageVolSnapshotDef *def = defs->pdata[i];

        if (g_hash_table_contains(pool->snapshotOwners, def->name) ||
            g_hash_table_contains(names, def->name)) {
            virStoragePoolObjAddDrift(pool, vol->def->name,
                                      "snapshot '%s' is recorded twice in the pool; "
                                      "ignored", def->name);
            g_ptr_array_remove_index(defs, i);
            continue;
        }
        g_hash_table_add(names, def->name);
        i++;
    }
    for (size_t i = 0; i < defs->len; i++) {
        virStorageVolSnapshotDef *def = defs->pdata[i];

        if (def->parentName && !g_hash_table_contains(names, def->parentName)) {
            virStoragePoolObjAddDrift(pool, vol->def->name,
                                      "parent '%s' of snapshot '%s' is missing; the "
                                      "snapshot is shown as a root",
                                      def->parentName, def->name);
            g_clear_pointer(&def->parentName, g_free);
        }
    }
}


int
virStorageVolObjLoadSnapshots(virStoragePoolObj *pool, virStorageVolObj *vol,
                              GPtrArray *defs, const char *current)
{
    g_autoptr(GPtrArray) moments = g_ptr_array_new();
    g_autofree char *owner = g_strdup_printf("volume '%s'", vol->def->name);

    virStorageVolObjFilterLoaded(pool, vol, defs);
    g_ptr_array_set_free_func(defs, NULL);
    for (size_t i = 0; i < defs->len; i++) {
        virStorageVolSnapshotDef *def = g_steal_pointer(&defs->pdata[i]);

        /* Names are unique here: the filter saw to it. */
        g_ptr_array_add(moments, virMomentTreeAddUnlinked(vol->snapshots, def->name, def));
    }
    if (virMomentTreeLinkAll(vol->snapshots, moments, virStorageVolSnapshotParentName,
                             owner) < 0)
        return -1;
    for (size_t i = 0; i < moments->len; i++) {
        virMoment *m = moments->pdata[i];

        g_clear_pointer(&((virStorageVolSnapshotDef *)m->def)->parentName, g_free);
        virStoragePoolObjIndexSnapshot(pool, vol, m->name);
    }
    if (current) {
        virMoment *cur = virMomentTreeLookup(vol->snapshots, current);

        if (!cur)
            virStoragePoolObjAddDrift(pool, vol->def->name,
                                      "current snapshot '%s' is missing", current);
        virMomentTreeSetCurrent(vol->snapshots, cur);
    }
    return 0;
}


virStoragePoolObj *
virStorageStateFindPool(virStorageState *state, const char *name)
{
    for (size_t i = 0; i < state->pools->len; i++) {
        virStoragePoolObj *pool = state->pools->pdata[i];

        if (STREQ(pool->def->name, name))
            return pool;
    }
    return NULL;
}


virStoragePoolObj *
virStorageStateFindPoolUUID(virStorageState *state, const unsigned char *uuid)
{
    for (size_t i = 0; i < state->pools->len; i++) {
        virStoragePoolObj *pool = state->pools->pdata[i];

        if (memcmp(pool->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return pool;
    }
    return NULL;
}


virStorageVolObj *
virStorageStateFindVolumePath(virStorageState *state, const char *path,
                              virStoragePoolObj **pool)
{
    g_autofree char *canon = g_canonicalize_filename(path, "/");

    for (size_t i = 0; i < state->pools->len; i++) {
        virStoragePoolObj *p = state->pools->pdata[i];

        if (!p->active)
            continue;
        for (size_t j = 0; j < p->volumes->len; j++) {
            virStorageVolObj *vol = p->volumes->pdata[j];

            if (STREQ(vol->def->key, path) || STREQ(vol->def->path, canon)) {
                *pool = p;
                return vol;
            }
        }
    }
    return NULL;
}
