/*
 * qemu_snapshot_delete.c: deleting snapshots on real images
 *
 * An internal snapshot is dropped from each image that holds it: by
 * QEMU's snapshot-delete job when the image is the active layer of the
 * running domain, else by "qemu-img snapshot -d".  An image that is a
 * backing file of the running domain is locked by QEMU: its snapshots
 * can go once the domain is off.
 *
 * An external snapshot froze image F of each disk and put overlay O over
 * it.  Deleting the snapshot merges the one image D that still depends
 * on F (O itself, or the overlay a revert made) into F, so F carries on
 * with the data of both: block-commit in the running QEMU when D is in
 * its chain (an active commit when D is the active layer), else
 * "qemu-img commit" and "qemu-img rebase -u" of the images over D.  D is
 * removed, and every definition that named D (the domain's, and those
 * of other snapshots) names F instead.  When several images depend on F
 * (branches of the tree), or D holds internal snapshots of its own, F
 * stays as it is: only the metadata goes, and nothing any branch sees
 * changes.
 *
 * Children go before their parents (CHILDREN, CHILDREN_ONLY), and each
 * snapshot's metadata goes right after its data, so a failure in the
 * middle leaves metadata that matches the images.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include "qemu_snapshot.h"
#include "qemu_img.h"
#include "qemu_process.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_snapshot_delete");


/* ---- internal ---- */

/* True if @path is a layer of the running domain's disks; *@top says
 * whether it is an active layer. */
static bool
qemuDeleteInLiveChain(virDomainObj *obj, const char *path, bool *top)
{
    *top = false;
    if (!virDomainObjIsActive(obj))
        return false;
    for (size_t i = 0; i < obj->def->ndisks; i++) {
        for (const virStorageSource *l = obj->def->disks[i]->src; l; l = l->backing) {
            if (STREQ_NULLABLE(l->path, path)) {
                *top = l == obj->def->disks[i]->src;
                return true;
            }
        }
    }
    return false;
}


static int
qemuDeleteInternal(virDomainObj *obj, const virDomainSnapshotDef *def)
{
    g_autoptr(GPtrArray) online = g_ptr_array_new();

    for (size_t i = 0; def->dom && i < def->ndisks && i < def->dom->ndisks; i++) {
        const char *image = def->dom->disks[i]->src->path;
        bool top;
        int has;

        if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL)
            continue;
        if (qemuDeleteInLiveChain(obj, image, &top)) {
            if (!top) {
                virReportError(VIR_ERR_OPERATION_INVALID,
                               "image '%s' is a backing file of running domain '%s': "
                               "delete internal snapshot '%s' while the domain is off",
                               image, obj->def->name, def->name);
                return -1;
            }
            g_ptr_array_add(online, (gpointer)image);
            continue;
        }
        /* An image that is gone, or lost the snapshot, has nothing to drop. */
        if (!virFileExists(image))
            continue;
        if ((has = qemuImgSnapshotExists(image, def->name, false)) < 0)
            return -1;
        if (has && qemuImgSnapshotDelete(image, def->name) < 0)
            return -1;
    }
    if (online->len)
        return qemuSnapshotRunJob(obj, "snapshot-delete", def->name, online, false);
    return 0;
}


/* ---- external ---- */

/* What the definitions know of each image: its backing file, or NULL
 * for a layer known to be the bottom (a probed chain ends with
 * <backingStore/>); images whose backing is unknown map to "?". */
#define QEMU_BACKING_UNKNOWN "?"

static void
qemuDeleteAddChain(GHashTable *backing, const virDomainDef *def)
{
    for (size_t i = 0; def && i < def->ndisks; i++) {
        for (const virStorageSource *l = def->disks[i]->src; l && l->path; l = l->backing) {
            const char *below = l->backing ? l->backing->path :
                                l->terminated ? NULL : QEMU_BACKING_UNKNOWN;
            gpointer old;

            if (!g_hash_table_lookup_extended(backing, l->path, NULL, &old) ||
                STREQ_NULLABLE(old, QEMU_BACKING_UNKNOWN))
                g_hash_table_insert(backing, l->path, (gpointer)below);
        }
    }
}


