/*
 * storage_dir_snapshot.c: volume snapshots of the directory backend
 *
 * Internal snapshots are qcow2 internal snapshots of the volume's image
 * (qemu-img snapshot).  An external snapshot freezes the volume's data so
 * far in POOL/.snapvirt/images/NAME, and the volume's file becomes a new
 * qcow2 overlay on it, so the volume keeps its path.  The frozen files
 * chain like the tree: a snapshot's file has its parent's as backing
 * file, and the volume's file has the current snapshot's.
 *
 *   create   internal: qemu-img snapshot -c; external: hard-link the image
 *            to images/NAME, make the overlay in tmp/, rename it over the
 *            volume (the volume has its old data until the rename)
 *   revert   internal: qemu-img snapshot -a; external: a new overlay on
 *            the snapshot's file, renamed over the volume
 *   delete   internal: qemu-img snapshot -d; external: every file on top
 *            of the snapshot's file (its children's, the volume's) is
 *            rebased onto what that file is on (qemu-img rebase copies
 *            the differences), then the file goes
 *   export   qemu-img convert (-l for internal) into a new volume
 *
 * See storage_dir.h for the files and the crash test hook.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <unistd.h>

#include "storage_dir.h"
#include "driver-qemu/qemu_img.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

VIR_LOG_INIT("storage.storage_dir_snapshot");

#define STORAGE_DIR_MAX_XML (1024 * 1024)

static virStorageVolSnapshotDef *
snapDef(const virMoment *m)
{
    return m->def;
}


/* ---- metadata ---- */

static int
virStorageDirMakeMetaDirs(virStoragePoolObj *pool)
{
    static const char *const subs[] = { "snapshots", "current", "images", "tmp" };

    for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
        g_autofree char *dir = virStorageDirMetaPath(pool, subs[i], NULL);

        if (virFileMakePath(dir, 0755) < 0)
            return -1;
    }
    return 0;
}


static int
virStorageDirWriteMeta(virStoragePoolObj *pool, const virStorageVolSnapshotDef *def,
                       const char *parent)
{
    g_autofree char *file = g_strdup_printf("%s.xml", def->name);
    g_autofree char *path = virStorageDirMetaPath(pool, "snapshots", file);
    g_autofree char *xml = virStorageVolSnapshotDefFormat(def, parent);

    return virFileWriteAtomic(path, xml, strlen(xml), 0644);
}


static int
virStorageDirRemoveMeta(virStoragePoolObj *pool, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = virStorageDirMetaPath(pool, "snapshots", file);

    return virFileRemove(path);
}


/* Records @snap (NULL: none) as @vol's current snapshot. */
static int
virStorageDirWriteCurrent(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap)
{
    g_autofree char *path = virStorageDirMetaPath(pool, "current", vol->def->name);

    if (!snap)
        return virFileRemove(path);
    return virFileWriteAtomic(path, snap->name, strlen(snap->name), 0644);
}


/* ---- loading and drift ---- */

/* Reads every metadata file, grouped by volume name (arrays of defs). */
static GHashTable *
virStorageDirReadMeta(virStoragePoolObj *pool)
{
    GHashTable *byVol = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_ptr_array_unref);
    g_autofree char *dir = virStorageDirMetaPath(pool, "snapshots", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree char *xml = NULL;
        virStorageVolSnapshotDef *def;
        GPtrArray *list;

        if (!g_str_has_suffix(name, ".xml"))
            continue;
        if (virFileReadAll(path, STORAGE_DIR_MAX_XML, &xml) < 0 ||
            !(def = virStorageVolSnapshotDefParseString(xml, VIR_VOL_SNAPSHOT_PARSE_METADATA))) {
            virStoragePoolObjAddDrift(pool, "-", "unreadable snapshot metadata '%s': %s",
                                      path, virGetLastErrorMessage());
            continue;
        }
        if (!(list = g_hash_table_lookup(byVol, def->volume))) {
            list = g_ptr_array_new_with_free_func((GDestroyNotify)virStorageVolSnapshotDefFree);
            g_hash_table_insert(byVol, g_strdup(def->volume), list);
        }
        g_ptr_array_add(list, def);
    }
    virResetLastError();
    return byVol;
}


