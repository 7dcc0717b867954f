/*
 * snapshot_ops.c: the driver-independent parts of creating and reverting
 * snapshots: what a new snapshot records, the rules of redefinition, and
 * the checks before a revert
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snapshot_ops.h"
#include "util/virerror.h"
#include "util/viruuid.h"

/* Errors of the driver's own checks carry the driver's error domain. */


bool
virSnapshotIsOnline(const virDomainSnapshotDef *def)
{
    return def->state == VIR_SNAPSHOT_STATE_RUNNING ||
           def->state == VIR_SNAPSHOT_STATE_PAUSED;
}


/* Fills in what a new snapshot records and aligns its disks. */
int
virSnapshotPrepareNew(virDomainObj *obj, virDomainSnapshotDef *def,
                      unsigned int flags, int from)
{
    bool active = virDomainObjIsActive(obj);
    int location = VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    bool uniform = true;

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) {
        if (def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
            def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
            virErrorReport(from, VIR_ERR_CONFIG_UNSUPPORTED, __func__,
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
            virErrorReport(from, VIR_ERR_OPERATION_INVALID, __func__,
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


/* Checks a redefinition against the existing hierarchy and returns the
 * parent to use (NULL for a root) in *parent. */
static int
virSnapshotCheckRedefine(virDomainObj *obj, virDomainSnapshotDef *def,
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
    if (old && virSnapshotIsOnline(old) != virSnapshotIsOnline(def)) {
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
virMoment *
virSnapshotRedefine(virDomainObj *obj, virDomainSnapshotDef *def,
                     unsigned int flags)
{
    virMoment *existing = virMomentTreeLookup(obj->snapshots, def->name);
    virMoment *parent;
    virMoment *moment;

    if (virSnapshotCheckRedefine(obj, def, existing, flags, &parent) < 0)
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




int
virSnapshotCheckRevert(virDomainObj *obj, const virDomainSnapshotDef *def,
                       unsigned int flags, int from, bool *restart)
{
    bool force = flags & VIR_DOMAIN_SNAPSHOT_REVERT_FORCE;
    bool run = flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    const virDomainDef *config = def->dom ? def->dom : obj->def;

    *restart = false;
    if (!obj->persistent && !virSnapshotIsOnline(def) && !run) {
        virErrorReport(from, VIR_ERR_OPERATION_INVALID, __func__, "%s",
                       "transient domain needs to request run or pause to revert to inactive snapshot");
        return -1;
    }
    if (!force && !def->dom) {
        virErrorReport(from, VIR_ERR_SNAPSHOT_REVERT_RISKY, __func__,
                       "snapshot '%s' lacks domain '%s' rollback info",
                       def->name, obj->def->name);
        return -1;
    }
    if (!force && virDomainObjIsActive(obj) && !virSnapshotIsOnline(def) && run) {
        virErrorReport(from, VIR_ERR_SNAPSHOT_REVERT_RISKY, __func__, "%s",
                       "must respawn guest to start inactive snapshot");
        return -1;
    }
    if (virDomainObjIsActive(obj) && virSnapshotIsOnline(def) &&
        virDomainDefCheckABIStability(obj->def, config) < 0) {
        if (!force) {
            /* Same detail, but the caller needs to know FORCE would do. */
            const virError *err = virGetLastError();
            g_autofree char *detail = g_strdup(err && err->str2 ? err->str2 : "");

            virErrorReport(from, VIR_ERR_SNAPSHOT_REVERT_RISKY, __func__, "%s", detail);
            return -1;
        }
        virResetLastError();
        *restart = true;
    }
    return 0;
}
