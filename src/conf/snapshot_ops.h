/*
 * snapshot_ops.h: driver-independent parts of snapshot operations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_obj.h"
#include "snapshot_conf.h"

/* True if the snapshot captured a running or paused guest. */
bool virSnapshotIsOnline(const virDomainSnapshotDef *def);

/* Fills in what a new snapshot of @obj records (state, memory, the
 * domain definition) and aligns its disks with the domain's, by the
 * snapshot @flags (DISK_ONLY and the memory element decide the default
 * location of each disk).  Errors carry error domain @from. */
int virSnapshotPrepareNew(virDomainObj *obj, virDomainSnapshotDef *def,
                          unsigned int flags, int from);

/* Restores metadata (REDEFINE): adds @def as a new snapshot, or replaces
 * the metadata of the existing one of that name, after checking it
 * against the hierarchy (the parent exists, no cycle, same domain UUID,
 * same kind).  With VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT it becomes
 * current.  On success the tree owns @def. */
virMoment *virSnapshotRedefine(virDomainObj *obj, virDomainSnapshotDef *def,
                               unsigned int flags);

/* The checks of a revert of @obj to @def before anything changes: a
 * transient domain must run after reverting to an offline snapshot;
 * without FORCE, a snapshot without a domain definition, respawning a
 * running guest, or an incompatible definition are refused as
 * VIR_ERR_SNAPSHOT_REVERT_RISKY.  *@restart tells whether a running
 * guest has to be replaced by a new one (with FORCE).  Errors carry
 * error domain @from. */
int virSnapshotCheckRevert(virDomainObj *obj, const virDomainSnapshotDef *def,
                           unsigned int flags, int from, bool *restart);
