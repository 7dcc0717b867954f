/*
 * qemu_snapshot_revert.c: reverting a domain to a snapshot on real images
 *
 * Internal snapshots: when the domain runs and its disks are still the
 * images that hold the snapshot, QEMU's snapshot-load job brings back
 * disks and VM state in place, without a new QEMU (the guest is stopped
 * around it).  Otherwise QEMU stops, "qemu-img snapshot -a" reverts the
 * images, and a snapshot of a running guest starts a QEMU that loads
 * the VM state with snapshot-load.  An image that has become the backing
 * file of an external snapshot since must not change: the snapshot's
 * contents are then copied into a new overlay over the image's own
 * backing ("qemu-img convert -l"); its VM state cannot be loaded from
 * there, so that needs FORCE and the guest boots afresh.
 *
 * External snapshots: each disk gets a fresh, empty overlay over the
 * image the snapshot froze, so the branch the domain leaves stays
 * intact.  The overlay takes the snapshot's overlay name when no other
 * snapshot froze that file, else NAME-N.  A snapshot with memory starts
 * QEMU loading the saved VM state.  The domain's old active images are
 * removed when nothing refers to them any more and they sit on an image
 * the snapshots froze (so they were made by snapshots, not by the user).
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

VIR_LOG_INIT("qemu.qemu_snapshot_revert");


/* True if some snapshot's domain definition has @path as a layer below
 * the top of a disk (the snapshot froze it, or something above it). */
static bool
qemuSnapshotIsFrozen(virDomainObj *obj, const char *path)
{
    virMoment *meta = virMomentTreeMetaroot(obj->snapshots);

    for (virMoment *m = virMomentNextPreorder(meta, meta); m;
         m = virMomentNextPreorder(m, meta)) {
        const virDomainSnapshotDef *def = m->def;

        for (size_t i = 0; def->dom && i < def->dom->ndisks; i++) {
            const virDomainDiskDef *disk = def->dom->disks[i];

            /* An external snapshot freezes the top of its definition (its
             * disks are aligned with the definition's). */
            if ((i < def->ndisks &&
                 def->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL &&
                 STREQ_NULLABLE(disk->src->path, path)) ||
                qemuSnapshotChainMentions(disk->src->backing, path))
                return true;
        }
    }
    return false;
}


/* A file name for a new image: @base itself if it is free (@mayReuse
 * and nothing refers to it), else @base-N for the first N not taken. */
static char *
qemuSnapshotFreePath(virDomainObj *obj, const char *base, bool mayReuse)
{
    if (mayReuse && !qemuSnapshotIsFrozen(obj, base))
        return g_strdup(base);
    for (unsigned int n = 1; ; n++) {
        g_autofree char *path = g_strdup_printf("%s-%u", base, n);

        if (!virFileExists(path) && !qemuSnapshotImageInUse(obj, path, NULL))
            return g_steal_pointer(&path);
    }
}


/* ---- planning ---- */

typedef struct {
    virDomainDef *def;         /* the definition to run after the revert */
    GPtrArray *apply;          /* images to revert with qemu-img snapshot -a */
    GPtrArray *overlays;       /* new overlays: path, backing, backing format */
    GPtrArray *converts;       /* copies of internal snapshots: path, image */
    bool inPlace;              /* snapshot-load in the running QEMU */
    bool loadState;            /* VM state to load: internal or external */
    bool bootFresh;            /* no state can be loaded (FORCE) */
} qemuRevertPlan;


static void
qemuRevertPlanClear(qemuRevertPlan *plan)
{
    g_clear_pointer(&plan->def, virDomainDefUnref);
    g_clear_pointer(&plan->apply, g_ptr_array_unref);
    g_clear_pointer(&plan->overlays, g_ptr_array_unref);
    g_clear_pointer(&plan->converts, g_ptr_array_unref);
}


/* Replaces the top of @disk's chain by a new qcow2 layer at @path over
 * @below (NULL: over the old top). */
static void
qemuRevertSetTop(virDomainDiskDef *disk, const char *path, virStorageSource *below)
{
    virStorageSource *src = virStorageSourceNew(disk->src->type, path,
                                                VIR_STORAGE_FILE_QCOW2);

    if (below) {
        src->backing = below;
        virStorageSourceFreeChain(disk->src);
    } else {
        src->backing = disk->src;
    }
    disk->src = src;
}