/* Internal snapshots: those of the image against those of the metadata. */
static void
virStorageDirCheckInternal(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GHashTable) inImage = g_hash_table_new(g_str_hash, g_str_equal);
    virMoment *top = virMomentTreeMetaroot(vol->snapshots);

    if (vol->def->format != VIR_STORAGE_FILE_QCOW2)
        return;
    if (!(names = qemuImgSnapshotNames(vol->def->path))) {
        virStoragePoolObjAddDrift(pool, vol->def->name, "cannot list its internal "
                                  "snapshots: %s", virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    for (size_t i = 0; i < names->len; i++) {
        g_hash_table_add(inImage, names->pdata[i]);
        if (!virMomentTreeLookup(vol->snapshots, names->pdata[i]))
            virStoragePoolObjAddDrift(pool, vol->def->name,
                                      "snapshot '%s' is in the image but not in the "
                                      "metadata", (char *)names->pdata[i]);
    }
    for (virMoment *m = virMomentNextPreorder(top, top); m; m = virMomentNextPreorder(m, top)) {
        if (snapDef(m)->type == VIR_VOL_SNAPSHOT_INTERNAL &&
            !g_hash_table_contains(inImage, m->name))
            virStoragePoolObjAddDrift(pool, vol->def->name,
                                      "snapshot '%s' is in the metadata but not in the "
                                      "image", m->name);
    }
}


/* External snapshots: every file there, and no file unknown. */
static void
virStorageDirCheckImages(virStoragePoolObj *pool)
{
    g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *dir = virStorageDirMetaPath(pool, "images", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    for (size_t i = 0; i < pool->volumes->len; i++) {
        virStorageVolObj *vol = pool->volumes->pdata[i];
        virMoment *top = virMomentTreeMetaroot(vol->snapshots);

        for (virMoment *m = virMomentNextPreorder(top, top); m;
             m = virMomentNextPreorder(m, top)) {
            const char *file = snapDef(m)->overlayPath;

            if (!file)
                continue;
            g_hash_table_add(known, (gpointer)file);
            if (!virFileExists(file))
                virStoragePoolObjAddDrift(pool, vol->def->name,
                                          "image '%s' of snapshot '%s' is missing",
                                          file, m->name);
        }
    }
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        if (!g_hash_table_contains(known, path))
            virStoragePoolObjAddDrift(pool, "-", "image '%s' is not known to the "
                                      "metadata", path);
    }
}


static char *
virStorageDirReadCurrent(virStoragePoolObj *pool, const char *volume)
{
    g_autofree char *path = virStorageDirMetaPath(pool, "current", volume);
    char *name = NULL;

    if (virFileExists(path) && virFileReadAll(path, 4096, &name) < 0) {
        virResetLastError();
        return NULL;
    }
    return name;
}


int
virStorageDirLoadSnapshots(virStoragePoolObj *pool)
{
    g_autoptr(GHashTable) byVol = virStorageDirReadMeta(pool);
    GHashTableIter it;
    gpointer key, value;

    for (size_t i = 0; i < pool->volumes->len; i++) {
        virStorageVolObj *vol = pool->volumes->pdata[i];
        GPtrArray *defs = g_hash_table_lookup(byVol, vol->def->name);
        g_autofree char *current = virStorageDirReadCurrent(pool, vol->def->name);

        if (defs && virStorageVolObjLoadSnapshots(pool, vol, defs, current) < 0) {
            virStoragePoolObjAddDrift(pool, vol->def->name, "its snapshot metadata is "
                                      "unusable: %s", virGetLastErrorMessage());
            virResetLastError();
            virMomentTreeFree(vol->snapshots);
            vol->snapshots = virMomentTreeNew((GDestroyNotify)virStorageVolSnapshotDefFree);
        }
        if (defs)
            g_hash_table_remove(byVol, vol->def->name);
        virStorageDirCheckInternal(pool, vol);
    }
    g_hash_table_iter_init(&it, byVol);
    while (g_hash_table_iter_next(&it, &key, &value))
        virStoragePoolObjAddDrift(pool, key, "%u snapshots in the metadata belong to "
                                  "this missing volume", ((GPtrArray *)value)->len);
    virStorageDirCheckImages(pool);
    return 0;
}


int
virStorageDirDropSnapshots(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    virMoment *top = virMomentTreeMetaroot(vol->snapshots);

    for (virMoment *m = virMomentNextPreorder(top, top); m; m = virMomentNextPreorder(m, top)) {
        if (snapDef(m)->overlayPath && unlink(snapDef(m)->overlayPath) < 0 &&
            errno != ENOENT) {
            virReportSystemError(errno, "cannot remove image '%s' of snapshot '%s'",
                                 snapDef(m)->overlayPath, m->name);
            return -1;
        }
        if (virStorageDirRemoveMeta(pool, m->name) < 0)
            return -1;
    }
    return virStorageDirWriteCurrent(pool, vol, NULL);
}


/* ---- image steps ---- */

/* The format of image @path by its header (raw unless qcow2). */
static int
virStorageDirProbe(const char *path, char **backing)
{
    g_autofree char *b = NULL;
    unsigned int nsnap;
    int rc = qemuImgReadQcow2Header(path, &b, &nsnap);

    if (rc < 0)
        return -1;
    if (backing)
        *backing = g_steal_pointer(&b);
    return rc ? VIR_STORAGE_FILE_QCOW2 : VIR_STORAGE_FILE_RAW;
}


/* Makes a qcow2 overlay on @backing in tmp/ and renames it over the
 * volume's file: the volume has its old content until the rename. */
static int
virStorageDirReplaceWithOverlay(virStoragePoolObj *pool, virStorageVolObj *vol,
                                const char *backing, int backingFormat)
{
    g_autofree char *tmpName = g_strdup_printf("%s.new", vol->def->name);
    g_autofree char *tmp = virStorageDirMetaPath(pool, "tmp", tmpName);

    (void)unlink(tmp);
    if (qemuImgCreate(tmp, "qcow2", 0, backing,
                      virStorageFileFormatTypeToString(backingFormat), false) < 0)
        goto error;
    if (rename(tmp, vol->def->path) < 0) {
        virReportSystemError(errno, "cannot replace volume '%s'", vol->def->path);
        goto error;
    }
    return virFileSyncDir(pool->def->path);

 error:
    (void)unlink(tmp);
    return -1;
}


static int
virStorageDirCreateExternal(virStoragePoolObj *pool, virStorageVolObj *vol,
                            virStorageVolSnapshotDef *def)
{
    g_autofree char *frozen = virStorageDirMetaPath(pool, "images", def->name);
    g_autofree char *imagesDir = virStorageDirMetaPath(pool, "images", NULL);
    int format;

    if ((format = virStorageDirProbe(vol->def->path, NULL)) < 0)
        return -1;
    if (link(vol->def->path, frozen) < 0) {
        virReportSystemError(errno, "cannot freeze volume '%s' as '%s'",
                             vol->def->path, frozen);
        return -1;
    }
    if (virFileSyncDir(imagesDir) < 0 ||
        virStorageDirReplaceWithOverlay(pool, vol, frozen, format) < 0) {
        (void)unlink(frozen);
        return -1;
    }
    def->overlayPath = g_steal_pointer(&frozen);
    def->overlayFormat = format;
    return 0;
}


int
virStorageDirSnapCreate(virStoragePoolObj *pool, virStorageVolObj *vol,
                        virStorageVolSnapshotDef *def)
{
    if (virStorageDirMakeMetaDirs(pool) < 0)
        return -1;
    if (def->type == VIR_VOL_SNAPSHOT_INTERNAL) {
        int rc = qemuImgSnapshotExists(vol->def->path, def->name, false);

        if (rc > 0)
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "image '%s' already holds an internal snapshot '%s' that the "
                           "metadata does not know", vol->def->path, def->name);
        if (rc != 0 || qemuImgSnapshotCreate(vol->def->path, def->name) < 0)
            return -1;
    } else if (virStorageDirCreateExternal(pool, vol, def) < 0) {
        return -1;
    }
    virStorageDirCrashPoint("snapshot-create");
    if (virStorageDirWriteMeta(pool, def, def->parentName) < 0)
        return -1;
    if (virStorageDirWriteCurrent(pool, vol, &(virMoment){ .name = def->name }) < 0)
        return -1;
    return virStorageDirVolUpdate(pool, vol);
}