static GHashTable *
qemuDeleteKnownImages(virDomainObj *obj)
{
    GHashTable *backing = g_hash_table_new(g_str_hash, g_str_equal);
    virMoment *meta = virMomentTreeMetaroot(obj->snapshots);

    qemuDeleteAddChain(backing, obj->def);
    qemuDeleteAddChain(backing, obj->newDef);
    for (virMoment *m = virMomentNextPreorder(meta, meta); m;
         m = virMomentNextPreorder(m, meta)) {
        const virDomainSnapshotDef *def = m->def;

        qemuDeleteAddChain(backing, def->dom);
        for (size_t i = 0; i < def->ndisks; i++) {
            const char *path = def->disks[i].src ? def->disks[i].src->path : NULL;

            if (path && !g_hash_table_contains(backing, path))
                g_hash_table_insert(backing, (gpointer)path, (gpointer)QEMU_BACKING_UNKNOWN);
        }
    }
    return backing;
}


/* The known images whose backing file is @path (new strings); asks
 * qemu-img only about images the definitions do not describe. */
static GPtrArray *
qemuDeleteDependents(GHashTable *known, const char *path)
{
    GPtrArray *deps = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, known);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        g_autofree char *backing = NULL;
        unsigned int nsnapshots;

        if (STREQ(key, path) || !virFileExists(key))
            continue;
        if (STRNEQ_NULLABLE(value, QEMU_BACKING_UNKNOWN)) {
            if (STREQ_NULLABLE(value, path))
                g_ptr_array_add(deps, g_strdup(key));
            continue;
        }
        /* Overlays are qcow2: their header names the backing file. */
        if (qemuImgReadQcow2Header(key, &backing, &nsnapshots) < 0) {
            virResetLastError();
            continue;
        }
        if (STREQ_NULLABLE(backing, path))
            g_ptr_array_add(deps, g_strdup(key));
    }
    return deps;
}


/* Names @frozen instead of @merged in every definition. */
static int
qemuDeleteRenameImage(qemuDriver *driver, virDomainObj *obj, const char *merged,
                      const char *frozen, int format)
{
    virMoment *meta = virMomentTreeMetaroot(obj->snapshots);
    int ret = 0;

    for (virMoment *m = virMomentNextPreorder(meta, meta); m;
         m = virMomentNextPreorder(m, meta)) {
        virDomainSnapshotDef *def = m->def;

        /* Definitions are shared: change a copy. */
        if (def->dom && qemuSnapshotDefMentions(def->dom, merged)) {
            virDomainDef *copy = virDomainDefCopy(def->dom);

            qemuSnapshotDefDropLayer(copy, merged, frozen, format);
            virDomainDefUnref(def->dom);
            def->dom = copy;
            if (qemuSnapshotSave(driver, obj, m) < 0)
                ret = -1;
        }
    }
    if (qemuSnapshotDefMentions(obj->def, merged) ||
        qemuSnapshotDefMentions(obj->newDef, merged)) {
        virDomainDef *live = virDomainDefCopy(obj->def);
        virDomainDef *persistent = obj->newDef ? virDomainDefCopy(obj->newDef) : NULL;

        qemuSnapshotDefDropLayer(live, merged, frozen, format);
        qemuSnapshotDefDropLayer(persistent, merged, frozen, format);
        virDomainObjSetDefs(obj, live, persistent);
        if (obj->persistent && qemuDomainSaveConfig(driver, obj) < 0)
            ret = -1;
        if (virDomainObjIsActive(obj) && qemuDomainSaveStatus(driver, obj) < 0)
            ret = -1;
    }
    return ret;
}


/* Removes format node @node and its storage node from QEMU (a failure
 * only leaks the nodes until QEMU stops). */
static void
qemuDeleteNodes(qemuMonitor *mon, const char *node)
{
    g_autofree char *file = g_strdup_printf("%s-file", node);
    const char *names[] = { node, file };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (qemuMonitorCommand(mon, "blockdev-del",
                               qemuMonitorArgs("s:node-name", names[i], NULL), NULL) < 0)
            VIR_WARN("cannot remove block node '%s': %s", names[i], virGetLastErrorMessage());
    }
}