static int
qemuRevertPlanInternal(virDomainObj *obj, const virDomainSnapshotDef *def,
                       unsigned int flags, qemuRevertPlan *plan)
{
    bool online = virSnapshotIsOnline(def);

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk;
        const char *image;
        int has;

        if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL)
            continue;
        if (!(disk = virDomainDiskByName(plan->def, def->disks[i].name)))
            continue;
        image = disk->src->path;
        if ((has = qemuImgSnapshotExists(image, def->name, true)) <= 0) {
            if (has == 0)
                virReportError(VIR_ERR_OPERATION_INVALID,
                               "image '%s' of disk %s no longer has internal snapshot '%s'",
                               image, disk->dst, def->name);
            return -1;
        }
        if (qemuSnapshotIsFrozen(obj, image)) {
            g_autofree char *path = NULL;
            g_autofree char *stem = g_strdup(image);
            g_autofree char *base = NULL;
            char *dot = strrchr(stem, '.');

            if (online && !(flags & VIR_DOMAIN_SNAPSHOT_REVERT_FORCE)) {
                virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY,
                               "the VM state of snapshot '%s' is in image '%s', which is "
                               "now a backing file; use force to revert the disks only",
                               def->name, image);
                return -1;
            }
            if (dot && !strchr(dot, '/'))
                *dot = '\0';
            base = g_strdup_printf("%s.%s", stem, def->name);
            path = qemuSnapshotFreePath(obj, base, !virFileExists(base));
            g_ptr_array_add(plan->converts, g_strdup(path));
            g_ptr_array_add(plan->converts, g_strdup(image));
            /* The copy replaces the frozen image on top of its backing. */
            qemuRevertSetTop(disk, path, g_steal_pointer(&disk->src->backing));
            plan->bootFresh = true;
        } else {
            g_ptr_array_add(plan->apply, g_strdup(image));
        }
    }
    plan->loadState = online && !plan->bootFresh;
    return 0;
}


static int
qemuRevertPlanExternal(virDomainObj *obj, virMoment *moment, qemuRevertPlan *plan)
{
    const virDomainSnapshotDef *def = moment->def;

    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *sdisk = &def->disks[i];
        virDomainDiskDef *disk;
        g_autofree char *path = NULL;
        bool ours;

        if (sdisk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (!(disk = virDomainDiskByName(plan->def, sdisk->name)) ||
            !virFileExists(disk->src->path)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "image of disk %s for snapshot '%s' no longer exists",
                           sdisk->name, def->name);
            return -1;
        }
        /* The snapshot's overlay name is free unless a later snapshot
         * froze that file; a file nobody refers to is a leftover. */
        ours = !virFileExists(sdisk->src->path) ||
               !qemuSnapshotImageInUse(obj, sdisk->src->path, moment) ||
               qemuSnapshotDefMentions(obj->def, sdisk->src->path) ||
               qemuSnapshotDefMentions(obj->newDef, sdisk->src->path);
        path = qemuSnapshotFreePath(obj, sdisk->src->path, ours);
        g_ptr_array_add(plan->overlays, g_strdup(path));
        g_ptr_array_add(plan->overlays, g_strdup(disk->src->path));
        g_ptr_array_add(plan->overlays,
                        g_strdup(virStorageFileFormatTypeToString(disk->src->format ?
                                                                  disk->src->format :
                                                                  VIR_STORAGE_FILE_RAW)));
        qemuRevertSetTop(disk, path, NULL);
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL && virSnapshotIsOnline(def)) {
        if (!def->memoryFile || !virFileExists(def->memoryFile)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "memory state file of snapshot '%s' no longer exists: '%s'",
                           def->name, NULLSTR(def->memoryFile));
            return -1;
        }
        plan->loadState = true;
    }
    return 0;
}


/* ---- doing ---- */

/* Prepares the images: reverts internal snapshots in place (unless
 * QEMU's snapshot-load will), copies those of frozen images, creates
 * the new overlays. */
