/*
 * storage_volume.c: the generic storage driver, volumes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "storage_driver.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER


static virStorageVolPtr
virStorageVolLookupByNameImpl(virStoragePoolPtr obj, const char *name)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    virStorageVolObj *vol = pool ? virStoragePoolObjFindVolume(pool, name) : NULL;
    virStorageVolPtr ret = NULL;

    if (vol)
        ret = virStorageVolHandle(obj->conn, pool, vol);
    else if (pool)
        virReportError(VIR_ERR_NO_STORAGE_VOL,
                       "no storage vol with matching name '%s'", name);
    virStorageEnd(state);
    return ret;
}


/* Key and path are the same thing for file volumes. */
static virStorageVolPtr
virStorageVolLookupPath(virConnectPtr conn, const char *path, const char *what)
{
    virStorageState *state = virStorageBegin(conn);
    virStoragePoolObj *pool = NULL;
    virStorageVolObj *vol = virStorageStateFindVolumePath(state, path, &pool);
    virStorageVolPtr ret = NULL;

    if (vol)
        ret = virStorageVolHandle(conn, pool, vol);
    else
        virReportError(VIR_ERR_NO_STORAGE_VOL, "no storage vol with matching %s '%s'",
                       what, path);
    virStorageEnd(state);
    return ret;
}


static virStorageVolPtr
virStorageVolLookupByKeyImpl(virConnectPtr conn, const char *key)
{
    return virStorageVolLookupPath(conn, key, "key");
}


static virStorageVolPtr
virStorageVolLookupByPathImpl(virConnectPtr conn, const char *path)
{
    return virStorageVolLookupPath(conn, path, "path");
}


/* Marks @def for metadata preallocation, which only a qcow2 image
 * without a backing file has (qemu-img wants extended L2 entries for it). */
static int
virStorageVolCheckPrealloc(virStorageVolDef *def)
{
    if (def->format != VIR_STORAGE_FILE_QCOW2) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "volume '%s' is %s: only qcow2 volumes have metadata to preallocate",
                       def->name, virStorageFileFormatTypeToString(def->format));
        return -1;
    }
    if (def->backingPath) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "volume '%s' has a backing store: its metadata cannot be preallocated",
                       def->name);
        return -1;
    }
    def->preallocMetadata = true;
    return 0;
}


/* Creates volume @def in @obj's pool, a copy of @from when given. */
static virStorageVolPtr
virStorageVolCreate(virStoragePoolPtr obj, virStorageVolDef *def, unsigned int flags,
                    virStorageVolPtr from)
{
    g_autoptr(virStorageVolDef) owned = def;
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = virStorageGetActivePool(state, obj->name);
    virStoragePoolObj *fromPool = NULL;
    virStorageVolObj *src = NULL;
    virStorageVolPtr ret = NULL;

    if (!pool || (from && !(src = virStorageGetVol(state, from, &fromPool))))
        goto cleanup;
    if (flags & VIR_STORAGE_VOL_CREATE_REFLINK) {
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                       "reflink copies are not supported");
        goto cleanup;
    }
    if ((flags & VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA) &&
        virStorageVolCheckPrealloc(def) < 0)
        goto cleanup;
    if (virStoragePoolObjFindVolume(pool, def->name)) {
        virReportError(VIR_ERR_STORAGE_VOL_EXIST,
                       "'%s' in pool '%s'",
                       def->name, obj->name);
        goto cleanup;
    }
    if (state->backend->volCreate(pool, def, src) < 0)
        goto cleanup;
    virStoragePoolObjAddVolume(pool, virStorageVolObjNew(g_steal_pointer(&owned)));
    ret = virGetStorageVol(obj->conn, obj->name, def->name, def->key);

 cleanup:
    virStorageEnd(state);
    return ret;
}


static virStorageVolPtr
virStorageVolCreateXMLImpl(virStoragePoolPtr obj, const char *xml, unsigned int flags)
{
    virStorageVolDef *def = virStorageVolDefParseString(
        xml, flags & VIR_STORAGE_VOL_CREATE_VALIDATE);

    return def ? virStorageVolCreate(obj, def, flags, NULL) : NULL;
}


static virStorageVolPtr
virStorageVolCreateXMLFromImpl(virStoragePoolPtr obj, const char *xml,
                               virStorageVolPtr clonevol, unsigned int flags)
{
    virStorageVolDef *def = virStorageVolDefParseString(
        xml, flags & VIR_STORAGE_VOL_CREATE_VALIDATE);

    if (def && def->backingPath) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "volume '%s' is a copy of '%s': it cannot have a backing store",
                       def->name, clonevol->name);
        virStorageVolDefFree(def);
        return NULL;
    }
    return def ? virStorageVolCreate(obj, def, flags, clonevol) : NULL;
}


