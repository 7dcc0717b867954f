/*
 * storage_dir.c: the directory backend: state, pools and volumes
 *
 * The state of qemu:///embed?root=ROOT: persistent pool definitions in
 * ROOT/etc/storage/NAME.xml, and ROOT/run/storage/NAME for each started
 * pool, so a pool stays started across connections and processes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "storage_dir.h"
#include "storage_driver.h"
#include "driver-qemu/qemu_img.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE_DRIVER

VIR_LOG_INIT("storage.storage_dir");

#define STORAGE_DIR_MAX_XML (1024 * 1024)

static GMutex virStorageDirStatesLock;
static GHashTable *virStorageDirStates;   /* root -> virStorageState */


char *
virStorageDirMetaPath(virStoragePoolObj *pool, const char *sub, const char *name)
{
    return g_build_filename(pool->def->path, ".snapvirt", sub, name, NULL);
}


void
virStorageDirCrashPoint(const char *point)
{
    if (g_strcmp0(g_getenv("SNAPVIRT_STORAGE_CRASH_AFTER"), point) == 0)
        raise(SIGKILL);
}


static char *
virStorageDirConfigPath(virStorageState *state, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return g_build_filename(state->root, "etc", "storage", file, NULL);
}


static char *
virStorageDirActivePath(virStorageState *state, const char *name)
{
    return g_build_filename(state->root, "run", "storage", name, NULL);
}


/* ---- pool definitions ---- */

static int
virStorageDirPoolSave(virStorageState *state, virStoragePoolObj *pool)
{
    g_autofree char *path = virStorageDirConfigPath(state, pool->def->name);
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *xml = virStoragePoolDefFormat(pool->def, NULL);

    if (virFileMakePath(dir, 0755) < 0)
        return -1;
    return virFileWriteAtomic(path, xml, strlen(xml), 0644);
}


static int
virStorageDirPoolForget(virStorageState *state, virStoragePoolObj *pool)
{
    g_autofree char *path = virStorageDirConfigPath(state, pool->def->name);

    return virFileRemove(path);
}


static int
virStorageDirPoolMarkActive(virStorageState *state, virStoragePoolObj *pool, bool active)
{
    g_autofree char *path = virStorageDirActivePath(state, pool->def->name);
    g_autofree char *dir = g_path_get_dirname(path);

    if (!active || !pool->persistent)
        return virFileRemove(path);
    if (virFileMakePath(dir, 0755) < 0)
        return -1;
    return virFileWriteAtomic(path, "", 0, 0644);
}


static int
virStorageDirPoolBuild(virStoragePoolObj *pool, unsigned int flags)
{
    if ((flags & VIR_STORAGE_POOL_BUILD_NO_OVERWRITE) && virFileExists(pool->def->path)) {
        virReportError(VIR_ERR_STORAGE_POOL_BUILT,
                       "directory '%s' of pool '%s' exists already",
                       pool->def->path, pool->def->name);
        return -1;
    }
    return virFileMakePath(pool->def->path, 0755);
}


static int
virStorageDirPoolDelete(virStoragePoolObj *pool)
{
    g_autofree char *meta = virStorageDirMetaPath(pool, NULL, NULL);
    static const char *const subs[] = { "snapshots", "current", "images", "tmp" };

    /* The hidden folder goes if it holds nothing. */
    for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
        g_autofree char *sub = virStorageDirMetaPath(pool, subs[i], NULL);

        (void)rmdir(sub);
    }
    (void)rmdir(meta);
    if (rmdir(pool->def->path) < 0) {
        virReportSystemError(errno, "cannot remove directory '%s' of pool '%s'",
                             pool->def->path, pool->def->name);
        return -1;
    }
    return 0;
}


/* ---- volumes ---- */

int
virStorageDirVolUpdate(virStoragePoolObj *pool G_GNUC_UNUSED, virStorageVolObj *vol)
{
    virStorageVolDef *def = vol->def;
    g_autofree char *backing = NULL;
    unsigned int nsnap = 0;
    struct stat st;
    int rc;

    if (stat(def->path, &st) < 0) {
        virReportSystemError(errno, "cannot stat volume '%s'", def->path);
        return -1;
    }
    if ((rc = qemuImgReadQcow2Header(def->path, &backing, &nsnap)) < 0)
        return -1;
    def->format = rc ? VIR_STORAGE_FILE_QCOW2 : VIR_STORAGE_FILE_RAW;
    def->allocation = (unsigned long long)st.st_blocks * 512;
    def->capacity = rc ? qemuImgVirtualSize(def->path, def->format)
                       : (unsigned long long)st.st_size;
    g_free(def->backingPath);
    def->backingPath = g_steal_pointer(&backing);
    def->backingFormat = VIR_STORAGE_FILE_NONE;
    return 0;
}


