/*
 * qemu_snapshot_common.c: helpers shared by snapshot create, revert and
 * delete of the QEMU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "qemu_snapshot.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU


virMoment *
qemuSnapshotBegin(virDomainSnapshotPtr snap, virDomainObj **obj)
{
    return virSnapshotQueryBegin(&qemuSnapshotQueryOps, snap, obj);
}


/* Learns the format node of every image QEMU has open (a QEMU this
 * process did not start, so whose names it does not know). */
static int
qemuSnapshotLearnNodes(virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autoptr(json_object) nodes = NULL;

    if (qemuMonitorCommand(priv->mon, "query-named-block-nodes",
                           qemuMonitorArgs("b:flat", true, NULL), &nodes) < 0)
        return -1;
    for (size_t i = 0; i < json_object_array_length(nodes); i++) {
        json_object *n = json_object_array_get_idx(nodes, i);
        const char *drv = json_object_get_string(json_object_object_get(n, "drv"));
        const char *file = json_object_get_string(json_object_object_get(n, "file"));
        const char *name = json_object_get_string(json_object_object_get(n, "node-name"));

        if (file && name && STRNEQ_NULLABLE(drv, "file") && STRNEQ_NULLABLE(drv, "host_device"))
            g_hash_table_insert(priv->nodes, g_strdup(file), g_strdup(name));
    }
    return 0;
}


char *
qemuSnapshotNodeName(virDomainObj *obj, const char *path)
{
    GHashTable *known = qemuDomainPriv(obj)->nodes;
    const char *name = g_hash_table_lookup(known, path);

    if (!name && qemuSnapshotLearnNodes(obj) == 0 &&
        !(name = g_hash_table_lookup(known, path)))
        virReportError(VIR_ERR_INTERNAL_ERROR, "QEMU has no block node for image '%s'", path);
    return g_strdup(name);
}


int
qemuSnapshotRunJob(virDomainObj *obj, const char *cmd, const char *tag,
                   GPtrArray *paths, bool vmstate)
{
    qemuMonitor *mon = qemuDomainPriv(obj)->mon;
    json_object *devices = json_object_new_array();
    g_autofree char *first = NULL;
    g_autofree char *jobId = g_strdup_printf("snapvirt-%s", cmd);
    json_object *args;

    for (size_t i = 0; i < paths->len; i++) {
        char *node = qemuSnapshotNodeName(obj, paths->pdata[i]);

        if (!node) {
            json_object_put(devices);
            return -1;
        }
        json_object_array_add(devices, json_object_new_string(node));
        if (i == 0)
            first = node;
        else
            g_free(node);
    }
    args = qemuMonitorArgs("s:job-id", jobId, "s:tag", tag, "a:devices", devices, NULL);
    if (vmstate && first)
        json_object_object_add(args, "vmstate", json_object_new_string(first));
    return qemuMonitorRunJob(mon, cmd, args, jobId, QEMU_SNAPSHOT_JOB_TIMEOUT);
}


bool
qemuSnapshotChainMentions(const virStorageSource *src, const char *path)
{
    for (; src; src = src->backing) {
        if (STREQ_NULLABLE(src->path, path))
            return true;
    }
    return false;
}


bool
qemuSnapshotDefMentions(const virDomainDef *def, const char *path)
{
    for (size_t i = 0; def && i < def->ndisks; i++) {
        if (qemuSnapshotChainMentions(def->disks[i]->src, path))
            return true;
    }
    return false;
}


bool
qemuSnapshotImageInUse(virDomainObj *obj, const char *path, const virMoment *except)
{
    virMoment *meta = virMomentTreeMetaroot(obj->snapshots);

    if (qemuSnapshotDefMentions(obj->def, path) ||
        qemuSnapshotDefMentions(obj->newDef, path))
        return true;
    for (virMoment *m = virMomentNextPreorder(meta, meta); m;
         m = virMomentNextPreorder(m, meta)) {
        const virDomainSnapshotDef *def = m->def;

        if (m == except)
            continue;
        if (qemuSnapshotDefMentions(def->dom, path))
            return true;
        for (size_t i = 0; i < def->ndisks; i++) {
            if (STREQ_NULLABLE(def->disks[i].src ? def->disks[i].src->path : NULL, path))
                return true;
        }
    }
    return false;
}


bool
qemuSnapshotDefDropLayer(virDomainDef *def, const char *path, const char *below,
                         int belowFormat)
{
    bool changed = false;

    for (size_t i = 0; def && i < def->ndisks; i++) {
        virStorageSource **link = &def->disks[i]->src;

        while (*link && STRNEQ_NULLABLE((*link)->path, path))
            link = &(*link)->backing;
        if (!*link)
            continue;
        if ((*link)->backing) {
            virStorageSource *gone = *link;

            *link = gone->backing;
            gone->backing = NULL;
            virStorageSourceFreeChain(gone);
        } else {
            g_free((*link)->path);
            (*link)->path = g_strdup(below);
            (*link)->format = belowFormat;
        }
        changed = true;
    }
    return changed;
}


int
qemuSnapshotSaveState(qemuDriver *driver, virDomainObj *obj, virMoment *moment)
{
    if (moment && qemuSnapshotSave(driver, obj, moment) < 0)
        return -1;
    return qemuSnapshotSaveCurrent(driver, obj);
}
