/*
 * test_snapshot_ops.c: creating, reverting to and deleting snapshots in
 * the test driver
 *
 * Disks are simulated (test_images.c), so every snapshot kind works here,
 * including those libvirt's own test driver refuses:
 *
 *  - internal snapshots only record metadata;
 *  - an external disk snapshot freezes the disk's active image and puts a
 *    new overlay on top of it (the domain XML gains a <backingStore>);
 *  - reverting to an external snapshot puts a fresh overlay on the frozen
 *    image, so the branch the domain leaves stays intact;
 *  - deleting an external snapshot merges the one image that depends on
 *    the frozen image into it (a block commit), rewriting every definition
 *    that mentioned the merged image; a frozen image on which several
 *    branches depend is kept.
 *
 * Every check runs before anything changes, so a failing call leaves the
 * domain, its images and its snapshots as they were.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_snapshot_ops");

#define TEST_SNAPSHOT_CREATE_FLAGS (VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE * 2 - 1)


static bool
testSnapshotIsOnline(const virDomainSnapshotDef *def)
{
    return def->state == VIR_SNAPSHOT_STATE_RUNNING ||
           def->state == VIR_SNAPSHOT_STATE_PAUSED;
}


/* ---- which definitions use an image ---- */

static bool
testChainMentions(const virStorageSource *src, const char *path)
{
    for (; src; src = src->backing) {
        if (STREQ_NULLABLE(src->path, path))
            return true;
    }
    return false;
}


static bool
testDefMentions(const virDomainDef *def, const char *path)
{
    for (size_t i = 0; def && i < def->ndisks; i++) {
        if (testChainMentions(def->disks[i]->src, path))
            return true;
    }
    return false;
}



/* ---- rewriting definitions when images change ---- */

/* A copy of @def whose disks are rebuilt from the image registry, with
 * @from replaced by @to wherever it appears; @def itself if no disk uses
 * @from.  Returns a new reference. */
static virDomainDef *
testDefReplaceImage(testDriver *driver, virDomainDef *def,
                    const char *from, const char *to)
{
    virDomainDef *copy = NULL;

    for (size_t i = 0; def && i < def->ndisks; i++) {
        const char *top = def->disks[i]->src->path;

        if (!testChainMentions(def->disks[i]->src, from))
            continue;
        if (!copy)
            copy = virDomainDefCopy(def);
        virStorageSourceFreeChain(copy->disks[i]->src);
        copy->disks[i]->src = testImagesChain(
            testImagesLookup(driver->images, STREQ(top, from) ? to : top));
    }
    return copy ? copy : virDomainDefRef(def);
}


/* Makes every definition of every domain stop mentioning @from. */
static void
testDefsReplaceImage(testDriver *driver, const char *from, const char *to)
{
    for (size_t d = 0; d < virDomainObjListSize(driver->domains); d++) {
        virDomainObj *obj = virDomainObjListGet(driver->domains, d);
        virMoment *root = virMomentTreeMetaroot(obj->snapshots);

        virDomainObjSetDefs(obj, testDefReplaceImage(driver, obj->def, from, to),
                             obj->newDef ?
                             testDefReplaceImage(driver, obj->newDef, from, to) : NULL);
        for (virMoment *m = root; (m = virMomentNextPreorder(m, root)); ) {
            virDomainSnapshotDef *snapdef = m->def;
            virDomainDef *dom = snapdef->dom;

            if (dom) {
                snapdef->dom = testDefReplaceImage(driver, dom, from, to);
                virDomainDefUnref(dom);
            }
        }
    }
}


