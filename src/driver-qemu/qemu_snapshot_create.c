/*
 * qemu_snapshot_create.c: taking snapshots on real images
 *
 * Internal snapshots live inside the qcow2 images of the disks: while
 * the domain runs, QEMU's snapshot-save job writes the disks' snapshot
 * and the VM state (into the first disk) at one point in time; while it
 * is off, "qemu-img snapshot -c" does it image by image, undoing the
 * images done so far if one fails.
 *
 * External snapshots freeze each disk's active image and put a new qcow2
 * overlay over it.  While the domain runs, the overlays are opened with
 * blockdev-add and switched in by one "transaction" of blockdev-snapshot
 * actions, so all disks move at the same instant or none does; the VM
 * state, if asked for, is first saved to the memory file by migrating
 * to it (a raw QEMU migration stream, unlike libvirt's save-image
 * format).  While the domain is off, the overlays are simply created.
 *
 * Every image change happens inside the journal (qemu_snapshot_store.c),
 * and all checks come first, so a refused call changes nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <fcntl.h>
#include <unistd.h>

#include "qemu_snapshot.h"
#include "qemu_img.h"
#include "qemu_process.h"
#include "conf/snapshot_ops.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_snapshot_create");

#define QEMU_SNAPSHOT_CREATE_FLAGS (VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE * 2 - 1)


/* What a new snapshot does to each disk. */
typedef struct {
    GPtrArray *internal;       /* image paths with an internal snapshot */
    GPtrArray *external;       /* indexes (as pointers) of external disks */
    GPtrArray *created;        /* overlay files this call made */
    bool memoryExternal;
} qemuSnapshotPlan;


static void
qemuSnapshotPlanClear(qemuSnapshotPlan *plan)
{
    g_clear_pointer(&plan->internal, g_ptr_array_unref);
    g_clear_pointer(&plan->external, g_ptr_array_unref);
    g_clear_pointer(&plan->created, g_ptr_array_unref);
}


/* Checks the overlay of external disk @i: qcow2, not in the disk's own
 * chain, existing exactly when REUSE_EXT (@reuse) says so, and not shared
 * with a disk planned before. */
static int
qemuSnapshotCheckOverlay(virDomainObj *obj, const virDomainSnapshotDef *def,
                         const qemuSnapshotPlan *plan, size_t i, bool reuse)
{
    const virDomainSnapshotDiskDef *sdisk = &def->disks[i];
    const virDomainDiskDef *disk = obj->def->disks[i];
    const char *overlay = sdisk->src->path;

    if (sdisk->src->format && sdisk->src->format != VIR_STORAGE_FILE_QCOW2) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "external snapshot format for disk %s is unsupported: %s",
                       disk->dst,
                       virStorageFileFormatTypeToString(sdisk->src->format));
        return -1;
    }
    if (qemuSnapshotDefMentions(obj->def, overlay)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "overlay '%s' is part of the backing chain of disk %s",
                       overlay, disk->dst);
        return -1;
    }
    if (reuse && !virFileExists(overlay)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "missing existing file for disk %s: %s", disk->dst, overlay);
        return -1;
    }
    if (!reuse && virFileExists(overlay)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "external snapshot file for disk %s already exists and is not a block device: %s",
                       disk->dst, overlay);
        return -1;
    }
    for (size_t j = 0; j < plan->external->len; j++) {
        size_t k = GPOINTER_TO_SIZE(plan->external->pdata[j]);

        if (STREQ(def->disks[k].src->path, overlay)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disks %s and %s cannot share the overlay '%s'",
                           def->disks[k].name, disk->dst, overlay);
            return -1;
        }
    }
    return 0;
}


/* Sorts the disks of @def into internal and external ones, refusing
 * what cannot work: a mix of both, internal snapshots of raw images,
 * overlays that exist (without REUSE_EXT) or do not (with it). */