static int
virStorageVolDeleteImpl(virStorageVolPtr obj, unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = NULL;
    virStorageVolObj *vol = virStorageGetVol(state, obj, &pool);
    int ret = -1;

    if (!vol)
        goto cleanup;
    if (flags & VIR_STORAGE_VOL_DELETE_ZEROED) {
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                       "zeroing a volume before deleting it is not supported");
        goto cleanup;
    }
    if (virMomentTreeSize(vol->snapshots) > 0 &&
        !(flags & VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot delete volume '%s': it has %zu snapshots "
                       "(use VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS to delete them too)",
                       obj->name, virMomentTreeSize(vol->snapshots));
        goto cleanup;
    }
    if (state->backend->volDelete(pool, vol) < 0)
        goto cleanup;
    virStoragePoolObjRemoveVolume(pool, vol);
    ret = 0;

 cleanup:
    virStorageEnd(state);
    return ret;
}


/* The volume of @obj with fresh sizes (the state locked), or NULL. */
static virStorageVolObj *
virStorageGetVolUpdated(virStorageState *state, virStorageVolPtr obj)
{
    virStoragePoolObj *pool = NULL;
    virStorageVolObj *vol = virStorageGetVol(state, obj, &pool);

    if (vol && state->backend->volUpdate && state->backend->volUpdate(pool, vol) < 0)
        return NULL;
    return vol;
}


static int
virStorageVolGetInfoImpl(virStorageVolPtr obj, virStorageVolInfoPtr info)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStorageVolObj *vol = virStorageGetVolUpdated(state, obj);

    if (vol) {
        info->type = VIR_STORAGE_VOL_FILE;
        info->capacity = vol->def->capacity;
        info->allocation = vol->def->allocation;
    }
    virStorageEnd(state);
    return vol ? 0 : -1;
}


static char *
virStorageVolGetXMLDescImpl(virStorageVolPtr obj, unsigned int flags G_GNUC_UNUSED)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStorageVolObj *vol = virStorageGetVolUpdated(state, obj);
    char *ret = vol ? virStorageVolDefFormat(vol->def) : NULL;

    virStorageEnd(state);
    return ret;
}


static char *
virStorageVolGetPathImpl(virStorageVolPtr obj)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = NULL;
    virStorageVolObj *vol = virStorageGetVol(state, obj, &pool);
    char *ret = vol ? g_strdup(vol->def->path) : NULL;

    virStorageEnd(state);
    return ret;
}


static int
virStorageVolResizeImpl(virStorageVolPtr obj, unsigned long long capacity,
                        unsigned int flags)
{
    virStorageState *state = virStorageBegin(obj->conn);
    virStoragePoolObj *pool = NULL;
    virStorageVolObj *vol = virStorageGetVol(state, obj, &pool);
    int ret = -1;

    if (!vol)
        goto cleanup;
    if (flags & VIR_STORAGE_VOL_RESIZE_ALLOCATE) {
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                       "preallocating on resize is not supported");
        goto cleanup;
    }
    if (flags & VIR_STORAGE_VOL_RESIZE_DELTA) {
        if (flags & VIR_STORAGE_VOL_RESIZE_SHRINK)
            capacity = capacity > vol->def->capacity ? 0 : vol->def->capacity - capacity;
        else
            capacity += vol->def->capacity;
    }
    if (capacity < vol->def->capacity && !(flags & VIR_STORAGE_VOL_RESIZE_SHRINK)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "Can't shrink capacity below current capacity unless "
                       "shrink flag explicitly specified");
        goto cleanup;
    }
    if (capacity == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "cannot resize volume '%s' to 0 bytes",
                       obj->name);
        goto cleanup;
    }
    ret = state->backend->volResize(pool, vol, capacity,
                                    flags & VIR_STORAGE_VOL_RESIZE_SHRINK);

 cleanup:
    virStorageEnd(state);
    return ret;
}


void
virStorageVolumeDriverInit(virStorageDriver *drv)
{
    drv->storageVolLookupByName = virStorageVolLookupByNameImpl;
    drv->storageVolLookupByKey = virStorageVolLookupByKeyImpl;
    drv->storageVolLookupByPath = virStorageVolLookupByPathImpl;
    drv->storageVolCreateXML = virStorageVolCreateXMLImpl;
    drv->storageVolCreateXMLFrom = virStorageVolCreateXMLFromImpl;
    drv->storageVolDelete = virStorageVolDeleteImpl;
    drv->storageVolGetInfo = virStorageVolGetInfoImpl;
    drv->storageVolGetXMLDesc = virStorageVolGetXMLDescImpl;
    drv->storageVolGetPath = virStorageVolGetPathImpl;
    drv->storageVolResize = virStorageVolResizeImpl;
}
