/*
 * storage_snapshot.c: the generic storage driver, volume snapshots
 *
 * The hierarchy lives in each volume's moment tree; names are unique in
 * the pool (pool->snapshotOwners).  The backend changes the images and
 * writes the metadata; this file checks the request first and changes
 * the tree after, the same way the backend changed the metadata.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "storage_driver.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

/* A volume snapshot call: the state locked, the pool and the volume. */
typedef struct {
    virStorageState *state;
    virStoragePoolObj *pool;
    virStorageVolObj *vol;
} virStorageSnapCall;


static bool
virStorageSnapBeginVol(virStorageSnapCall *call, virStorageVolPtr vol)
{
    call->state = virStorageBegin(vol->conn);
    if (!(call->vol = virStorageGetVol(call->state, vol, &call->pool))) {
        virStorageEnd(call->state);
        return false;
    }
    return true;
}


static virMoment *
virStorageSnapLookup(virStorageSnapCall *call, const char *name)
{
    virMoment *m = virMomentTreeLookup(call->vol->snapshots, name);

    if (!m)
        virReportError(VIR_ERR_NO_STORAGE_VOL,
                       "no volume snapshot with matching name '%s' for volume '%s'",
                       name, call->vol->def->name);
    return m;
}


/* Begins a call on the snapshot of @snap: NULL (nothing held) or the
 * snapshot's moment with the state locked. */
static virMoment *
virStorageSnapBegin(virStorageSnapCall *call, virStorageVolSnapshotPtr snap)
{
    virMoment *m;

    if (!virStorageSnapBeginVol(call, snap->vol))
        return NULL;
    if (!(m = virStorageSnapLookup(call, snap->name)))
        virStorageEnd(call->state);
    return m;
}


static virStorageVolSnapshotDef *
virStorageSnapDef(const virMoment *m)
{
    return m->def;
}


/* ---- creation ---- */

/* Whether @def may be taken of @vol: format and the type of the others. */
static int
virStorageSnapCheckType(virStorageVolObj *vol, const virStorageVolSnapshotDef *def)
{
    virMoment *top = virMomentTreeMetaroot(vol->snapshots);
    virMoment *any = virMomentNextPreorder(top, top);

    if (def->type == VIR_VOL_SNAPSHOT_INTERNAL && vol->def->format != VIR_STORAGE_FILE_QCOW2) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "internal snapshot '%s' needs a qcow2 volume, and volume '%s' is %s "
                       "(take an external snapshot instead)", def->name, vol->def->name,
                       virStorageFileFormatTypeToString(vol->def->format));
        return -1;
    }
    if (any && virStorageSnapDef(any)->type != def->type) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "volume '%s' has %s snapshots: snapshot '%s' cannot be %s "
                       "(one volume's snapshots are all of one type)", vol->def->name,
                       virVolSnapshotTypeTypeToString(virStorageSnapDef(any)->type),
                       def->name, virVolSnapshotTypeTypeToString(def->type));
        return -1;
    }
    return 0;
}