static virStorageVolObj *
virStorageDirVolLoad(virStoragePoolObj *pool, const char *name)
{
    virStorageVolDef *def = g_new0(virStorageVolDef, 1);
    virStorageVolObj *vol = virStorageVolObjNew(def);

    def->name = g_strdup(name);
    def->path = g_build_filename(pool->def->path, name, NULL);
    def->key = g_strdup(def->path);
    if (virStorageDirVolUpdate(pool, vol) < 0) {
        virStorageVolObjFree(vol);
        return NULL;
    }
    return vol;
}


static int
virStorageDirPoolRefresh(virStoragePoolObj *pool)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GDir) dir = g_dir_open(pool->def->path, 0, &err);
    struct statvfs sv;
    const char *name;

    virStoragePoolObjClearVolumes(pool);
    if (!dir || statvfs(pool->def->path, &sv) < 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot open directory '%s' of pool '%s': %s (build the pool?)",
                       pool->def->path, pool->def->name,
                       err ? err->message : g_strerror(errno));
        return -1;
    }
    pool->def->capacity = (unsigned long long)sv.f_blocks * sv.f_frsize;
    pool->def->available = (unsigned long long)sv.f_bavail * sv.f_frsize;
    pool->def->allocation = (unsigned long long)(sv.f_blocks - sv.f_bfree) * sv.f_frsize;
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(pool->def->path, name, NULL);
        virStorageVolObj *vol;

        if (name[0] == '.' || !g_file_test(path, G_FILE_TEST_IS_REGULAR) ||
            g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            continue;
        if (!(vol = virStorageDirVolLoad(pool, name)))
            return -1;
        virStoragePoolObjAddVolume(pool, vol);
    }
    return virStorageDirLoadSnapshots(pool);
}


/* Checks the backing store of new volume @def: inside the pool, existing;
 * sets its format when not given. */
static int
virStorageDirCheckBacking(virStoragePoolObj *pool, virStorageVolDef *def)
{
    g_autofree char *real = realpath(def->backingPath, NULL);
    g_autofree char *poolReal = realpath(pool->def->path, NULL);
    g_autofree char *prefix = poolReal ? g_strconcat(poolReal, "/", NULL) : NULL;
    g_autofree char *ignored = NULL;
    unsigned int nsnap;
    int rc;

    if (!real) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "backing store '%s' of volume '%s' does not exist",
                       def->backingPath, def->name);
        return -1;
    }
    if (!prefix || !g_str_has_prefix(real, prefix) || strchr(real + strlen(prefix), '/')) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "backing store '%s' of volume '%s' is not a volume of pool '%s'",
                       def->backingPath, def->name, pool->def->name);
        return -1;
    }
    if ((rc = qemuImgReadQcow2Header(real, &ignored, &nsnap)) < 0)
        return -1;
    if (def->backingFormat == VIR_STORAGE_FILE_NONE)
        def->backingFormat = rc ? VIR_STORAGE_FILE_QCOW2 : VIR_STORAGE_FILE_RAW;
    g_free(def->backingPath);
    def->backingPath = g_steal_pointer(&real);
    return 0;
}


static int
virStorageDirVolCreate(virStoragePoolObj *pool, virStorageVolDef *def,
                       virStorageVolObj *from)
{
    const char *fmt = virStorageFileFormatTypeToString(def->format);
    g_autofree char *path = g_build_filename(pool->def->path, def->name, NULL);
    virStorageVolObj tmp = { .def = def };
    int rc;

    if (virFileExists(path) || g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        virReportError(VIR_ERR_STORAGE_VOL_EXIST, "file '%s'", path);
        return -1;
    }
    if (def->backingPath && virStorageDirCheckBacking(pool, def) < 0)
        return -1;
    if (!from && !def->backingPath && !def->capacity) {
        virReportError(VIR_ERR_INVALID_ARG, "volume '%s' needs a capacity", def->name);
        return -1;
    }
    if (from)
        rc = qemuImgConvert(from->def->path,
                            virStorageFileFormatTypeToString(from->def->format),
                            NULL, path, fmt, def->preallocMetadata);
    else
        rc = qemuImgCreate(path, fmt, def->capacity, def->backingPath,
                           virStorageFileFormatTypeToString(def->backingFormat),
                           def->preallocMetadata);
    if (rc < 0) {
        (void)unlink(path);
        return -1;
    }
    def->path = g_strdup(path);
    def->key = g_steal_pointer(&path);
    if (from && def->capacity > from->def->capacity &&
        qemuImgResize(def->path, fmt, def->capacity, false) < 0)
        return -1;
    return virStorageDirVolUpdate(pool, &tmp);
}


