/*
 * qemu_snapshot.h: domain snapshots on real images
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qemu_conf.h"

/* Entry points (qemu_snapshot_create.c, qemu_snapshot_revert.c,
 * qemu_snapshot_delete.c). */
virDomainSnapshotPtr qemuDomainSnapshotCreateXML(virDomainPtr dom, const char *xml,
                                                 unsigned int flags);
int qemuDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags);
int qemuDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags);

/* ---- metadata (qemu_snapshot_store.c) ---- */

/* Loads @obj's snapshot metadata and notes an interrupted operation. */
int qemuSnapshotLoadAll(qemuDriver *driver, virDomainObj *obj);
/* Writes the metadata of snapshot @moment. */
int qemuSnapshotSave(qemuDriver *driver, virDomainObj *obj, virMoment *moment);
/* Removes the metadata file of snapshot @name. */
int qemuSnapshotRemoveFile(qemuDriver *driver, virDomainObj *obj, const char *name);
/* Records which snapshot is current (none: removes the record). */
int qemuSnapshotSaveCurrent(qemuDriver *driver, virDomainObj *obj);
/* Forgets every snapshot of @obj, in memory and on disk (not the data). */
void qemuSnapshotRemoveAllMetadata(qemuDriver *driver, virDomainObj *obj);

/* The journal: an operation that changes images writes its intent
 * before the first change and removes it once the metadata says the
 * same; one left over means a crash in between (see the file comment). */
int qemuSnapshotJournalBegin(qemuDriver *driver, virDomainObj *obj, const char *op,
                             const char *snapshot, const char *detail);
int qemuSnapshotJournalEnd(qemuDriver *driver, virDomainObj *obj);
/* Fails with VIR_ERR_OPERATION_FAILED if @obj has an interrupted
 * operation that needs repair first. */
int qemuSnapshotCheckNotInterrupted(virDomainObj *obj);

/* ---- shared by create, revert and delete (qemu_snapshot_common.c) ---- */

/* How long a snapshot job of QEMU may take (milliseconds). */
#define QEMU_SNAPSHOT_JOB_TIMEOUT (10 * 60 * 1000)

/* The snapshot that @snap names, with @obj locked (qemuDomainEnd
 * releases it); NULL after reporting VIR_ERR_NO_DOMAIN_SNAPSHOT. */
virMoment *qemuSnapshotBegin(virDomainSnapshotPtr snap, virDomainObj **obj);

/* The name of QEMU's format node for image @path in running domain
 * @obj, or NULL (reported). */
char *qemuSnapshotNodeName(virDomainObj *obj, const char *path);

/* Runs QEMU's snapshot-save, snapshot-load or snapshot-delete job named
 * @cmd for internal snapshot @tag on the images @paths (with the VM
 * state in the first one unless @vmstate is false). */
int qemuSnapshotRunJob(virDomainObj *obj, const char *cmd, const char *tag,
                       GPtrArray *paths, bool vmstate);

/* True if @path is a layer of the chain that starts at @src. */
bool qemuSnapshotChainMentions(const virStorageSource *src, const char *path);
/* True if @path is a layer of some disk of @def. */
bool qemuSnapshotDefMentions(const virDomainDef *def, const char *path);
/* True if the domain's definitions or any snapshot but @except mention
 * image @path. */
bool qemuSnapshotImageInUse(virDomainObj *obj, const char *path, const virMoment *except);

/* Replaces layer @path by the layer below it in every chain of @def that
 * has it; returns true if @def changed.  When the layer has no known
 * layer below, the top becomes @below (path and format). */
bool qemuSnapshotDefDropLayer(virDomainDef *def, const char *path, const char *below,
                              int belowFormat);

/* Saves @moment's metadata (NULL: none) and which snapshot is current. */
int qemuSnapshotSaveState(qemuDriver *driver, virDomainObj *obj, virMoment *moment);