/* True if any definition of any domain, or any snapshot, uses @path. */
static bool
testImageInUse(testDriver *driver, const char *path)
{
    for (size_t d = 0; d < virDomainObjListSize(driver->domains); d++) {
        virDomainObj *obj = virDomainObjListGet(driver->domains, d);
        virMoment *root = virMomentTreeMetaroot(obj->snapshots);

        if (testDefMentions(obj->def, path) || testDefMentions(obj->newDef, path))
            return true;
        for (virMoment *m = root; (m = virMomentNextPreorder(m, root)); ) {
            const virDomainSnapshotDef *snapdef = m->def;

            if (testDefMentions(snapdef->dom, path))
                return true;
            for (size_t i = 0; i < snapdef->ndisks; i++) {
                if (STREQ_NULLABLE(snapdef->disks[i].src->path, path))
                    return true;
            }
        }
    }
    return false;
}


/* After a revert, the active images the domain left behind hold a state
 * nothing can return to: forget those nothing uses, so that they do not
 * keep a frozen image from being merged later. */
static void
testSnapshotDropAbandoned(testDriver *driver, virDomainDef *old)
{
    for (size_t i = 0; i < old->ndisks; i++) {
        testImage *img = testImagesLookup(driver->images, old->disks[i]->src->path);

        if (img && img->dependents->len == 0 && !testImageInUse(driver, img->path))
            testImagesRemove(driver->images, img);
    }
}


/* ---- create ---- */

/* Fills in what a new snapshot records and aligns its disks. */
static int
testSnapshotPrepareNew(virDomainObj *obj, virDomainSnapshotDef *def,
                       unsigned int flags)
{
    bool active = virDomainObjIsActive(obj);
    int location = VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    bool uniform = true;

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) {
        if (def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
            def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk-only snapshot '%s' cannot include memory state",
                           def->name);
            return -1;
        }
        def->state = active ? VIR_SNAPSHOT_STATE_DISK_SNAPSHOT : VIR_SNAPSHOT_STATE_SHUTOFF;
        def->memory = VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        uniform = false;
    } else if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        if (!active) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "cannot save the memory state of inactive domain '%s'",
                           obj->def->name);
            return -1;
        }
        def->state = obj->state;
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        uniform = false;
    } else {
        def->state = obj->state;
        def->memory = active ? VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL :
                               VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
    }
    def->dom = virDomainDefRef(obj->def);
    return virDomainSnapshotAlignDisks(def, obj->def, location, uniform);
}


/* Checks every external target before anything is created. */
static int
testSnapshotCheckExternal(testDriver *driver, virDomainObj *obj,
                          virDomainSnapshotDef *def, unsigned int flags)
{
    bool reuse = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT;

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *disk = &def->disks[i];
        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (disk->src->format == VIR_STORAGE_FILE_NONE)
            disk->src->format = VIR_STORAGE_FILE_QCOW2;
        if (disk->src->format != VIR_STORAGE_FILE_QCOW2 &&
            disk->src->format != VIR_STORAGE_FILE_QED) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "external snapshot format for disk %s is unsupported: %s",
                           disk->name, virStorageFileFormatTypeToString(disk->src->format));
            return -1;
        }
        for (const virStorageSource *layer = obj->def->disks[i]->src; layer;
             layer = layer->backing) {
            if (STREQ_NULLABLE(layer->path, disk->src->path)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "overlay '%s' is part of the backing chain of disk %s",
                               disk->src->path, disk->name);
                return -1;
            }
        }
        if (reuse && !testImagesLookup(driver->images, disk->src->path)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "missing existing file for disk %s: %s",
                           disk->name, disk->src->path);
            return -1;
        }
        if (!reuse && testImagesHasFile(driver->images, disk->src->path)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "external snapshot file for disk %s already exists and is not a block device: %s",
                           disk->name, disk->src->path);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (STREQ_NULLABLE(def->disks[j].src->path, disk->src->path)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "disks %s and %s cannot share the overlay '%s'",
                               def->disks[j].name, disk->name, disk->src->path);
                return -1;
            }
        }
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL && !reuse &&
        testImagesHasFile(driver->images, def->memoryFile)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "memory state file '%s' already exists", def->memoryFile);
        return -1;
    }
    return 0;
}


