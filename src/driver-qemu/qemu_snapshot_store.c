/*
 * qemu_snapshot_store.c: snapshot metadata on disk, and the journal
 *
 * Each snapshot is one file, lib/qemu/snapshot/DOMAIN/NAME.xml, in the
 * <domainsnapshot> format with its parent and its domain definition;
 * which one is current is the file "current" beside them.  Every file is
 * replaced atomically (virFileWriteAtomic), so each one always holds a
 * whole old or whole new version.
 *
 * An operation that changes images (create, revert, delete) first writes
 * "journal", saying what it is about to do to which files, then changes
 * the images, then the metadata, and removes the journal last.  A
 * journal found when the driver opens means a crash came between the
 * image step and the metadata step: the metadata may not match the
 * images.  The driver then reports it (log, and an error on every call
 * that would change the domain's snapshots) instead of carrying on as
 * if nothing happened; the journal names the files to check.  Redefining
 * metadata and deleting metadata only stay allowed, so the user can make
 * the metadata right, then remove the journal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include <errno.h>

#include "qemu_snapshot.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_snapshot_store");

#define QEMU_SNAPSHOT_MAX_XML (16 * 1024 * 1024)


static char *
qemuSnapshotFilePath(qemuDriver *driver, virDomainObj *obj, const char *file)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, obj->def->name);

    return g_build_filename(dir, file, NULL);
}


/* ---- loading ---- */

static virDomainSnapshotDef *
qemuSnapshotLoadFile(const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_autofree char *xml = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(virDomainSnapshotDef) def = NULL;

    if (virFileReadAll(path, QEMU_SNAPSHOT_MAX_XML, &xml) < 0 ||
        !(def = virDomainSnapshotDefParseString(xml, VIR_SNAPSHOT_PARSE_REDEFINE)))
        return NULL;
    expected = g_strdup_printf("%s.xml", def->name);
    if (STRNEQ(expected, file)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "snapshot metadata file '%s' holds snapshot '%s'", path, def->name);
        return NULL;
    }
    return g_steal_pointer(&def);
}


int
qemuSnapshotLoadAll(qemuDriver *driver, virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *dir = qemuDomainSnapshotDir(driver, obj->def->name);
    g_autofree char *currentPath = g_build_filename(dir, "current", NULL);
    g_autofree char *journalPath = g_build_filename(dir, "journal", NULL);
    g_autofree char *owner = g_strdup_printf("domain '%s'", obj->def->name);
    g_autofree char *current = NULL;
    g_autoptr(GPtrArray) defs = NULL;
    g_autoptr(GDir) d = NULL;
    const char *file;

    if (!(d = g_dir_open(dir, 0, NULL)))
        return 0;   /* no snapshots yet */
    defs = g_ptr_array_new_with_free_func((GDestroyNotify)virDomainSnapshotDefFree);
    while ((file = g_dir_read_name(d))) {
        virDomainSnapshotDef *def;

        if (!g_str_has_suffix(file, ".xml"))
            continue;
        if (!(def = qemuSnapshotLoadFile(dir, file)))
            return -1;
        g_ptr_array_add(defs, def);
    }
    if (virFileExists(currentPath)) {
        if (virFileReadAll(currentPath, VIR_NAME_MAX + 1, &current) < 0)
            return -1;
        for (size_t i = 0; i < defs->len; i++) {
            virDomainSnapshotDef *def = defs->pdata[i];

            def->current = STREQ(def->name, current);
        }
    }
    if (virSnapshotQueryLoad(obj, defs, owner, VIR_FROM_QEMU) < 0)
        return -1;

    if (virFileExists(journalPath)) {
        if (virFileReadAll(journalPath, QEMU_SNAPSHOT_MAX_XML, &priv->interrupted) < 0)
            return -1;
        VIR_ERROR("domain '%s': a snapshot operation was interrupted; its journal "
                  "%s says: %s", obj->def->name, journalPath, priv->interrupted);
    }
    return 0;
}


/* ---- saving ---- */

static int
qemuSnapshotMakeDir(qemuDriver *driver, virDomainObj *obj)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, obj->def->name);

    return virFileMakePath(dir, 0700);
}


int
qemuSnapshotSave(qemuDriver *driver, virDomainObj *obj, virMoment *moment)
{
    g_autofree char *file = g_strdup_printf("%s.xml", moment->name);
    g_autofree char *path = qemuSnapshotFilePath(driver, obj, file);
    virMoment *parent = virMomentGetParent(moment);
    g_autofree char *xml = virDomainSnapshotDefFormat(moment->def,
                                                      parent ? parent->name : NULL,
                                                      obj->def->uuid,
                                                      VIR_SNAPSHOT_FORMAT_SECURE);

    if (qemuSnapshotMakeDir(driver, obj) < 0)
        return -1;
    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}


int
qemuSnapshotRemoveFile(qemuDriver *driver, virDomainObj *obj, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = qemuSnapshotFilePath(driver, obj, file);

    return virFileRemove(path);
}


int
qemuSnapshotSaveCurrent(qemuDriver *driver, virDomainObj *obj)
{
    virMoment *current = virMomentTreeGetCurrent(obj->snapshots);
    g_autofree char *path = qemuSnapshotFilePath(driver, obj, "current");

    if (!current)
        return virFileRemove(path);
    if (qemuSnapshotMakeDir(driver, obj) < 0)
        return -1;
    return virFileWriteAtomic(path, current->name, strlen(current->name), 0600);
}


void
qemuSnapshotRemoveAllMetadata(qemuDriver *driver, virDomainObj *obj)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, obj->def->name);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    virMoment *root = virMomentTreeMetaroot(obj->snapshots);
    const char *file;

    virMomentTreeRemoveDescendants(obj->snapshots, root);
    g_clear_pointer(&qemuDomainPriv(obj)->interrupted, g_free);
    if (!d)
        return;
    while ((file = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, file, NULL);

        if (unlink(path) < 0)
            VIR_WARN("cannot remove '%s': %s", path, g_strerror(errno));
    }
    if (rmdir(dir) < 0)
        VIR_WARN("cannot remove '%s': %s", dir, g_strerror(errno));
}


/* ---- the journal ---- */

int
qemuSnapshotJournalBegin(qemuDriver *driver, virDomainObj *obj, const char *op,
                         const char *snapshot, const char *detail)
{
    g_autofree char *path = qemuSnapshotFilePath(driver, obj, "journal");
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format_iso8601(now);
    g_autofree char *text = g_strdup_printf("%s of snapshot '%s' started %s\n%s",
                                            op, snapshot, stamp, detail ? detail : "");

    if (qemuSnapshotMakeDir(driver, obj) < 0)
        return -1;
    return virFileWriteAtomic(path, text, strlen(text), 0600);
}


int
qemuSnapshotJournalEnd(qemuDriver *driver, virDomainObj *obj)
{
    g_autofree char *path = qemuSnapshotFilePath(driver, obj, "journal");

    return virFileRemove(path);
}


int
qemuSnapshotCheckNotInterrupted(virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *first = NULL;

    if (!priv->interrupted)
        return 0;
    first = g_strndup(priv->interrupted, strcspn(priv->interrupted, "\n"));
    virReportError(VIR_ERR_OPERATION_FAILED,
                   "domain '%s' has an interrupted snapshot operation (%s); check the "
                   "images its journal names, fix the metadata, then remove the journal "
                   "and reconnect", obj->def->name, first);
    return -1;
}
