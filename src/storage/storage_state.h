/*
 * storage_state.h: the storage driver's objects and its backend table
 *
 * One virStorageState serves a connection's storage (shared by the
 * connections of a process to the same place): its pools, each pool's
 * volumes, and each volume's snapshot tree.  The generic driver
 * (storage_driver.c, storage_snapshot.c) keeps these objects and answers
 * every query from them; a backend does what touches the storage itself:
 * the directory backend (storage_dir*.c) on real files with qemu-img,
 * the memory backend (storage_mem.c) for the test driver.
 *
 * Locking: state->lock is held for the whole of every call, backend work
 * included (storage calls are serialised per state).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/moment_tree.h"
#include "conf/storage_conf.h"
#include "conf/volsnapshot_conf.h"

typedef struct _virStorageVolObj virStorageVolObj;
struct _virStorageVolObj {
    virStorageVolDef *def;        /* name, path (= key), format, sizes, backing */
    virMomentTree *snapshots;     /* payloads: virStorageVolSnapshotDef */
};

typedef struct _virStoragePoolObj virStoragePoolObj;
struct _virStoragePoolObj {
    virStoragePoolDef *def;
    bool active;
    bool persistent;
    GPtrArray *volumes;           /* virStorageVolObj, sorted by name */
    GHashTable *snapshotOwners;   /* snapshot name -> its virStorageVolObj
                                   * (borrowed): one namespace per pool */
    GPtrArray *drift;             /* "volume\tproblem" found by the last
                                   * refresh (images vs. metadata) */
};

typedef struct _virStorageState virStorageState;
typedef struct _virStorageBackend virStorageBackend;

/* What touches the storage.  Each returns 0 or -1 after reporting; the
 * generic layer has checked names, states and flags it knows. */
struct _virStorageBackend {
    /* Persists / forgets a pool definition (NULL: nothing to keep). */
    int (*poolSave)(virStorageState *state, virStoragePoolObj *pool);
    int (*poolForget)(virStorageState *state, virStoragePoolObj *pool);
    /* Records whether the pool is started (survives reopening). */
    int (*poolMarkActive)(virStorageState *state, virStoragePoolObj *pool, bool active);
    int (*poolBuild)(virStoragePoolObj *pool, unsigned int flags);
    int (*poolDelete)(virStoragePoolObj *pool);
    /* (Re)reads pool->volumes (with their snapshots), sizes and drift
     * from the storage, for a pool being started or refreshed. */
    int (*poolRefresh)(virStoragePoolObj *pool);

    /* Creates @def's image (@from: a copy of that volume's data), filling
     * in its path, key and sizes. */
    int (*volCreate)(virStoragePoolObj *pool, virStorageVolDef *def,
                     virStorageVolObj *from);
    /* Removes the volume's image and, with it, its snapshots' data and
     * metadata. */
    int (*volDelete)(virStoragePoolObj *pool, virStorageVolObj *vol);
    int (*volResize)(virStoragePoolObj *pool, virStorageVolObj *vol,
                     unsigned long long capacity, bool shrink);
    /* Re-reads the volume's sizes before they are shown (NULL: kept). */
    int (*volUpdate)(virStoragePoolObj *pool, virStorageVolObj *vol);

    /* Takes snapshot @def of @vol (its type set, parent = the current
     * snapshot) and writes its metadata. */
    int (*snapCreate)(virStoragePoolObj *pool, virStorageVolObj *vol,
                      virStorageVolSnapshotDef *def);
    int (*snapRevert)(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap);
    /* Deletes @snap (its subtree with @children, only its descendants
     * with @childrenOnly), data and metadata, or the metadata only; the
     * generic layer then changes the tree the same way. */
    int (*snapDelete)(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap,
                      bool children, bool childrenOnly, bool metadataOnly);
    /* Creates volume @def holding @snap's data. */
    int (*snapExport)(virStoragePoolObj *pool, virStorageVolObj *vol, virMoment *snap,
                      virStorageVolDef *def);
};

struct _virStorageState {
    GMutex lock;
    const virStorageBackend *backend;
    GPtrArray *pools;             /* virStoragePoolObj */
    char *root;                   /* the directory backend's root, or NULL */
    gint refs;                    /* connections sharing it */
};

/* ---- objects (storage_obj.c) ---- */

virStorageState *virStorageStateNew(const virStorageBackend *backend, const char *root);
void virStorageStateFree(virStorageState *state);

virStoragePoolObj *virStoragePoolObjNew(virStoragePoolDef *def);
void virStoragePoolObjFree(virStoragePoolObj *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStoragePoolObj, virStoragePoolObjFree)
/* Drops the volumes (a pool being stopped or refreshed). */
void virStoragePoolObjClearVolumes(virStoragePoolObj *pool);
/* Adds a problem for the drift report, and logs it. */
void virStoragePoolObjAddDrift(virStoragePoolObj *pool, const char *volume,
                               const char *fmt, ...) G_GNUC_PRINTF(3, 4);

virStorageVolObj *virStorageVolObjNew(virStorageVolDef *def);
void virStorageVolObjFree(virStorageVolObj *vol);
/* Adds @vol to @pool, keeping the list sorted. */
void virStoragePoolObjAddVolume(virStoragePoolObj *pool, virStorageVolObj *vol);
void virStoragePoolObjRemoveVolume(virStoragePoolObj *pool, virStorageVolObj *vol);
virStorageVolObj *virStoragePoolObjFindVolume(virStoragePoolObj *pool, const char *name);

/* Registers / forgets the snapshot names of @vol in its pool's
 * namespace. */
void virStoragePoolObjIndexSnapshot(virStoragePoolObj *pool, virStorageVolObj *vol,
                                    const char *name);
void virStoragePoolObjUnindexSnapshot(virStoragePoolObj *pool, const char *name);

/* Builds @vol's tree from loaded definitions (taken over; their parent
 * names link them), making @current current.  A definition whose name is
 * taken in the pool, or whose parent is missing, goes to the drift report
 * instead.  Returns 0, or -1 for a cycle (reported). */
int virStorageVolObjLoadSnapshots(virStoragePoolObj *pool, virStorageVolObj *vol,
                                  GPtrArray *defs, const char *current);

virStoragePoolObj *virStorageStateFindPool(virStorageState *state, const char *name);
virStoragePoolObj *virStorageStateFindPoolUUID(virStorageState *state,
                                               const unsigned char *uuid);
/* The volume with key or path @path in any active pool (*@pool set). */
virStorageVolObj *virStorageStateFindVolumePath(virStorageState *state, const char *path,
                                                virStoragePoolObj **pool);