/* Puts an overlay on each external disk (live and persistent definitions
 * alike) and records the memory file.  Cannot fail. */
static void
testSnapshotApplyExternal(testDriver *driver, virDomainObj *obj,
                          const virDomainSnapshotDef *def)
{
    virDomainDef *live = NULL;
    virDomainDef *persistent = NULL;

    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *disk = &def->disks[i];
        const char *top = obj->def->disks[i]->src->path;
        testImage *base = testImagesLookup(driver->images, top);
        testImage *overlay = testImagesLookup(driver->images, disk->src->path);
        virDomainDiskDef *pdisk;

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (!overlay) {
            overlay = testImagesCreate(driver->images, disk->src->path,
                                       disk->src->type, disk->src->format, base);
        } else {
            /* REUSE_EXT: the caller made it; it is an overlay of @base now. */
            testImagesSetBacking(overlay, base);
            overlay->format = disk->src->format;
        }

        if (!live) {
            live = virDomainDefCopy(obj->def);
            persistent = obj->newDef ? virDomainDefCopy(obj->newDef) : NULL;
        }
        virStorageSourceFreeChain(live->disks[i]->src);
        live->disks[i]->src = testImagesChain(overlay);
        if (persistent && (pdisk = virDomainDiskByName(persistent, disk->name)) &&
            STREQ_NULLABLE(pdisk->src->path, top)) {
            virStorageSourceFreeChain(pdisk->src);
            pdisk->src = testImagesChain(overlay);
        }
    }
    if (live)
        virDomainObjSetDefs(obj, live, persistent);
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
        testImagesAddFile(driver->images, def->memoryFile);
}


/* Checks a redefinition against the existing hierarchy and returns the
 * parent to use (NULL for a root) in *parent. */
static int
testSnapshotCheckRedefine(virDomainObj *obj, virDomainSnapshotDef *def,
                          virMoment *existing, unsigned int flags,
                          virMoment **parent)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainSnapshotDef *old = existing ? existing->def : NULL;
    const virDomainDef *dom;

    /* libvirt raises the hierarchy errors in its domain code (VIR_FROM_DOMAIN)
     * and the consistency errors in its snapshot code (VIR_FROM_DOMAIN_SNAPSHOT). */
    *parent = NULL;
    if (def->parentName) {
        if (STREQ(def->parentName, def->name)) {
            virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, __func__,
                           "cannot set moment %s as its own parent", def->name);
            return -1;
        }
        if (!(*parent = virMomentTreeLookup(obj->snapshots, def->parentName))) {
            virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, __func__,
                           "parent %s for moment %s not found",
                           def->parentName, def->name);
            return -1;
        }
        if (existing && virMomentIsDescendant(*parent, existing)) {
            /* Named like libvirt: the child of @existing on the way up. */
            virMoment *child = *parent;

            while (virMomentGetParent(child) != existing)
                child = virMomentGetParent(child);
            virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, __func__,
                           "parent %s would create cycle to %s",
                           child->name, def->name);
            return -1;
        }
    }
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) &&
        def->state != VIR_SNAPSHOT_STATE_DISK_SNAPSHOT) {
        virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG, __func__,
                       "disk-only flag for snapshot %s requires disk-snapshot state",
                       def->name);
        return -1;
    }
    if (def->dom && memcmp(def->dom->uuid, obj->def->uuid, VIR_UUID_BUFLEN) != 0) {
        virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG, __func__,
                       "definition for snapshot %s must use uuid %s",
                       def->name, virUUIDFormat(obj->def->uuid, uuidstr));
        return -1;
    }
    if (old && testSnapshotIsOnline(old) != testSnapshotIsOnline(def)) {
        virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG, __func__,
                       "cannot change between online and offline snapshot state in snapshot %s",
                       def->name);
        return -1;
    }
    if (old && (old->state == VIR_SNAPSHOT_STATE_DISK_SNAPSHOT) !=
               (def->state == VIR_SNAPSHOT_STATE_DISK_SNAPSHOT)) {
        virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG, __func__,
                       "cannot change between disk only and full system in snapshot %s",
                       def->name);
        return -1;
    }
    if (old && old->dom && def->dom &&
        virDomainDefCheckABIStability(old->dom, def->dom) < 0)
        return -1;

    if (!(dom = def->dom ? def->dom : (old ? old->dom : NULL))) {
        virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INTERNAL_ERROR, __func__,
                       "%s", "missing domain in snapshot");
        return -1;
    }
    return virDomainSnapshotAlignDisks(def, dom,
                                       def->state == VIR_SNAPSHOT_STATE_DISK_SNAPSHOT ||
                                       virDomainSnapshotDefIsExternal(def) ?
                                       VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL :
                                       VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL,
                                       true);
}