static int
virStorageDirVolDelete(virStoragePoolObj *pool, virStorageVolObj *vol)
{
    if (virStorageDirDropSnapshots(pool, vol) < 0)
        return -1;
    if (unlink(vol->def->path) < 0 && errno != ENOENT) {
        virReportSystemError(errno, "cannot remove volume '%s'", vol->def->path);
        return -1;
    }
    return virFileSyncDir(pool->def->path);
}


static int
virStorageDirVolResize(virStoragePoolObj *pool, virStorageVolObj *vol,
                       unsigned long long capacity, bool shrink)
{
    if (qemuImgResize(vol->def->path, virStorageFileFormatTypeToString(vol->def->format),
                      capacity, shrink) < 0)
        return -1;
    return virStorageDirVolUpdate(pool, vol);
}


static const virStorageBackend virStorageDirBackend = {
    .poolSave = virStorageDirPoolSave,
    .poolForget = virStorageDirPoolForget,
    .poolMarkActive = virStorageDirPoolMarkActive,
    .poolBuild = virStorageDirPoolBuild,
    .poolDelete = virStorageDirPoolDelete,
    .poolRefresh = virStorageDirPoolRefresh,
    .volCreate = virStorageDirVolCreate,
    .volDelete = virStorageDirVolDelete,
    .volResize = virStorageDirVolResize,
    .volUpdate = virStorageDirVolUpdate,
    .snapCreate = virStorageDirSnapCreate,
    .snapRevert = virStorageDirSnapRevert,
    .snapDelete = virStorageDirSnapDelete,
    .snapExport = virStorageDirSnapExport,
};


/* ---- the state of a root ---- */

/* Loads one pool definition file, starting the pool if it was. */
static void
virStorageDirLoadPool(virStorageState *state, const char *path)
{
    g_autofree char *xml = NULL;
    g_autofree char *active = NULL;
    virStoragePoolDef *def;
    virStoragePoolObj *pool;

    if (virFileReadAll(path, STORAGE_DIR_MAX_XML, &xml) < 0 ||
        !(def = virStoragePoolDefParseString(xml, false))) {
        VIR_ERROR("ignoring pool definition '%s': %s", path, virGetLastErrorMessage());
        return;
    }
    pool = virStoragePoolObjNew(def);
    pool->persistent = true;
    g_ptr_array_add(state->pools, pool);
    active = virStorageDirActivePath(state, def->name);
    if (!virFileExists(active))
        return;
    if (virStorageDirPoolRefresh(pool) < 0) {
        VIR_ERROR("pool '%s' stays inactive: %s", def->name, virGetLastErrorMessage());
        virStoragePoolObjClearVolumes(pool);
        return;
    }
    pool->active = true;
}


static virStorageState *
virStorageDirStateNew(const char *root)
{
    virStorageState *state = virStorageStateNew(&virStorageDirBackend, root);
    g_autofree char *dir = g_build_filename(root, "etc", "storage", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".xml"))
            g_ptr_array_add(files, g_build_filename(dir, name, NULL));
    }
    g_ptr_array_sort(files, (GCompareFunc)g_strcmp0);
    for (size_t i = 0; i < files->len; i++)
        virStorageDirLoadPool(state, files->pdata[i]);
    virResetLastError();
    return state;
}


int
virStorageDirOpen(virConnectPtr conn, const char *root)
{
    virStorageState *state;

    g_mutex_lock(&virStorageDirStatesLock);
    if (!virStorageDirStates)
        virStorageDirStates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((state = g_hash_table_lookup(virStorageDirStates, root))) {
        g_atomic_int_inc(&state->refs);
    } else {
        state = virStorageDirStateNew(root);
        g_hash_table_insert(virStorageDirStates, g_strdup(root), state);
    }
    g_mutex_unlock(&virStorageDirStatesLock);
    conn->storagePrivateData = state;
    return 0;
}


void
virStorageDirClose(virConnectPtr conn)
{
    virStorageState *state = conn->storagePrivateData;
    bool last;

    if (!state)
        return;
    g_mutex_lock(&virStorageDirStatesLock);
    if ((last = g_atomic_int_dec_and_test(&state->refs)))
        g_hash_table_remove(virStorageDirStates, state->root);
    g_mutex_unlock(&virStorageDirStatesLock);
    if (last)
        virStorageStateFree(state);
    conn->storagePrivateData = NULL;
}