static int
qemuSnapshotPlanNew(virDomainObj *obj, const virDomainSnapshotDef *def,
                    unsigned int flags, qemuSnapshotPlan *plan)
{
    bool reuse = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT;

    plan->internal = g_ptr_array_new_with_free_func(g_free);
    plan->external = g_ptr_array_new();
    plan->created = g_ptr_array_new_with_free_func(g_free);
    plan->memoryExternal = def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;

    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *sdisk = &def->disks[i];
        const virDomainDiskDef *disk = obj->def->disks[i];

        if (sdisk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL) {
            if (disk->src->format != VIR_STORAGE_FILE_QCOW2) {
                virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                               "internal snapshot for disk %s unsupported for storage type %s",
                               disk->dst, virStorageFileFormatTypeToString(disk->src->format));
                return -1;
            }
            /* Running, QEMU's snapshot-save refuses a tag that exists. */
            if (!virDomainObjIsActive(obj) &&
                qemuImgSnapshotExists(disk->src->path, def->name, false) != 0) {
                if (virGetLastErrorCode() == VIR_ERR_OK)
                    virReportError(VIR_ERR_OPERATION_INVALID,
                                   "image '%s' of disk %s already has an internal snapshot named '%s'",
                                   disk->src->path, disk->dst, def->name);
                return -1;
            }
            g_ptr_array_add(plan->internal, g_strdup(disk->src->path));
        } else if (sdisk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
            if (qemuSnapshotCheckOverlay(obj, def, plan, i, reuse) < 0)
                return -1;
            g_ptr_array_add(plan->external, GSIZE_TO_POINTER(i));
        }
    }
    if (plan->internal->len && (plan->external->len || plan->memoryExternal)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "mixing internal and external targets for a snapshot is not yet supported");
        return -1;
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL && !plan->internal->len) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "internal snapshot of running domain '%s' needs a qcow2 disk for its VM state",
                       obj->def->name);
        return -1;
    }
    if (plan->memoryExternal && !reuse && virFileExists(def->memoryFile)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "memory state file '%s' already exists", def->memoryFile);
        return -1;
    }
    return 0;
}


/* ---- internal ---- */

static int
qemuSnapshotCreateInternal(virDomainObj *obj, const virDomainSnapshotDef *def,
                           qemuSnapshotPlan *plan)
{
    size_t done;

    if (virDomainObjIsActive(obj))
        return qemuSnapshotRunJob(obj, "snapshot-save", def->name, plan->internal,
                                  def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL);

    for (done = 0; done < plan->internal->len; done++) {
        if (qemuImgSnapshotCreate(plan->internal->pdata[done], def->name) < 0)
            break;
    }
    if (done == plan->internal->len)
        return 0;
    /* Undo the images done so far, keeping the first error. */
    {
        virErrorPtr saved = NULL;

        virErrorPreserveLast(&saved);
        while (done-- > 0)
            qemuImgSnapshotDelete(plan->internal->pdata[done], def->name);
        virErrorRestore(&saved);
    }
    return -1;
}


/* ---- external ---- */

/* Creates the overlay files that do not exist yet (not REUSE_EXT): with
 * qemu-img when the domain is off; empty while it runs, for QEMU to
 * format (blockdev-create, no process to spawn). */
static int
qemuSnapshotCreateOverlays(virDomainObj *obj, const virDomainSnapshotDef *def,
                           qemuSnapshotPlan *plan, unsigned int flags)
{
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT)
        return 0;
    for (size_t j = 0; j < plan->external->len; j++) {
        size_t i = GPOINTER_TO_SIZE(plan->external->pdata[j]);
        const virStorageSource *top = obj->def->disks[i]->src;
        const char *overlay = def->disks[i].src->path;

        if (virDomainObjIsActive(obj)) {
            int fd = open(overlay, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

            if (fd < 0) {
                virReportSystemError(errno, "cannot create overlay '%s'", overlay);
                return -1;
            }
            close(fd);
        } else if (qemuImgCreateOverlay(overlay, top->path,
                                        virStorageFileFormatTypeToString(top->format)) < 0) {
            return -1;
        }
        g_ptr_array_add(plan->created, g_strdup(overlay));
    }
    return 0;
}


static void
qemuSnapshotRemoveCreated(qemuSnapshotPlan *plan)
{
    for (size_t i = 0; i < plan->created->len; i++)
        unlink(plan->created->pdata[i]);
}


/* Opens each overlay in QEMU and switches all disks to them at once. */
/* Formats the empty file behind node @file as a qcow2 overlay of disk
 * @disk's active image. */
