/*
 * qemu_img.h: offline image work through qemu-img
 *
 * Used on images no running QEMU holds (a running domain's images are
 * changed over QMP only); reading an image a QEMU holds uses force-share.
 * Every function reports qemu-img's own message on failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "conf/domain_conf.h"

/* The qemu-img program (SNAPVIRT_QEMU_IMG overrides, for tests). */
const char *qemuImgBinary(void);

/* A new qcow2 overlay at @path on top of @backing (of @backingFormat). */
int qemuImgCreateOverlay(const char *path, const char *backing, const char *backingFormat);

/* Internal snapshots of the qcow2 image @path: create, apply (revert the
 * image to it) and delete @name. */
int qemuImgSnapshotCreate(const char *path, const char *name);
int qemuImgSnapshotApply(const char *path, const char *name);
int qemuImgSnapshotDelete(const char *path, const char *name);
/* Whether @path holds an internal snapshot @name (1), not (0), or -1. */
/* What a qcow2 header says without running qemu-img: the backing file
 * as written in the image (*@backing, NULL if none; a relative name is
 * resolved against the image's folder) and the number of internal
 * snapshots.  Returns 1 for qcow2, 0 for another format (nothing set),
 * -1 on error (reported). */
int qemuImgReadQcow2Header(const char *path, char **backing, unsigned int *nsnapshots);

/* The size the guest sees of image @path of @format (qcow2 or raw),
 * without running qemu-img; 0 after reporting an error. */
unsigned long long qemuImgVirtualSize(const char *path, int format);

/* How many internal snapshots @path has (read with force-share). */
int qemuImgSnapshotCount(const char *path);
int qemuImgSnapshotExists(const char *path, const char *name, bool forceShare);

/* The backing chain of @path as qemu-img sees it (top first), with each
 * layer's resolved path and format.  @forceShare reads an image in use. */
virStorageSource *qemuImgChain(const char *path, bool forceShare);

/* Commits @top into its immediate backing file, leaving @top's content as
 * it was (the caller removes or rebases it). */
int qemuImgCommit(const char *top);
/* Points @path at @backing (of @backingFormat) without copying data:
 * the caller knows the content is the same. */
int qemuImgRebaseUnsafe(const char *path, const char *backing, const char *backingFormat);
/* Writes internal snapshot @name of @src to a new qcow2 image @dst on top
 * of @backing (NULL: standalone), copying only what @src itself holds. */
int qemuImgConvertSnapshot(const char *src, const char *name, const char *dst,
                           const char *backing, const char *backingFormat);

/* ---- for the storage pools (src/storage) ---- */

/* A new image at @path of @format ("raw", "qcow2") and @capacity bytes
 * (0: the backing file's), on top of @backing (NULL: none); a qcow2 one
 * with all its metadata allocated if @preallocMetadata. */
int qemuImgCreate(const char *path, const char *format, unsigned long long capacity,
                  const char *backing, const char *backingFormat, bool preallocMetadata);
/* Moves qcow2 image @path onto @backing (NULL: standalone) keeping what
 * the guest sees: the data that differs is copied into @path. */
int qemuImgRebase(const char *path, const char *backing, const char *backingFormat);
/* Writes what @src (or its internal @snapshot, NULL: its current state)
 * holds, its backing chain included, to a new standalone image @dst
 * (qcow2 @dst: with all its metadata allocated if @preallocMetadata). */
int qemuImgConvert(const char *src, const char *srcFormat, const char *snapshot,
                   const char *dst, const char *dstFormat, bool preallocMetadata);
/* Changes the virtual size of @path; @shrink allows making it smaller. */
int qemuImgResize(const char *path, const char *format, unsigned long long capacity,
                  bool shrink);
/* The names of the internal snapshots of @path (read with force-share). */
GPtrArray *qemuImgSnapshotNames(const char *path);
