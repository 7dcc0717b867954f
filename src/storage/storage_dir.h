/*
 * storage_dir.h: the directory backend, shared by its files
 *
 * A pool is a directory of image files; each regular file whose name
 * does not start with '.' is a volume (raw, or qcow2 by its header).
 * The pool keeps its own files in a hidden folder:
 *
 *   POOL/.snapvirt/snapshots/NAME.xml   one <volsnapshot> per snapshot
 *                                       (names are unique in the pool)
 *   POOL/.snapvirt/current/VOLUME       the name of VOLUME's current snapshot
 *   POOL/.snapvirt/images/NAME          the frozen data of external snapshot NAME
 *   POOL/.snapvirt/tmp/                 images being made (renamed into place)
 *
 * Every metadata file is replaced atomically (virFileWriteAtomic).  An
 * operation changes the images first, then the metadata: a crash between
 * the two leaves images the metadata does not describe, which the next
 * refresh reports in the pool's drift list (and never repairs by itself).
 *
 * For tests, SNAPVIRT_STORAGE_CRASH_AFTER=POINT kills the process
 * (SIGKILL) right after the image step of an operation, before its
 * metadata step; POINT is "snapshot-create", "snapshot-delete" or
 * "snapshot-revert".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_state.h"

/* Paths in a pool's hidden folder (new strings); @name may be NULL for
 * the folder itself. */
char *virStorageDirMetaPath(virStoragePoolObj *pool, const char *sub, const char *name);

/* Kills the process here if the test hook names @point. */
void virStorageDirCrashPoint(const char *point);

/* Re-reads a volume's format, sizes and backing file from its image. */
int virStorageDirVolUpdate(virStoragePoolObj *pool, virStorageVolObj *vol);

/* Loads the snapshot metadata of a pool whose volumes are known, and
 * reports in pool->drift what the images say otherwise. */
int virStorageDirLoadSnapshots(virStoragePoolObj *pool);
/* Removes the snapshot data and metadata of @vol (being deleted). */
int virStorageDirDropSnapshots(virStoragePoolObj *pool, virStorageVolObj *vol);

/* The snapshot entries of the backend table (storage_dir_snapshot.c). */
int virStorageDirSnapCreate(virStoragePoolObj *pool, virStorageVolObj *vol,
                            virStorageVolSnapshotDef *def);
int virStorageDirSnapRevert(virStoragePoolObj *pool, virStorageVolObj *vol,
                            virMoment *snap);
int virStorageDirSnapDelete(virStoragePoolObj *pool, virStorageVolObj *vol,
                            virMoment *snap, bool children, bool childrenOnly,
                            bool metadataOnly);
int virStorageDirSnapExport(virStoragePoolObj *pool, virStorageVolObj *vol,
                            virMoment *snap, virStorageVolDef *def);