static int
qemuSnapshotFormatOverlay(virDomainObj *obj, const char *file, const virStorageSource *top)
{
    unsigned long long size = qemuImgVirtualSize(top->path, top->format);
    g_autofree char *jobId = g_strdup_printf("snapvirt-create-%s", file);
    json_object *options;

    if (!size)
        return -1;
    options = qemuMonitorArgs("s:driver", "qcow2", "s:file", file, "U:size", size,
                              "s:backing-file", top->path,
                              "s:backing-fmt", virStorageFileFormatTypeToString(top->format),
                              NULL);
    return qemuMonitorRunJob(qemuDomainPriv(obj)->mon, "blockdev-create",
                             qemuMonitorArgs("s:job-id", jobId, "a:options", options, NULL),
                             jobId, QEMU_SNAPSHOT_JOB_TIMEOUT);
}


static int
qemuSnapshotSwitchOverlays(virDomainObj *obj, const virDomainSnapshotDef *def,
                           qemuSnapshotPlan *plan, unsigned int flags)
{
    qemuMonitor *mon = qemuDomainPriv(obj)->mon;
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func(g_free);
    json_object *actions = json_object_new_array();
    int ret = -1;

    for (size_t j = 0; j < plan->external->len; j++) {
        size_t i = GPOINTER_TO_SIZE(plan->external->pdata[j]);
        g_autofree char *node = qemuDomainNewNodeName(obj);
        g_autofree char *file = g_strdup_printf("%s-file", node);
        g_autofree char *top = qemuSnapshotNodeName(obj, obj->def->disks[i]->src->path);
        json_object *fmt;

        if (!top)
            goto cleanup;
        if (qemuMonitorCommand(mon, "blockdev-add",
                               qemuMonitorArgs("s:driver", "file",
                                               "s:filename", def->disks[i].src->path,
                                               "s:node-name", file,
                                               "s:discard", "unmap", NULL), NULL) < 0)
            goto cleanup;
        g_ptr_array_add(added, g_strdup(file));
        if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT) &&
            qemuSnapshotFormatOverlay(obj, file, obj->def->disks[i]->src) < 0)
            goto cleanup;
        fmt = qemuMonitorArgs("s:driver", "qcow2", "s:node-name", node, "s:file", file, NULL);
        /* blockdev-snapshot wants an overlay without a backing yet. */
        json_object_object_add(fmt, "backing", NULL);
        if (qemuMonitorCommand(mon, "blockdev-add", fmt, NULL) < 0)
            goto cleanup;
        g_ptr_array_add(added, g_strdup(node));
        json_object_array_add(actions,
            qemuMonitorArgs("s:type", "blockdev-snapshot",
                            "a:data", qemuMonitorArgs("s:node", top, "s:overlay", node, NULL),
                            NULL));
    }
    ret = qemuMonitorCommand(mon, "transaction",
                             qemuMonitorArgs("a:actions", g_steal_pointer(&actions), NULL),
                             NULL);
    if (ret == 0) {
        /* The format nodes were added second of each pair. */
        for (size_t j = 0; j < plan->external->len; j++) {
            size_t i = GPOINTER_TO_SIZE(plan->external->pdata[j]);

            g_hash_table_insert(qemuDomainPriv(obj)->nodes,
                                g_strdup(def->disks[i].src->path),
                                g_strdup(added->pdata[2 * j + 1]));
        }
        g_ptr_array_set_size(added, 0);
    }

 cleanup:
    json_object_put(actions);
    /* Close what was opened for nothing, newest first. */
    if (added->len) {
        virErrorPtr saved = NULL;

        virErrorPreserveLast(&saved);
        for (size_t k = added->len; k > 0; k--)
            qemuMonitorCommand(mon, "blockdev-del",
                               qemuMonitorArgs("s:node-name", added->pdata[k - 1], NULL),
                               NULL);
        virErrorRestore(&saved);
    }
    return ret;
}


