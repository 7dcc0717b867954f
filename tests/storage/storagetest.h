/*
 * storagetest.h: helpers of the tests of directory pools on real files,
 * through qemu:///embed?root=DIR (test-storage-dir.c, test-storage-crash.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qemu/qemutest.h"

#define MiB (1024ULL * 1024)

typedef struct {
    qtEnv env;
    char *poolDir;
    virStoragePoolPtr pool;
} stEnv;

/* A pool "p" in a fresh folder; false (the case skipped or failed) if
 * that cannot be. */
bool stSetUp(stEnv *st);
void stTearDown(stEnv *st);
/* Closes and reopens the connection: a new driver state read from disk. */
void stReopen(stEnv *st);
/* Volume @name (16 MiB) of @format over @backing (a path, or NULL). */
virStorageVolPtr stVol(stEnv *st, const char *name, const char *format, const char *backing);
/* The path of @file in the pool (a new string). */
char *stPath(stEnv *st, const char *file);
/* Snapshot @name of @vol (@type "internal" or "external"): 0 or -1. */
int stSnap(virStorageVolPtr vol, const char *name, const char *type);
int stRevert(virStorageVolPtr vol, const char *name);
int stDelete(virStorageVolPtr vol, const char *name, unsigned int flags);
/* "name<parent ..." of every snapshot, sorted, "*" before the current. */
char *stTree(virStorageVolPtr vol);
/* The pool's XML (drift problems included). */
char *stPoolXML(stEnv *st);