int
virStorageDirSnapRevert(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap)
{
    virStorageVolSnapshotDef *def = snapDef(snap);

    if (def->type == VIR_VOL_SNAPSHOT_INTERNAL) {
        if (qemuImgSnapshotApply(vol->def->path, def->name) < 0)
            return -1;
    } else if (virStorageDirMakeMetaDirs(pool) < 0 ||
               virStorageDirReplaceWithOverlay(pool, vol, def->overlayPath,
                                               def->overlayFormat) < 0) {
        return -1;
    }
    virStorageDirCrashPoint("snapshot-revert");
    if (virStorageDirWriteCurrent(pool, vol, snap) < 0)
        return -1;
    return virStorageDirVolUpdate(pool, vol);
}


/* Rebases every file that has @old as backing file onto what @old is
 * on, so it shows the same data without @old: the volume's, and any in
 * the pool's images folder (an orphan of a crash included) but those in
 * @skip (going too). */
static int
virStorageDirRebaseAbove(virStoragePoolObj *pool, virStorageVolObj *vol, const char *old,
                         GHashTable *skip)
{
    g_autofree char *below = NULL;
    g_autofree char *dir = virStorageDirMetaPath(pool, "images", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    int belowFormat = VIR_STORAGE_FILE_NONE;
    const char *name;

    if (virStorageDirProbe(old, &below) < 0 ||
        (below && (belowFormat = virStorageDirProbe(below, NULL)) < 0))
        return -1;
    g_ptr_array_add(files, g_strdup(vol->def->path));
    while (d && (name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL);

        if (g_hash_table_contains(skip, path))
            g_free(path);
        else
            g_ptr_array_add(files, path);
    }
    for (size_t i = 0; i < files->len; i++) {
        g_autofree char *backing = NULL;

        if (virStorageDirProbe(files->pdata[i], &backing) < 0)
            return -1;
        if (g_strcmp0(backing, old) != 0)
            continue;
        if (qemuImgRebase(files->pdata[i], below,
                          below ? virStorageFileFormatTypeToString(belowFormat) : NULL) < 0)
            return -1;
    }
    return 0;
}


/* The moments a delete removes: @snap's subtree (@children), its
 * descendants (@childrenOnly) or @snap; deepest last (pre-order). */
static GPtrArray *
virStorageDirDoomed(virMoment *snap, bool children, bool childrenOnly)
{
    GPtrArray *doomed = g_ptr_array_new();

    if (!childrenOnly)
        g_ptr_array_add(doomed, snap);
    if (children || childrenOnly) {
        for (virMoment *d = virMomentNextPreorder(snap, snap); d;
             d = virMomentNextPreorder(d, snap))
            g_ptr_array_add(doomed, d);
    }
    return doomed;
}


/* The image step of deleting external snapshots @doomed: the files on a
 * doomed one (the volume's, the children's) move down, deepest first,
 * then the doomed files go. */
static int
virStorageDirDeleteExternalData(virStoragePoolObj *pool, virStorageVolObj *vol,
                                GPtrArray *doomed)
{
    g_autoptr(GHashTable) skip = g_hash_table_new(g_str_hash, g_str_equal);

    for (size_t i = 0; i < doomed->len; i++)
        g_hash_table_add(skip, snapDef(doomed->pdata[i])->overlayPath);
    for (size_t i = doomed->len; i-- > 0; ) {
        if (virStorageDirRebaseAbove(pool, vol, snapDef(doomed->pdata[i])->overlayPath,
                                     skip) < 0)
            return -1;
    }
    for (size_t i = doomed->len; i-- > 0; ) {
        const char *file = snapDef(doomed->pdata[i])->overlayPath;

        if (unlink(file) < 0 && errno != ENOENT) {
            virReportSystemError(errno, "cannot remove image '%s'", file);
            return -1;
        }
    }
    return 0;
}


/* The current snapshot after @doomed go: the nearest kept ancestor. */
static virMoment *
virStorageDirCurrentAfter(virStorageVolObj *vol, GPtrArray *doomed)
{
    virMoment *cur = virMomentTreeGetCurrent(vol->snapshots);

    while (cur && g_ptr_array_find(doomed, cur, NULL))
        cur = virMomentGetParent(cur);
    return cur;
}


/* The metadata step: children of a lone deleted snapshot name its
 * parent first, so a crash in between leaves a consistent tree. */
static int
virStorageDirDeleteMeta(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap,
                        GPtrArray *doomed)
{
    virMoment *newCurrent = virStorageDirCurrentAfter(vol, doomed);

    if (doomed->len == 1) {
        virMoment *parent = virMomentGetParent(snap);

        for (virMoment *c = snap->firstChild; c; c = c->next) {
            if (virStorageDirWriteMeta(pool, snapDef(c), parent ? parent->name : NULL) < 0)
                return -1;
        }
    }
    if (virStorageDirWriteCurrent(pool, vol, newCurrent) < 0)
        return -1;
    for (size_t i = doomed->len; i-- > 0; ) {
        if (virStorageDirRemoveMeta(pool, ((virMoment *)doomed->pdata[i])->name) < 0)
            return -1;
    }
    return 0;
}


int
virStorageDirSnapDelete(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap,
                        bool children, bool childrenOnly, bool metadataOnly)
{
    g_autoptr(GPtrArray) doomed = virStorageDirDoomed(snap, children, childrenOnly);

    if (!metadataOnly && doomed->len) {
        if (snapDef(snap)->type == VIR_VOL_SNAPSHOT_EXTERNAL) {
            if (virStorageDirDeleteExternalData(pool, vol, doomed) < 0)
                return -1;
        } else {
            for (size_t i = doomed->len; i-- > 0; ) {
                if (qemuImgSnapshotDelete(vol->def->path,
                                          ((virMoment *)doomed->pdata[i])->name) < 0)
                    return -1;
            }
        }
        virStorageDirCrashPoint("snapshot-delete");
    }
    if (virStorageDirDeleteMeta(pool, vol, snap, doomed) < 0)
        return -1;
    return virStorageDirVolUpdate(pool, vol);
}


int
virStorageDirSnapExport(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap,
                        virStorageVolDef *def)
{
    virStorageVolSnapshotDef *sdef = snapDef(snap);
    g_autofree char *path = g_build_filename(pool->def->path, def->name, NULL);
    const char *fmt = virStorageFileFormatTypeToString(def->format);
    virStorageVolObj tmp = { .def = def };
    int rc;

    if (virFileExists(path)) {
        virReportError(VIR_ERR_STORAGE_VOL_EXIST, "file '%s'", path);
        return -1;
    }
    if (sdef->type == VIR_VOL_SNAPSHOT_INTERNAL)
        rc = qemuImgConvert(vol->def->path, "qcow2", sdef->name, path, fmt,
                            def->preallocMetadata);
    else
        rc = qemuImgConvert(sdef->overlayPath,
                            virStorageFileFormatTypeToString(sdef->overlayFormat),
                            NULL, path, fmt, def->preallocMetadata);
    if (rc < 0) {
        (void)unlink(path);
        return -1;
    }
    def->path = g_strdup(path);
    def->key = g_steal_pointer(&path);
    return virStorageDirVolUpdate(pool, &tmp);
}