/* Puts each overlay over its disk in the live and persistent definitions. */
static void
qemuSnapshotApplyOverlays(virDomainObj *obj, const virDomainSnapshotDef *def,
                          qemuSnapshotPlan *plan)
{
    virDomainDef *live = virDomainDefCopy(obj->def);
    virDomainDef *persistent = obj->newDef ? virDomainDefCopy(obj->newDef) : NULL;

    for (size_t j = 0; j < plan->external->len; j++) {
        size_t i = GPOINTER_TO_SIZE(plan->external->pdata[j]);
        const virStorageSource *overlay = def->disks[i].src;
        virDomainDiskDef *disk = live->disks[i];
        virDomainDiskDef *pdisk = persistent ? virDomainDiskByName(persistent, disk->dst)
                                             : NULL;
        virStorageSource *src = virStorageSourceNew(overlay->type, overlay->path,
                                                    VIR_STORAGE_FILE_QCOW2);

        if (pdisk && STREQ_NULLABLE(pdisk->src->path, disk->src->path)) {
            virStorageSource *psrc = virStorageSourceNew(overlay->type, overlay->path,
                                                         VIR_STORAGE_FILE_QCOW2);

            psrc->backing = pdisk->src;
            pdisk->src = psrc;
        }
        src->backing = disk->src;
        disk->src = src;
    }
    virDomainObjSetDefs(obj, live, persistent);
}


/* Saves the VM state to the memory file; the guest is paused after. */
static int
qemuSnapshotSaveMemory(virDomainObj *obj, const virDomainSnapshotDef *def,
                       unsigned int flags)
{
    qemuMonitor *mon = qemuDomainPriv(obj)->mon;
    int fd, ret;

    if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_LIVE) && obj->state == VIR_DOMAIN_RUNNING &&
        qemuMonitorCommand(mon, "stop", NULL, NULL) < 0)
        return -1;
    if ((fd = open(def->memoryFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
        virReportSystemError(errno, "cannot create memory state file '%s'", def->memoryFile);
        return -1;
    }
    ret = qemuProcessMigrateFD(obj, fd, false);
    if (ret == 0 && fsync(fd) < 0) {
        virReportSystemError(errno, "cannot write memory state file '%s'", def->memoryFile);
        ret = -1;
    }
    close(fd);
    if (ret < 0)
        unlink(def->memoryFile);
    return ret;
}


static int
qemuSnapshotCreateExternal(qemuDriver *driver, virDomainObj *obj,
                           const virDomainSnapshotDef *def, qemuSnapshotPlan *plan,
                           unsigned int flags)
{
    bool active = virDomainObjIsActive(obj);
    bool wasRunning = active && obj->state == VIR_DOMAIN_RUNNING;
    qemuMonitor *mon = active ? qemuDomainPriv(obj)->mon : NULL;
    int ret = -1;

    if (qemuSnapshotCreateOverlays(obj, def, plan, flags) < 0)
        goto cleanup;
    if (plan->memoryExternal && qemuSnapshotSaveMemory(obj, def, flags) < 0)
        goto cleanup;
    if (active && plan->external->len && qemuSnapshotSwitchOverlays(obj, def, plan, flags) < 0) {
        if (plan->memoryExternal)
            unlink(def->memoryFile);
        goto cleanup;
    }
    if (plan->external->len)
        qemuSnapshotApplyOverlays(obj, def, plan);
    ret = 0;

 cleanup:
    if (ret < 0)
        qemuSnapshotRemoveCreated(plan);
    /* The memory step leaves the guest paused. */
    if (plan->memoryExternal && wasRunning && !(flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) &&
        qemuMonitorCommand(mon, "cont", NULL, NULL) < 0)
        VIR_WARN("cannot resume domain '%s' after its snapshot", obj->def->name);
    if (active && obj->newDef)
        qemuDomainSaveConfig(driver, obj);
    if (active)
        qemuDomainSaveStatus(driver, obj);
    else if (ret == 0)
        qemuDomainSaveConfig(driver, obj);
    return ret;
}


/* ---- the entry point ---- */

static char *
qemuSnapshotJournalDetail(const virDomainSnapshotDef *def, qemuSnapshotPlan *plan)
{
    g_autoptr(GString) text = g_string_new(NULL);

    for (size_t i = 0; i < plan->internal->len; i++)
        g_string_append_printf(text, "internal snapshot in %s\n",
                               (char *)plan->internal->pdata[i]);
    for (size_t j = 0; j < plan->external->len; j++)
        g_string_append_printf(text, "overlay %s\n",
            def->disks[GPOINTER_TO_SIZE(plan->external->pdata[j])].src->path);
    if (plan->memoryExternal)
        g_string_append_printf(text, "memory %s\n", def->memoryFile);
    return g_string_free(g_steal_pointer(&text), FALSE);
}


/* Takes snapshot *@defp; the tree takes it over (*@defp = NULL) unless
 * NO_METADATA. */
static int
qemuSnapshotTake(qemuDriver *driver, virDomainObj *obj, virDomainPtr dom,
                 virDomainSnapshotDef **defp, unsigned int flags)
{
    virDomainSnapshotDef *def = *defp;
    qemuSnapshotPlan plan = { 0 };
    g_autofree char *detail = NULL;
    virMoment *parent = virMomentTreeGetCurrent(obj->snapshots);
    int ret = -1;

    if (virMomentTreeLookup(obj->snapshots, def->name)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, __func__,
                       "domain moment %s already exists", def->name);
        return -1;
    }
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE) {
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                       "QEMU guest agent is not configured");
        return -1;
    }
    if (virSnapshotPrepareNew(obj, def, flags, VIR_FROM_THIS) < 0 ||
        qemuSnapshotPlanNew(obj, def, flags, &plan) < 0)
        goto cleanup;

    detail = qemuSnapshotJournalDetail(def, &plan);
    if (qemuSnapshotJournalBegin(driver, obj, "creation", def->name, detail) < 0)
        goto cleanup;
    if ((plan.internal->len ? qemuSnapshotCreateInternal(obj, def, &plan)
                            : qemuSnapshotCreateExternal(driver, obj, def, &plan, flags)) < 0) {
        virErrorPtr saved = NULL;

        virErrorPreserveLast(&saved);
        qemuSnapshotJournalEnd(driver, obj);
        virErrorRestore(&saved);
        goto cleanup;
    }

    if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)) {
        virMoment *moment = virMomentTreeAdd(obj->snapshots, def->name, parent, def);

        *defp = NULL;
        virMomentTreeSetCurrent(obj->snapshots, moment);
        if (qemuSnapshotSaveState(driver, obj, moment) < 0)
            goto cleanup;  /* the journal stays: the images changed */
    }
    qemuSnapshotJournalEnd(driver, obj);
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) && virDomainObjIsActive(obj))
        qemuProcessStop(driver, obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    ret = 0;

 cleanup:
    qemuSnapshotPlanClear(&plan);
    return ret;
}


