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
#include "test_blockjob.h"
#include "conf/snapshot_ops.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_snapshot_ops");

#define TEST_SNAPSHOT_CREATE_FLAGS (VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE * 2 - 1)


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


bool
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
    if (virSnapshotPrepareNew(obj, def, flags, VIR_FROM_THIS) < 0 ||
        testSnapshotCheckExternal(driver, obj, def, flags) < 0)
        return false;

    testSnapshotApplyExternal(driver, obj, def);
    if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)) {
        virMoment *moment = virMomentTreeAdd(obj->snapshots, def->name, current, def);

        g_assert(moment);  /* the name was checked above */
        *defp = NULL;
        virMomentTreeSetCurrent(obj->snapshots, moment);
    }
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) && virDomainObjIsActive(obj)) {
        virDomainObjSetShutoff(obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
    }
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
        ok = virSnapshotRedefine(obj, def, flags) != NULL;
        if (ok)
            def = NULL;  /* now owned by the tree */
    } else {
        ok = testBlockJobCheckNone(driver, obj) == 0 &&
             testSnapshotTake(driver, obj, dom, &def, flags);
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
    bool active = virSnapshotIsOnline(def) ||
                  (flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                            VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED));

    if (virDomainObjIsActive(obj)) {
        virDomainObjSetShutoff(obj, dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
    }
    if (!active)
        return;
    /* A fresh guest, so a new ID, even from a running domain: libvirt 9.0's
     * test driver and its QEMU driver (since 7.10) restart it on revert. */
    testDomainObjStart(driver, obj, dom, VIR_DOMAIN_RUNNING,
                       VIR_DOMAIN_RUNNING_FROM_SNAPSHOT);
    obj->state = paused ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
    obj->reason = paused ? VIR_DOMAIN_PAUSED_FROM_SNAPSHOT : VIR_DOMAIN_RUNNING_FROM_SNAPSHOT;
    testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STARTED,
                             VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
    if (paused)
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_SUSPENDED,
                                 VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT);
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
    bool restart;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                  VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, -1);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return -1;
    def = moment->def;
    config = def->dom ? def->dom : obj->def;

    if (testBlockJobCheckNone(driver, obj) < 0 ||
        virSnapshotCheckRevert(obj, def, flags, VIR_FROM_THIS, &restart) < 0)
        goto cleanup;
    if (restart) {
        virDomainObjSetShutoff(obj, snap->domain, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
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
        testExtentsFillHoles(above->data, frozen->data);
        g_array_unref(frozen->data);
        frozen->data = g_steal_pointer(&above->data);
        above->data = testExtentsNew();
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
    if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) &&
        testBlockJobCheckNone(driver, obj) < 0) {
        testDriverUnlock(driver);
        return -1;
    }

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