/* Merges @merged (which depends on @frozen alone of the known images)
 * into @frozen: in QEMU if it is in the running chain, else on files. */
static int
qemuDeleteMerge(virDomainObj *obj, GHashTable *known, const char *merged,
                const char *frozen, const char *frozenFormat)
{
    bool top;

    if (qemuDeleteInLiveChain(obj, merged, &top)) {
        qemuMonitor *mon = qemuDomainPriv(obj)->mon;
        g_autofree char *topNode = qemuSnapshotNodeName(obj, merged);
        g_autofree char *baseNode = qemuSnapshotNodeName(obj, frozen);
        g_autofree char *device = NULL;
        json_object *args;

        if (!topNode || !baseNode)
            return -1;
        /* The job runs on the disk whose chain has the images. */
        for (size_t i = 0; i < obj->def->ndisks && !device; i++) {
            for (const virStorageSource *l = obj->def->disks[i]->src; l; l = l->backing) {
                if (STREQ_NULLABLE(l->path, merged)) {
                    if (!(device = qemuSnapshotNodeName(obj, obj->def->disks[i]->src->path)))
                        return -1;
                    break;
                }
            }
        }
        if (!device)
            return -1;
        args = qemuMonitorArgs("s:job-id", "snapvirt-commit", "s:device", device,
                               "s:top-node", topNode, "s:base-node", baseNode,
                               "b:auto-dismiss", false, NULL);
        if (qemuMonitorRunJob(mon, "block-commit", args, "snapvirt-commit",
                              QEMU_SNAPSHOT_JOB_TIMEOUT) < 0)
            return -1;
        /* The merged layer left the chain but its nodes stay in QEMU,
         * holding @frozen as their backing: a later blockdev-snapshot
         * on @frozen would find it busy.  Drop them, format node first. */
        qemuDeleteNodes(mon, topNode);
        g_hash_table_remove(qemuDomainPriv(obj)->nodes, merged);
    } else if (qemuImgCommit(merged) < 0) {
        return -1;
    }

    /* Images over @merged outside the running chain now sit on @frozen
     * (QEMU rewrote the one in its chain itself). */
    {
        g_autoptr(GPtrArray) above = qemuDeleteDependents(known, merged);

        for (size_t i = 0; i < above->len; i++) {
            bool liveTop;

            if (qemuDeleteInLiveChain(obj, above->pdata[i], &liveTop))
                continue;
            if (qemuImgRebaseUnsafe(above->pdata[i], frozen, frozenFormat) < 0)
                return -1;
        }
    }
    if (unlink(merged) < 0 && errno != ENOENT)
        VIR_WARN("cannot remove merged image '%s': %s", merged, g_strerror(errno));
    return 0;
}


static int
qemuDeleteExternal(qemuDriver *driver, virDomainObj *obj, const virDomainSnapshotDef *def)
{
    for (size_t i = 0; def->dom && i < def->ndisks && i < def->dom->ndisks; i++) {
        const virStorageSource *frozen = def->dom->disks[i]->src;
        g_autoptr(GHashTable) known = NULL;
        g_autoptr(GPtrArray) deps = NULL;
        g_autofree char *merged = NULL;
        g_autofree char *snaps = NULL;
        const char *fmt;
        int has;

        if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL ||
            !frozen->path || !virFileExists(frozen->path))
            continue;
        known = qemuDeleteKnownImages(obj);
        deps = qemuDeleteDependents(known, frozen->path);
        if (deps->len != 1) {
            VIR_DEBUG("keeping '%s': %u images depend on it", frozen->path, deps->len);
            continue;
        }
        merged = g_strdup(deps->pdata[0]);
        /* qemu-img commit would lose the internal snapshots of @merged. */
        if ((has = qemuImgSnapshotCount(merged)) != 0) {
            if (has < 0)
                return -1;
            VIR_DEBUG("keeping '%s': '%s' has internal snapshots", frozen->path, merged);
            continue;
        }
        fmt = virStorageFileFormatTypeToString(frozen->format ? frozen->format
                                                              : VIR_STORAGE_FILE_QCOW2);
        if (qemuDeleteMerge(obj, known, merged, frozen->path, fmt) < 0 ||
            qemuDeleteRenameImage(driver, obj, merged, frozen->path,
                                  frozen->format ? frozen->format
                                                 : VIR_STORAGE_FILE_QCOW2) < 0)
            return -1;
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL && def->memoryFile &&
        unlink(def->memoryFile) < 0 && errno != ENOENT)
        VIR_WARN("cannot remove memory file '%s': %s", def->memoryFile, g_strerror(errno));
    return 0;
}