virDomainSnapshotPtr
qemuDomainSnapshotCreateXML(virDomainPtr dom, const char *xml, unsigned int flags)
{
    qemuDriver *driver = dom->conn->privateData;
    g_autoptr(virDomainSnapshotDef) def = NULL;
    g_autofree char *name = NULL;
    virDomainObj *obj;
    bool ok = false;

    virCheckFlags(QEMU_SNAPSHOT_CREATE_FLAGS, NULL);
    if (!(def = virDomainSnapshotDefParseString(xml,
            ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) ? VIR_SNAPSHOT_PARSE_REDEFINE : 0) |
            ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE) ? VIR_SNAPSHOT_PARSE_VALIDATE : 0))))
        return NULL;
    /* The name becomes a file name in the metadata folder. */
    if (virDomainObjectNameValidate("snapshot", def->name) < 0)
        return NULL;
    if (!(obj = qemuDomainBegin(dom)))
        return NULL;
    name = g_strdup(def->name);

    if (!obj->persistent && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot halt after transient domain snapshot");
    } else if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) {
        virMoment *moment;

        if ((moment = virSnapshotRedefine(obj, def, flags))) {
            def = NULL;  /* the tree's now */
            ok = qemuSnapshotSaveState(driver, obj, moment) == 0;
        }
    } else if (qemuSnapshotCheckNotInterrupted(obj) == 0) {
        ok = qemuSnapshotTake(driver, obj, dom, &def, flags) == 0;
    }
    qemuDomainEnd(obj);
    return ok ? virGetDomainSnapshot(dom, name) : NULL;
}