/* Restores metadata: a new snapshot, or new metadata for an existing one. */
static virMoment *
testSnapshotRedefine(virDomainObj *obj, virDomainSnapshotDef *def,
                     unsigned int flags)
{
    virMoment *existing = virMomentTreeLookup(obj->snapshots, def->name);
    virMoment *parent;
    virMoment *moment;

    if (testSnapshotCheckRedefine(obj, def, existing, flags, &parent) < 0)
        return NULL;
    if (existing) {
        virMomentTreeSetDef(obj->snapshots, existing, def);
        virMomentTreeSetParent(obj->snapshots, existing, parent);
        moment = existing;
    } else if (!(moment = virMomentTreeAdd(obj->snapshots, def->name, parent, def))) {
        return NULL;
    }
    g_clear_pointer(&def->parentName, g_free);
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)
        virMomentTreeSetCurrent(obj->snapshots, moment);
    return moment;
}


/* Takes a new snapshot; returns false on failure (nothing changed). */
static bool
testSnapshotTake(testDriver *driver, virDomainObj *obj, virDomainPtr dom,
                 virDomainSnapshotDef **defp, unsigned int flags)
{
    virDomainSnapshotDef *def = *defp;
    virMoment *current = virMomentTreeGetCurrent(obj->snapshots);

    if (virMomentTreeLookup(obj->snapshots, def->name)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, __func__,
                       "domain moment %s already exists", def->name);
        return false;
    }
    if (testSnapshotPrepareNew(obj, def, flags) < 0 ||
        testSnapshotCheckExternal(driver, obj, def, flags) < 0)
        return false;

    testSnapshotApplyExternal(driver, obj, def);
    if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)) {
        virMoment *moment = virMomentTreeAdd(obj->snapshots, def->name, current, def);

        g_assert(moment);  /* the name was checked above */
        *defp = NULL;
        virMomentTreeSetCurrent(obj->snapshots, moment);
    }
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) && virDomainObjIsActive(obj))
        virDomainObjSetShutoff(obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    return true;
}


virDomainSnapshotPtr
testDomainSnapshotCreateXML(virDomainPtr dom, const char *xml, unsigned int flags)
{
    g_autoptr(virDomainSnapshotDef) def = NULL;
    g_autofree char *name = NULL;
    testDriver *driver;
    virDomainObj *obj;
    bool ok;

    virCheckFlags(TEST_SNAPSHOT_CREATE_FLAGS, NULL);
    if (!(obj = testDomainBegin(dom, &driver)))
        return NULL;
    if (!obj->persistent && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot halt after transient domain snapshot");
        goto error;
    }
    if (!(def = virDomainSnapshotDefParseString(xml,
            ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) ? VIR_SNAPSHOT_PARSE_REDEFINE : 0) |
            ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE) ? VIR_SNAPSHOT_PARSE_VALIDATE : 0))))
        goto error;
    name = g_strdup(def->name);

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) {
        ok = testSnapshotRedefine(obj, def, flags) != NULL;
        if (ok)
            def = NULL;  /* now owned by the tree */
    } else {
        ok = testSnapshotTake(driver, obj, dom, &def, flags);
    }
    if (!ok)
        goto error;
    testDriverUnlock(driver);
    return virGetDomainSnapshot(dom, name);

 error:
    testDriverUnlock(driver);
    return NULL;
}