static int
qemuRevertImages(qemuRevertPlan *plan, const char *name, bool applyInternal)
{
    for (size_t i = 0; applyInternal && i < plan->apply->len; i++) {
        if (qemuImgSnapshotApply(plan->apply->pdata[i], name) < 0)
            return -1;
    }
    for (size_t i = 0; i + 1 < plan->converts->len; i += 2) {
        const char *path = plan->converts->pdata[i];
        g_autoptr(virStorageSource) chain = NULL;
        const virStorageSource *below;

        if (!(chain = qemuImgChain(plan->converts->pdata[i + 1], false)))
            return -1;
        below = chain->backing;
        unlink(path);
        if (qemuImgConvertSnapshot(plan->converts->pdata[i + 1], name, path,
                                   below ? below->path : NULL,
                                   below ? virStorageFileFormatTypeToString(below->format)
                                         : NULL) < 0)
            return -1;
    }
    for (size_t i = 0; i + 2 < plan->overlays->len; i += 3) {
        const char *path = plan->overlays->pdata[i];

        unlink(path);
        if (qemuImgCreateOverlay(path, plan->overlays->pdata[i + 1],
                                 plan->overlays->pdata[i + 2]) < 0)
            return -1;
    }
    return 0;
}


/* Removes the active images of @old that the revert abandoned (see the
 * file comment). */
static void
qemuRevertDropAbandoned(virDomainObj *obj, const virDomainDef *old)
{
    for (size_t i = 0; old && i < old->ndisks; i++) {
        const virStorageSource *top = old->disks[i]->src;
        g_autofree char *probed = NULL;
        const char *below = top->backing ? top->backing->path : NULL;
        unsigned int nsnapshots;

        if (!top->path || qemuSnapshotImageInUse(obj, top->path, NULL) ||
            !virFileExists(top->path))
            continue;
        /* The definition may not know the chain: the header does. */
        if (!top->backing) {
            if (qemuImgReadQcow2Header(top->path, &probed, &nsnapshots) < 0)
                virResetLastError();
            below = probed;
        }
        if (below && qemuSnapshotIsFrozen(obj, below)) {
            VIR_DEBUG("removing abandoned image '%s'", top->path);
            unlink(top->path);
        }
    }
}


