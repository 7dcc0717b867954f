/*
 * qemu_img.c: offline image work through qemu-img
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

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
qemuImgCreate(const char *path, const char *format, unsigned long long size)
{
    g_autofree char *sz = g_strdup_printf("%llu", size);
    const char *args[] = { "create", "-q", "-f", format, path, sz, NULL };

    return qemuImgRun(args, NULL);
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


int
qemuImgSnapshotCount(const char *path)
{
    g_autoptr(json_object) info = qemuImgInfo(path, false, true);
    json_object *snaps;

    if (!info)
        return -1;
    if (!json_object_object_get_ex(info, "snapshots", &snaps))
        return 0;
    return (int)json_object_array_length(snaps);
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
    g_autofree char *snap = g_strdup_printf("snapshot.name=%s", name);
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