/* ---- the entry point ---- */

/* Drops the data of @moment (unless metadata only), then its metadata;
 * its children move to its parent. */
static int
qemuDeleteOne(qemuDriver *driver, virDomainObj *obj, virMoment *moment, bool data)
{
    virDomainSnapshotDef *def = moment->def;
    g_autoptr(GPtrArray) children = g_ptr_array_new();
    g_autofree char *name = g_strdup(moment->name);
    int ret = 0;

    if (data && (virDomainSnapshotDefIsInternal(def) ? qemuDeleteInternal(obj, def)
                                                : qemuDeleteExternal(driver, obj, def)) < 0)
        return -1;
    for (virMoment *c = moment->firstChild; c; c = c->next)
        g_ptr_array_add(children, c);
    /* As in libvirt, the parent becomes current if @moment was. */
    virMomentTreeRemove(obj->snapshots, moment);
    if (qemuSnapshotRemoveFile(driver, obj, name) < 0)
        ret = -1;
    for (size_t i = 0; i < children->len; i++) {
        if (qemuSnapshotSave(driver, obj, children->pdata[i]) < 0)
            ret = -1;
    }
    return ret;
}


int
qemuDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags)
{
    qemuDriver *driver = snap->domain->conn->privateData;
    bool data = !(flags & VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY);
    g_autoptr(GPtrArray) doomed = NULL;
    virDomainObj *obj;
    virMoment *moment;
    virMoment *current;
    bool journal = false;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                  VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY, -1);
    if (!(moment = qemuSnapshotBegin(snap, &obj)))
        return -1;
    if (data && qemuSnapshotCheckNotInterrupted(obj) < 0)
        goto cleanup;

    /* Leaves first: reverse pre-order of the subtree. */
    if (flags & (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                 VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        doomed = virMomentTreeList(obj->snapshots, moment, VIR_MOMENT_LIST_DESCENDANTS,
                                   NULL);
    } else {
        doomed = g_ptr_array_new();
    }
    if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY))
        g_ptr_array_insert(doomed, 0, moment);
    current = virMomentTreeGetCurrent(obj->snapshots);

    /* Only merging files needs the journal: an internal snapshot whose
     * metadata outlives its tag is reported by revert and skipped by
     * delete. */
    if (data) {
        journal = false;
        for (size_t i = 0; i < doomed->len && !journal; i++)
            journal = virDomainSnapshotDefIsExternal(((virMoment *)doomed->pdata[i])->def);
    }
    if (journal && qemuSnapshotJournalBegin(driver, obj, "deletion", moment->name, NULL) < 0)
        goto cleanup;
    ret = 0;
    for (size_t i = doomed->len; i > 0 && ret == 0; i--)
        ret = qemuDeleteOne(driver, obj, doomed->pdata[i - 1], data);
    if (virMomentTreeGetCurrent(obj->snapshots) != current &&
        qemuSnapshotSaveCurrent(driver, obj) < 0)
        ret = -1;
    if (journal) {
        virErrorPtr saved = NULL;

        virErrorPreserveLast(&saved);
        qemuSnapshotJournalEnd(driver, obj);
        virErrorRestore(&saved);
    }

 cleanup:
    qemuDomainEnd(obj);
    return ret;
}