/* Runs the guest per the snapshot and @flags after the images are set. */
static int
qemuRevertStart(qemuDriver *driver, virDomainObj *obj, virDomainPtr dom,
                const virDomainSnapshotDef *def, qemuRevertPlan *plan, unsigned int flags)
{
    bool paused = (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) ||
                  (def->state == VIR_SNAPSHOT_STATE_PAUSED &&
                   !(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING));
    bool run = flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    qemuProcessStartOpts opts = { .paused = true, .reason = VIR_DOMAIN_PAUSED_FROM_SNAPSHOT,
                                  .incomingFD = -1 };
    bool external = def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    int ret;

    if (!plan->loadState && !run && !(plan->bootFresh && virSnapshotIsOnline(def)))
        return 0;
    if (plan->loadState && external &&
        (opts.incomingFD = open(def->memoryFile, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "cannot open memory state file '%s'", def->memoryFile);
        return -1;
    }
    ret = qemuProcessStart(driver, obj, dom, NULL, &opts);
    if (opts.incomingFD >= 0)
        close(opts.incomingFD);
    if (ret < 0)
        return -1;
    if (plan->loadState && !external &&
        qemuSnapshotRunJob(obj, "snapshot-load", def->name, plan->apply, true) < 0)
        goto error;
    if (!paused) {
        if (qemuMonitorCommand(qemuDomainPriv(obj)->mon, "cont", NULL, NULL) < 0)
            goto error;
        virDomainObjSetState(obj, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_FROM_SNAPSHOT);
    }
    return qemuDomainSaveStatus(driver, obj);

 error:
    qemuProcessStop(driver, obj, dom, VIR_DOMAIN_SHUTOFF_FAILED);
    return -1;
}


/* snapshot-load in the running QEMU: same images, same devices. */
static int
qemuRevertInPlace(qemuDriver *driver, virDomainObj *obj, const virDomainSnapshotDef *def,
                  qemuRevertPlan *plan, unsigned int flags)
{
    qemuMonitor *mon = qemuDomainPriv(obj)->mon;
    bool paused = (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) ||
                  (def->state == VIR_SNAPSHOT_STATE_PAUSED &&
                   !(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING));

    if (obj->state == VIR_DOMAIN_RUNNING && qemuMonitorCommand(mon, "stop", NULL, NULL) < 0)
        return -1;
    virDomainObjSetState(obj, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_FROM_SNAPSHOT);
    if (qemuSnapshotRunJob(obj, "snapshot-load", def->name, plan->apply, true) < 0) {
        qemuDomainSaveStatus(driver, obj);
        return -1;
    }
    if (!paused) {
        if (qemuMonitorCommand(mon, "cont", NULL, NULL) < 0)
            return -1;
        virDomainObjSetState(obj, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_FROM_SNAPSHOT);
    }
    return qemuDomainSaveStatus(driver, obj);
}


/* True if @obj runs on exactly the images @def names (tops of each disk). */
static bool
qemuRevertSameImages(const virDomainDef *live, const virDomainDef *def)
{
    if (live->ndisks != def->ndisks)
        return false;
    for (size_t i = 0; i < def->ndisks; i++) {
        if (STRNEQ_NULLABLE(live->disks[i]->src->path, def->disks[i]->src->path))
            return false;
    }
    return true;
}


static int
qemuRevert(qemuDriver *driver, virDomainObj *obj, virDomainPtr dom, virMoment *moment,
           unsigned int flags)
{
    const virDomainSnapshotDef *def = moment->def;
    qemuRevertPlan plan = { 0 };
    g_autoptr(virDomainDef) old = NULL;
    g_autoptr(virDomainDef) oldPersistent = NULL;
    bool restart;
    bool internal = virDomainSnapshotDefIsInternal(def);
    int ret = -1;

    if (virSnapshotCheckRevert(obj, def, flags, VIR_FROM_THIS, &restart) < 0)
        return -1;

    plan.def = virDomainDefCopy(def->dom ? def->dom : obj->def);
    plan.apply = g_ptr_array_new_with_free_func(g_free);
    plan.overlays = g_ptr_array_new_with_free_func(g_free);
    plan.converts = g_ptr_array_new_with_free_func(g_free);
    if ((internal ? qemuRevertPlanInternal(obj, def, flags, &plan)
                  : qemuRevertPlanExternal(obj, moment, &plan)) < 0)
        goto cleanup;
    plan.inPlace = internal && plan.loadState && !restart && virDomainObjIsActive(obj) &&
                   plan.converts->len == 0 && qemuRevertSameImages(obj->def, plan.def);

    if (qemuSnapshotJournalBegin(driver, obj, "revert", def->name, NULL) < 0)
        goto cleanup;
    if (plan.inPlace) {
        ret = qemuRevertInPlace(driver, obj, def, &plan, flags);
        goto done;
    }

    if (virDomainObjIsActive(obj))
        qemuProcessStop(driver, obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    /* snapshot-load reverts the images itself when the state is loaded. */
    if (qemuRevertImages(&plan, def->name, !(plan.loadState && internal)) < 0)
        goto done;

    old = virDomainDefRef(obj->def);
    oldPersistent = obj->newDef ? virDomainDefRef(obj->newDef) : NULL;
    virDomainObjSetDefs(obj, virDomainDefRef(plan.def), NULL);
    if (obj->persistent && qemuDomainSaveConfig(driver, obj) < 0)
        goto done;
    qemuRevertDropAbandoned(obj, old);
    qemuRevertDropAbandoned(obj, oldPersistent);
    ret = qemuRevertStart(driver, obj, dom, def, &plan, flags);
    if (ret == 0 && !virDomainObjIsActive(obj))
        virDomainObjSetState(obj, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);

 done:
    /* The snapshot is current once the images are; a failure to record
     * it leaves the journal behind. */
    if (ret == 0) {
        virMomentTreeSetCurrent(obj->snapshots, moment);
        if (qemuSnapshotSaveCurrent(driver, obj) < 0)
            ret = -1;
        else
            qemuSnapshotJournalEnd(driver, obj);
    } else {
        virErrorPtr saved = NULL;

        virErrorPreserveLast(&saved);
        qemuSnapshotJournalEnd(driver, obj);
        virErrorRestore(&saved);
    }
 cleanup:
    qemuRevertPlanClear(&plan);
    return ret;
}


int
qemuDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags)
{
    qemuDriver *driver = snap->domain->conn->privateData;
    virDomainObj *obj;
    virMoment *moment;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                  VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE |
                  VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM, -1);
    if (!(moment = qemuSnapshotBegin(snap, &obj)))
        return -1;
    if (qemuSnapshotCheckNotInterrupted(obj) == 0)
        ret = qemuRevert(driver, obj, snap->domain, moment, flags);
    qemuDomainEnd(obj);
    return ret;
}
