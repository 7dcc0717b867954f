/*
 * qemu_img.c: offline image work through qemu-img
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-c/json.h>

#include "qemu_img.h"
#include "qemu_monitor.h"   /* g_autoptr(json_object) */
#include "util/vircommand.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Image metadata of a few MiB at most; a bigger answer is an error. */
#define QEMU_IMG_MAX_JSON (64 * 1024 * 1024)


const char *
qemuImgBinary(void)
{
    const char *env = g_getenv("SNAPVIRT_QEMU_IMG");

    return env && *env ? env : "qemu-img";
}


static int
qemuImgRun(const char *const *args, char **out)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    g_ptr_array_add(argv, (gpointer)qemuImgBinary());
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);
    return virCommandRun((const char *const *)argv->pdata, out, NULL, NULL);
}


int
qemuImgCreateOverlay(const char *path, const char *backing, const char *backingFormat)
{
    const char *args[] = { "create", "-q", "-f", "qcow2", "-b", backing,
                           "-F", backingFormat, path, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgSnapshotCreate(const char *path, const char *name)
{
    const char *args[] = { "snapshot", "-q", "-c", name, path, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgSnapshotApply(const char *path, const char *name)
{
    const char *args[] = { "snapshot", "-q", "-a", name, path, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgSnapshotDelete(const char *path, const char *name)
{
    const char *args[] = { "snapshot", "-q", "-d", name, path, NULL };

    return qemuImgRun(args, NULL);
}


/* qemu-img info of @path as JSON (an array with @chain). */
static json_object *
qemuImgInfo(const char *path, bool chain, bool forceShare)
{
    const char *args[8];
    g_autofree char *out = NULL;
    json_object *info;
    size_t n = 0;

    args[n++] = "info";
    args[n++] = "--output=json";
    if (chain)
        args[n++] = "--backing-chain";
    if (forceShare)
        args[n++] = "-U";
    args[n++] = path;
    args[n] = NULL;
    if (qemuImgRun(args, &out) < 0)
        return NULL;
    if (strlen(out) > QEMU_IMG_MAX_JSON || !(info = json_tokener_parse(out))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "cannot parse what qemu-img says of '%s'", path);
        return NULL;
    }
    return info;
}


int
qemuImgSnapshotExists(const char *path, const char *name, bool forceShare)
{
    g_autoptr(json_object) info = qemuImgInfo(path, false, forceShare);
    json_object *snaps;

    if (!info)
        return -1;
    if (!json_object_object_get_ex(info, "snapshots", &snaps))
        return 0;
    for (size_t i = 0; i < json_object_array_length(snaps); i++) {
        json_object *snap = json_object_array_get_idx(snaps, i);

        if (STREQ_NULLABLE(json_object_get_string(json_object_object_get(snap, "name")),
                           name))
            return 1;
    }
    return 0;
}


/* Big-endian fields of the qcow2 header (QEMU's docs/interop/qcow2.txt). */
#define QCOW2_MAGIC 0x514649fbU          /* "QFI\xfb" */
#define QCOW2_HEADER_SIZE 72

static guint64
qemuImgBE(const unsigned char *p, size_t n)
{
    guint64 v = 0;

    for (size_t i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}


int
qemuImgReadQcow2Header(const char *path, char **backing, unsigned int *nsnapshots)
{
    unsigned char hdr[QCOW2_HEADER_SIZE];
    guint64 offset;
    guint32 size;
    int fd;
    int ret = -1;

    *backing = NULL;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "cannot open image '%s'", path);
        return -1;
    }
    if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
        qemuImgBE(hdr, 4) != QCOW2_MAGIC) {
        ret = 0;
        goto cleanup;
    }
    offset = qemuImgBE(hdr + 8, 8);
    size = (guint32)qemuImgBE(hdr + 16, 4);
    *nsnapshots = (unsigned int)qemuImgBE(hdr + 60, 4);
    if (offset && size) {
        g_autofree char *name = g_malloc0((gsize)size + 1);

        if (size > 1023 || pread(fd, name, size, (off_t)offset) != (ssize_t)size) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "cannot read the backing file name of '%s'", path);
            goto cleanup;
        }
        if (g_path_is_absolute(name)) {
            *backing = g_steal_pointer(&name);
        } else {
            g_autofree char *dir = g_path_get_dirname(path);

            *backing = g_canonicalize_filename(name, dir);
        }
    }
    ret = 1;

 cleanup:
    close(fd);
    return ret;
}


unsigned long long
qemuImgVirtualSize(const char *path, int format)
{
    unsigned char hdr[QCOW2_HEADER_SIZE];
    struct stat st;
    int fd;
    unsigned long long size = 0;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "cannot open image '%s'", path);
        return 0;
    }
    if (format == VIR_STORAGE_FILE_QCOW2) {
        if (pread(fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr) &&
            qemuImgBE(hdr, 4) == QCOW2_MAGIC)
            size = qemuImgBE(hdr + 24, 8);
    } else if (format == VIR_STORAGE_FILE_RAW && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        size = (unsigned long long)st.st_size;
    }
    close(fd);
    if (!size)
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "cannot tell the size of image '%s' (%s)", path,
                       virStorageFileFormatTypeToString(format));
    return size;
}


int
qemuImgSnapshotCount(const char *path)
{
    g_autofree char *backing = NULL;
    unsigned int n = 0;
    int rc = qemuImgReadQcow2Header(path, &backing, &n);

    return rc < 0 ? -1 : (int)n;
}