static virStorageVolSnapshotPtr
virStorageVolSnapshotCreateXMLImpl(virStorageVolPtr obj, const char *xml,
                                   unsigned int flags)
{
    g_autoptr(virStorageVolSnapshotDef) def = NULL;
    virStorageSnapCall call;
    virStorageVolObj *owner;
    virMoment *current, *m;
    virStorageVolSnapshotPtr ret = NULL;

    if (!(def = virStorageVolSnapshotDefParseString(
              xml, (flags & VIR_STORAGE_VOL_SNAPSHOT_CREATE_VALIDATE) ?
                   VIR_VOL_SNAPSHOT_PARSE_VALIDATE : 0)) ||
        !virStorageSnapBeginVol(&call, obj))
        return NULL;
    if ((owner = g_hash_table_lookup(call.pool->snapshotOwners, def->name))) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "volume snapshot '%s' already exists in pool '%s' (volume '%s')",
                       def->name, call.pool->def->name, owner->def->name);
        goto cleanup;
    }
    if (virStorageSnapCheckType(call.vol, def) < 0)
        goto cleanup;
    current = virMomentTreeGetCurrent(call.vol->snapshots);
    def->volume = g_strdup(call.vol->def->name);
    def->parentName = current ? g_strdup(current->name) : NULL;
    if (call.state->backend->snapCreate(call.pool, call.vol, def) < 0)
        goto cleanup;
    g_clear_pointer(&def->parentName, g_free);
    m = virMomentTreeAdd(call.vol->snapshots, def->name, current, def);
    g_assert(m);   /* the name is free: the pool's index says so */
    def = NULL;
    virMomentTreeSetCurrent(call.vol->snapshots, m);
    virStoragePoolObjIndexSnapshot(call.pool, call.vol, m->name);
    ret = virGetStorageVolSnapshot(obj, m->name);

 cleanup:
    virStorageEnd(call.state);
    return ret;
}


/* ---- queries ---- */

static bool
virStorageSnapFilter(const virMoment *m, unsigned int flags)
{
    unsigned int loc = flags & (VIR_STORAGE_VOL_SNAPSHOT_LIST_INTERNAL |
                                VIR_STORAGE_VOL_SNAPSHOT_LIST_EXTERNAL);

    if (!loc)
        return true;
    return loc & (virStorageSnapDef(m)->type == VIR_VOL_SNAPSHOT_INTERNAL ?
                  VIR_STORAGE_VOL_SNAPSHOT_LIST_INTERNAL :
                  VIR_STORAGE_VOL_SNAPSHOT_LIST_EXTERNAL);
}


/* The snapshots of a volume (@from NULL) or the children of @from. */
static GPtrArray *
virStorageSnapList(virStorageSnapCall *call, virMoment *from, unsigned int flags)
{
    return virMomentTreeList(call->vol->snapshots, from, flags, virStorageSnapFilter);
}


static int
virStorageVolSnapshotNumImpl(virStorageVolPtr obj, unsigned int flags)
{
    virStorageSnapCall call;
    int n;

    if (!virStorageSnapBeginVol(&call, obj))
        return -1;
    n = virMomentTreeCount(call.vol->snapshots, NULL, flags, virStorageSnapFilter);
    virStorageEnd(call.state);
    return n;
}


static int
virStorageVolSnapshotListNamesImpl(virStorageVolPtr obj, char **names, int nameslen,
                                   unsigned int flags)
{
    virStorageSnapCall call;
    g_autoptr(GPtrArray) list = NULL;
    int n = 0;

    if (!virStorageSnapBeginVol(&call, obj))
        return -1;
    list = virStorageSnapList(&call, NULL, flags);
    for (; n < nameslen && n < (int)list->len; n++)
        names[n] = g_strdup(((virMoment *)list->pdata[n])->name);
    virStorageEnd(call.state);
    return n;
}


static int
virStorageSnapHandles(virStorageVolPtr vol, GPtrArray *list,
                      virStorageVolSnapshotPtr **snaps)
{
    if (snaps) {
        *snaps = g_new0(virStorageVolSnapshotPtr, list->len + 1);
        for (size_t i = 0; i < list->len; i++)
            (*snaps)[i] = virGetStorageVolSnapshot(vol, ((virMoment *)list->pdata[i])->name);
    }
    return list->len;
}


static int
virStorageVolListAllSnapshotsImpl(virStorageVolPtr obj, virStorageVolSnapshotPtr **snaps,
                                  unsigned int flags)
{
    virStorageSnapCall call;
    g_autoptr(GPtrArray) list = NULL;
    int n;

    if (!virStorageSnapBeginVol(&call, obj))
        return -1;
    list = virStorageSnapList(&call, NULL, flags);
    n = virStorageSnapHandles(obj, list, snaps);
    virStorageEnd(call.state);
    return n;
}