/* ---- revert ---- */

/* The path of a fresh overlay for reverting to @snapname's overlay
 * @overlay: the overlay itself when nothing depends on it any more,
 * else "<overlay>-N" with the first free N. */
static char *
testSnapshotRevertOverlayPath(testDriver *driver, const char *overlay)
{
    testImage *img = testImagesLookup(driver->images, overlay);

    if (!img || img->dependents->len == 0)
        return g_strdup(overlay);
    for (unsigned int n = 1; ; n++) {
        g_autofree char *path = g_strdup_printf("%s-%u", overlay, n);

        if (!testImagesHasFile(driver->images, path))
            return g_steal_pointer(&path);
    }
}


/* Checks that every frozen image of @def still exists. */
static int
testSnapshotCheckRevertDisks(testDriver *driver, const virDomainSnapshotDef *def,
                             const virDomainDef *config)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk;

        if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (!(disk = virDomainDiskByName(config, def->disks[i].name)) ||
            !testImagesLookup(driver->images, disk->src->path)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "image of disk %s for snapshot '%s' no longer exists",
                           def->disks[i].name, def->name);
            return -1;
        }
    }
    return 0;
}


/* The definition to revert to: the snapshot's own, with a new overlay on
 * the frozen image of each external disk.  Returns a new reference. */
static virDomainDef *
testSnapshotRevertDisks(testDriver *driver, const virDomainSnapshotDef *def,
                        virDomainDef *config)
{
    virDomainDef *copy = NULL;

    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *sdisk = &def->disks[i];
        g_autofree char *path = NULL;
        virDomainDiskDef *disk;
        testImage *frozen, *overlay;

        if (sdisk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (!copy)
            copy = virDomainDefCopy(config);
        disk = virDomainDiskByName(copy, sdisk->name);
        frozen = testImagesLookup(driver->images, disk->src->path);
        path = testSnapshotRevertOverlayPath(driver, sdisk->src->path);
        if ((overlay = testImagesLookup(driver->images, path)))
            testImagesSetBacking(overlay, frozen);  /* reset: nothing uses it */
        else
            overlay = testImagesCreate(driver->images, path, sdisk->src->type,
                                       sdisk->src->format, frozen);
        virStorageSourceFreeChain(disk->src);
        disk->src = testImagesChain(overlay);
    }
    return copy ? copy : virDomainDefRef(config);
}


/* The run state after reverting: the snapshot's state unless RUNNING or
 * PAUSED says otherwise, with the FROM_SNAPSHOT reasons.  Unlike
 * libvirt 9.0's test driver, which reports success but leaves the domain
 * off, asking to run an inactive snapshot does start the domain. */
static void
testSnapshotRevertState(testDriver *driver, virDomainObj *obj, virDomainPtr dom,
                        const virDomainSnapshotDef *def, unsigned int flags)
{
    bool paused = (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) ||
                  (def->state == VIR_SNAPSHOT_STATE_PAUSED &&
                   !(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING));
    bool active = testSnapshotIsOnline(def) ||
                  (flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                            VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED));

    if (virDomainObjIsActive(obj))
        virDomainObjSetShutoff(obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    if (!active)
        return;
    /* A fresh guest, so a new ID, even from a running domain: libvirt 9.0's
     * test driver and its QEMU driver (since 7.10) restart it on revert. */
    testDomainObjStart(driver, obj, dom, VIR_DOMAIN_RUNNING,
                       VIR_DOMAIN_RUNNING_FROM_SNAPSHOT);
    obj->state = paused ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
    obj->reason = paused ? VIR_DOMAIN_PAUSED_FROM_SNAPSHOT : VIR_DOMAIN_RUNNING_FROM_SNAPSHOT;
}