virStorageSource *
qemuImgChain(const char *path, bool forceShare)
{
    g_autoptr(json_object) info = qemuImgInfo(path, true, forceShare);
    virStorageSource *top = NULL;
    virStorageSource **tail = &top;

    if (!info)
        return NULL;
    for (size_t i = 0; i < json_object_array_length(info); i++) {
        json_object *layer = json_object_array_get_idx(info, i);
        const char *file = json_object_get_string(json_object_object_get(layer, "filename"));
        const char *fmt = json_object_get_string(json_object_object_get(layer, "format"));
        int format = fmt ? virStorageFileFormatTypeFromString(fmt) : -1;

        *tail = virStorageSourceNew(VIR_STORAGE_TYPE_FILE, file,
                                    format < 0 ? VIR_STORAGE_FILE_NONE : format);
        tail = &(*tail)->backing;
    }
    if (!top) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "qemu-img found no image at '%s'", path);
        return NULL;
    }
    /* The whole chain is known: say so (<backingStore/>). */
    for (virStorageSource *l = top; ; l = l->backing) {
        if (!l->backing) {
            l->terminated = true;
            break;
        }
    }
    return top;
}


int
qemuImgCommit(const char *top)
{
    const char *args[] = { "commit", "-q", "-d", top, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgRebaseUnsafe(const char *path, const char *backing, const char *backingFormat)
{
    const char *args[] = { "rebase", "-q", "-u", "-b", backing, "-F", backingFormat,
                           path, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgConvertSnapshot(const char *src, const char *name, const char *dst,
                       const char *backing, const char *backingFormat)
{
    /* -l takes options: a comma in the name is written twice. */
    g_auto(GStrv) parts = g_strsplit(name, ",", -1);
    g_autofree char *escaped = g_strjoinv(",,", parts);
    g_autofree char *snap = g_strdup_printf("snapshot.name=%s", escaped);
    const char *args[16];
    size_t n = 0;

    args[n++] = "convert";
    args[n++] = "-q";
    args[n++] = "-l";
    args[n++] = snap;
    args[n++] = "-O";
    args[n++] = "qcow2";
    if (backing) {
        args[n++] = "-B";
        args[n++] = backing;
        args[n++] = "-F";
        args[n++] = backingFormat;
    }
    args[n++] = src;
    args[n++] = dst;
    args[n] = NULL;
    return qemuImgRun(args, NULL);
}


/* ---- for the storage pools (src/storage) ---- */

int
qemuImgCreate(const char *path, const char *format, unsigned long long capacity,
              const char *backing, const char *backingFormat, bool preallocMetadata)
{
    g_autofree char *size = capacity ? g_strdup_printf("%llu", capacity) : NULL;
    const char *args[16];
    size_t n = 0;

    args[n++] = "create";
    args[n++] = "-q";
    args[n++] = "-f";
    args[n++] = format;
    if (preallocMetadata) {
        args[n++] = "-o";
        args[n++] = "preallocation=metadata";
    }
    if (backing) {
        args[n++] = "-b";
        args[n++] = backing;
        args[n++] = "-F";
        args[n++] = backingFormat;
    }
    args[n++] = path;
    if (size)
        args[n++] = size;
    args[n] = NULL;
    return qemuImgRun(args, NULL);
}


int
qemuImgRebase(const char *path, const char *backing, const char *backingFormat)
{
    const char *args[] = { "rebase", "-q", "-f", "qcow2", "-b", backing ? backing : "",
                           backing ? "-F" : path, backing ? backingFormat : NULL,
                           backing ? path : NULL, NULL };

    return qemuImgRun(args, NULL);
}


int
qemuImgConvert(const char *src, const char *srcFormat, const char *snapshot,
               const char *dst, const char *dstFormat, bool preallocMetadata)
{
    g_autofree char *snap = NULL;
    const char *args[16];
    size_t n = 0;

    args[n++] = "convert";
    args[n++] = "-q";
    args[n++] = "-f";
    args[n++] = srcFormat;
    if (snapshot) {
        /* -l takes options: a comma in the name is written twice. */
        g_auto(GStrv) parts = g_strsplit(snapshot, ",", -1);
        g_autofree char *escaped = g_strjoinv(",,", parts);

        snap = g_strdup_printf("snapshot.name=%s", escaped);
        args[n++] = "-l";
        args[n++] = snap;
    }
    args[n++] = "-O";
    args[n++] = dstFormat;
    if (preallocMetadata) {
        args[n++] = "-o";
        args[n++] = "preallocation=metadata";
    }
    args[n++] = src;
    args[n++] = dst;
    args[n] = NULL;
    return qemuImgRun(args, NULL);
}


int
qemuImgResize(const char *path, const char *format, unsigned long long capacity,
              bool shrink)
{
    g_autofree char *size = g_strdup_printf("%llu", capacity);
    const char *args[] = { "resize", "-q", "-f", format, shrink ? "--shrink" : path,
                           shrink ? path : size, shrink ? size : NULL, NULL };

    return qemuImgRun(args, NULL);
}


GPtrArray *
qemuImgSnapshotNames(const char *path)
{
    g_autoptr(json_object) info = qemuImgInfo(path, false, true);
    GPtrArray *names;
    json_object *snaps;

    if (!info)
        return NULL;
    names = g_ptr_array_new_with_free_func(g_free);
    if (!json_object_object_get_ex(info, "snapshots", &snaps))
        return names;
    for (size_t i = 0; i < json_object_array_length(snaps); i++) {
        json_object *snap = json_object_array_get_idx(snaps, i);
        const char *name = json_object_get_string(json_object_object_get(snap, "name"));

        if (name)
            g_ptr_array_add(names, g_strdup(name));
    }
    return names;
}