static int
virStorageVolSnapshotListAllChildrenImpl(virStorageVolSnapshotPtr snap,
                                         virStorageVolSnapshotPtr **snaps,
                                         unsigned int flags)
{
    virStorageSnapCall call;
    g_autoptr(GPtrArray) list = NULL;
    virMoment *m;
    int n;

    if (!(m = virStorageSnapBegin(&call, snap)))
        return -1;
    list = virStorageSnapList(&call, m, flags);
    n = virStorageSnapHandles(snap->vol, list, snaps);
    virStorageEnd(call.state);
    return n;
}


static virStorageVolSnapshotPtr
virStorageVolSnapshotLookupByNameImpl(virStorageVolPtr obj, const char *name,
                                      unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    virStorageVolSnapshotPtr ret = NULL;

    if (!virStorageSnapBeginVol(&call, obj))
        return NULL;
    if (virStorageSnapLookup(&call, name))
        ret = virGetStorageVolSnapshot(obj, name);
    virStorageEnd(call.state);
    return ret;
}


static int
virStorageVolHasCurrentSnapshotImpl(virStorageVolPtr obj, unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    int ret;

    if (!virStorageSnapBeginVol(&call, obj))
        return -1;
    ret = virMomentTreeGetCurrent(call.vol->snapshots) != NULL;
    virStorageEnd(call.state);
    return ret;
}


static virStorageVolSnapshotPtr
virStorageVolSnapshotCurrentImpl(virStorageVolPtr obj, unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    virStorageVolSnapshotPtr ret = NULL;
    virMoment *cur;

    if (!virStorageSnapBeginVol(&call, obj))
        return NULL;
    if ((cur = virMomentTreeGetCurrent(call.vol->snapshots)))
        ret = virGetStorageVolSnapshot(obj, cur->name);
    else
        virReportError(VIR_ERR_NO_STORAGE_VOL,
                       "volume '%s' has no current snapshot", obj->name);
    virStorageEnd(call.state);
    return ret;
}


static virStorageVolSnapshotPtr
virStorageVolSnapshotGetParentImpl(virStorageVolSnapshotPtr snap,
                                   unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    virStorageVolSnapshotPtr ret = NULL;
    virMoment *m, *parent;

    if (!(m = virStorageSnapBegin(&call, snap)))
        return NULL;
    if ((parent = virMomentGetParent(m)))
        ret = virGetStorageVolSnapshot(snap->vol, parent->name);
    else
        virReportError(VIR_ERR_NO_STORAGE_VOL,
                       "volume snapshot '%s' does not have a parent", snap->name);
    virStorageEnd(call.state);
    return ret;
}


static char *
virStorageVolSnapshotGetXMLDescImpl(virStorageVolSnapshotPtr snap,
                                    unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    virMoment *m, *parent;
    char *ret;

    if (!(m = virStorageSnapBegin(&call, snap)))
        return NULL;
    parent = virMomentGetParent(m);
    ret = virStorageVolSnapshotDefFormat(m->def, parent ? parent->name : NULL);
    virStorageEnd(call.state);
    return ret;
}


/* ---- revert, delete, export ---- */

static int
virStorageVolRevertToSnapshotImpl(virStorageVolSnapshotPtr snap,
                                  unsigned int flags G_GNUC_UNUSED)
{
    virStorageSnapCall call;
    virMoment *m;
    int ret;

    if (!(m = virStorageSnapBegin(&call, snap)))
        return -1;
    if ((ret = call.state->backend->snapRevert(call.pool, call.vol, m)) == 0)
        virMomentTreeSetCurrent(call.vol->snapshots, m);
    virStorageEnd(call.state);
    return ret;
}


/* Removes @m's descendants (and @m unless @keep) from the tree and the
 * pool's names; a removed current moves to the nearest ancestor kept. */