int
testDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    virMoment *moment;
    virDomainSnapshotDef *def;
    virDomainDef *config;
    virDomainDef *old;
    bool force = flags & VIR_DOMAIN_SNAPSHOT_REVERT_FORCE;
    bool run = flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                  VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, -1);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return -1;
    def = moment->def;
    config = def->dom ? def->dom : obj->def;

    if (!obj->persistent && !testSnapshotIsOnline(def) && !run) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "transient domain needs to request run or pause to revert to inactive snapshot");
        goto cleanup;
    }
    if (!force && !def->dom) {
        virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY,
                       "snapshot '%s' lacks domain '%s' rollback info",
                       def->name, obj->def->name);
        goto cleanup;
    }
    if (!force && virDomainObjIsActive(obj) && !testSnapshotIsOnline(def) && run) {
        virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY, "%s",
                       "must respawn guest to start inactive snapshot");
        goto cleanup;
    }
    if (virDomainObjIsActive(obj) && testSnapshotIsOnline(def) &&
        virDomainDefCheckABIStability(obj->def, config) < 0) {
        const virError *err;

        if (!force) {
            /* Same detail, but the caller needs to know FORCE would do. */
            err = virGetLastError();
            virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY, "%s", err->str2);
            goto cleanup;
        }
        virResetLastError();
        virDomainObjSetShutoff(obj, snap->domain, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    }
    if (testSnapshotCheckRevertDisks(driver, def, config) < 0)
        goto cleanup;

    /* Both the running and the persistent definition go back. */
    old = virDomainDefRef(obj->def);
    virDomainObjSetDefs(obj, testSnapshotRevertDisks(driver, def, config), NULL);
    testSnapshotDropAbandoned(driver, old);
    virDomainDefUnref(old);
    testSnapshotRevertState(driver, obj, snap->domain, def, flags);
    virMomentTreeSetCurrent(obj->snapshots, moment);
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* ---- delete ---- */

/* Gives up the frozen images of snapshot @def (see the file comment). */
static void
testSnapshotDiscardData(testDriver *driver, const virDomainSnapshotDef *def)
{
    for (size_t i = 0; def->dom && i < def->ndisks; i++) {
        const virDomainDiskDef *disk;
        testImage *frozen, *above;
        g_autofree char *abovePath = NULL;

        if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL ||
            !(disk = virDomainDiskByName(def->dom, def->disks[i].name)) ||
            !(frozen = testImagesLookup(driver->images, disk->src->path)) ||
            frozen->dependents->len != 1)
            continue;

        /* Commit the one image above into the frozen one. */
        above = frozen->dependents->pdata[0];
        abovePath = g_strdup(above->path);
        while (above->dependents->len)
            testImagesSetBacking(above->dependents->pdata[0], frozen);
        testDefsReplaceImage(driver, abovePath, frozen->path);
        testImagesRemove(driver->images, above);
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
        testImagesRemoveFile(driver->images, def->memoryFile);
}


int
testDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    virMoment *moment;
    bool children = flags & (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                             VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                  VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY, -1);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return -1;

    if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY)) {
        g_autoptr(GPtrArray) doomed = NULL;

        if (children) {
            /* Children before parents, so each merge sees a settled chain. */
            doomed = virMomentTreeList(obj->snapshots, moment,
                                       VIR_MOMENT_LIST_DESCENDANTS, NULL);
            for (size_t i = doomed->len; i > 0; i--)
                testSnapshotDiscardData(driver, ((virMoment *)doomed->pdata[i - 1])->def);
        }
        if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY))
            testSnapshotDiscardData(driver, moment->def);
    }

    if (children)
        virMomentTreeRemoveDescendants(obj->snapshots, moment);
    if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY))
        virMomentTreeRemove(obj->snapshots, moment);
    testDriverUnlock(driver);
    return 0;
}