static void
virStorageSnapRemove(virStorageSnapCall *call, virMoment *m, bool subtree, bool keep)
{
    if (subtree) {
        for (virMoment *d = virMomentNextPreorder(m, m); d; d = virMomentNextPreorder(d, m))
            virStoragePoolObjUnindexSnapshot(call->pool, d->name);
        virMomentTreeRemoveDescendants(call->vol->snapshots, m);
    }
    if (!keep) {
        virStoragePoolObjUnindexSnapshot(call->pool, m->name);
        virMomentTreeRemove(call->vol->snapshots, m);
    }
}


static int
virStorageVolSnapshotDeleteImpl(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    bool children = flags & VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN;
    bool childrenOnly = flags & VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY;
    bool metadataOnly = flags & VIR_STORAGE_VOL_SNAPSHOT_DELETE_METADATA_ONLY;
    virStorageSnapCall call;
    virMoment *m;
    int ret;

    if (!(m = virStorageSnapBegin(&call, snap)))
        return -1;
    ret = call.state->backend->snapDelete(call.pool, call.vol, m, children, childrenOnly,
                                          metadataOnly);
    if (ret == 0)
        virStorageSnapRemove(&call, m, children || childrenOnly, childrenOnly);
    virStorageEnd(call.state);
    return ret;
}


static virStorageVolPtr
virStorageVolSnapshotExportImpl(virStorageVolSnapshotPtr snap, const char *xml,
                                unsigned int flags G_GNUC_UNUSED)
{
    g_autoptr(virStorageVolDef) def = virStorageVolDefParseString(xml, false);
    virStorageSnapCall call;
    virStorageVolPtr ret = NULL;
    virMoment *m;

    if (!def || !(m = virStorageSnapBegin(&call, snap)))
        return NULL;
    if (def->backingPath) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "export of snapshot '%s' makes a standalone volume: '%s' cannot "
                       "have a backing store", snap->name, def->name);
    } else if (virStoragePoolObjFindVolume(call.pool, def->name)) {
        virReportError(VIR_ERR_STORAGE_VOL_EXIST,
                       "'%s' in pool '%s'",
                       def->name, call.pool->def->name);
    } else if (call.state->backend->snapExport(call.pool, call.vol, m, def) == 0) {
        ret = virGetStorageVol(snap->vol->conn, call.pool->def->name, def->name, def->key);
        virStoragePoolObjAddVolume(call.pool, virStorageVolObjNew(g_steal_pointer(&def)));
    }
    virStorageEnd(call.state);
    return ret;
}


void
virStorageSnapshotDriverInit(virStorageDriver *drv)
{
    drv->storageVolSnapshotCreateXML = virStorageVolSnapshotCreateXMLImpl;
    drv->storageVolSnapshotGetXMLDesc = virStorageVolSnapshotGetXMLDescImpl;
    drv->storageVolSnapshotNum = virStorageVolSnapshotNumImpl;
    drv->storageVolSnapshotListNames = virStorageVolSnapshotListNamesImpl;
    drv->storageVolListAllSnapshots = virStorageVolListAllSnapshotsImpl;
    drv->storageVolSnapshotListAllChildren = virStorageVolSnapshotListAllChildrenImpl;
    drv->storageVolSnapshotLookupByName = virStorageVolSnapshotLookupByNameImpl;
    drv->storageVolHasCurrentSnapshot = virStorageVolHasCurrentSnapshotImpl;
    drv->storageVolSnapshotCurrent = virStorageVolSnapshotCurrentImpl;
    drv->storageVolSnapshotGetParent = virStorageVolSnapshotGetParentImpl;
    drv->storageVolRevertToSnapshot = virStorageVolRevertToSnapshotImpl;
    drv->storageVolSnapshotDelete = virStorageVolSnapshotDeleteImpl;
    drv->storageVolSnapshotExport = virStorageVolSnapshotExportImpl;
}
