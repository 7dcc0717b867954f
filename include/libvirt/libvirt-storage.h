/*
 * libvirt-storage.h: storage pools, volumes and volume snapshots
 *
 * A pool is a place volumes live in (for the "dir" type, a directory of
 * image files); a volume is one image in it, known by its name within
 * the pool, or by its key or path across the connection.  Pools and
 * volumes follow libvirt's API: the same names, signatures and values.
 *
 * Volume snapshots are snapvirt's own addition (libvirt discussed such an
 * API in 2011 and never merged it).  A volume's snapshots form a forest
 * like a domain's: each snapshot but the roots has a parent, and at most
 * one is "current", the parent of the next snapshot taken.  Snapshot
 * names are unique within a pool, across all of its volumes.  Handles
 * name a snapshot of a volume and hold no state of their own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_STORAGE_H
# define SNAPVIRT_LIBVIRT_STORAGE_H

# ifndef __VIR_LIBVIRT_H_INCLUDES__
#  error "include <libvirt/libvirt.h>, not this file"
# endif

typedef struct _virStoragePool virStoragePool;
typedef virStoragePool *virStoragePoolPtr;

typedef enum {
    VIR_STORAGE_POOL_INACTIVE = 0,      /* defined, not started */
    VIR_STORAGE_POOL_BUILDING = 1,      /* being initialised */
    VIR_STORAGE_POOL_RUNNING = 2,       /* started, usable */
    VIR_STORAGE_POOL_DEGRADED = 3,      /* started, partly usable */
    VIR_STORAGE_POOL_INACCESSIBLE = 4,  /* started, its storage unreachable */
} virStoragePoolState;

typedef enum {
    VIR_STORAGE_POOL_BUILD_NEW = 0,                 /* create from scratch */
    VIR_STORAGE_POOL_BUILD_REPAIR = (1 << 0),       /* repair */
    VIR_STORAGE_POOL_BUILD_RESIZE = (1 << 1),       /* extend */
    VIR_STORAGE_POOL_BUILD_NO_OVERWRITE = (1 << 2), /* keep existing data */
    VIR_STORAGE_POOL_BUILD_OVERWRITE = (1 << 3),    /* overwrite data */
} virStoragePoolBuildFlags;

typedef enum {
    VIR_STORAGE_POOL_DELETE_NORMAL = 0,        /* remove the storage */
    VIR_STORAGE_POOL_DELETE_ZEROED = 1 << 0,   /* zero it first */
} virStoragePoolDeleteFlags;

typedef enum {
    VIR_STORAGE_POOL_CREATE_NORMAL = 0,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD = 1 << 0,              /* build first */
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE = 1 << 1,    /* build, overwriting */
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE = 1 << 2, /* build, keeping data */
} virStoragePoolCreateFlags;

typedef struct _virStoragePoolInfo virStoragePoolInfo;
struct _virStoragePoolInfo {
    int state;                     /* virStoragePoolState */
    unsigned long long capacity;   /* bytes */
    unsigned long long allocation; /* bytes in use */
    unsigned long long available;  /* bytes free */
};
typedef virStoragePoolInfo *virStoragePoolInfoPtr;

typedef struct _virStorageVol virStorageVol;
typedef virStorageVol *virStorageVolPtr;

typedef enum {
    VIR_STORAGE_VOL_FILE = 0,     /* an image file */
    VIR_STORAGE_VOL_BLOCK = 1,    /* a block device */
    VIR_STORAGE_VOL_DIR = 2,      /* a directory */
    VIR_STORAGE_VOL_NETWORK = 3,  /* a network volume */
    VIR_STORAGE_VOL_NETDIR = 4,   /* a network directory */
    VIR_STORAGE_VOL_PLOOP = 5,    /* a ploop directory */
} virStorageVolType;

typedef enum {
    VIR_STORAGE_VOL_DELETE_NORMAL = 0,                /* remove the volume */
    VIR_STORAGE_VOL_DELETE_ZEROED = 1 << 0,           /* zero it first */
    VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS = 1 << 1,   /* and its snapshots */
} virStorageVolDeleteFlags;

typedef struct _virStorageVolInfo virStorageVolInfo;
struct _virStorageVolInfo {
    int type;                      /* virStorageVolType */
    unsigned long long capacity;   /* bytes the guest sees */
    unsigned long long allocation; /* bytes used on the host */
};
typedef virStorageVolInfo *virStorageVolInfoPtr;

typedef enum {
    VIR_STORAGE_XML_INACTIVE = (1 << 0),   /* the persistent definition */
} virStorageXMLFlags;

typedef enum {
    VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE = 1 << 0,
    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE = 1 << 1,
    VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT = 1 << 2,
    VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT = 1 << 3,
    VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART = 1 << 4,
    VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART = 1 << 5,
    /* By pool type: snapvirt has dir pools only, so the others match none. */
    VIR_CONNECT_LIST_STORAGE_POOLS_DIR = 1 << 6,
    VIR_CONNECT_LIST_STORAGE_POOLS_FS = 1 << 7,
    VIR_CONNECT_LIST_STORAGE_POOLS_NETFS = 1 << 8,
    VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL = 1 << 9,
    VIR_CONNECT_LIST_STORAGE_POOLS_DISK = 1 << 10,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI = 1 << 11,
    VIR_CONNECT_LIST_STORAGE_POOLS_SCSI = 1 << 12,
    VIR_CONNECT_LIST_STORAGE_POOLS_MPATH = 1 << 13,
    VIR_CONNECT_LIST_STORAGE_POOLS_RBD = 1 << 14,
    VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG = 1 << 15,
    VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER = 1 << 16,
    VIR_CONNECT_LIST_STORAGE_POOLS_ZFS = 1 << 17,
    VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE = 1 << 18,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT = 1 << 19,
} virConnectListAllStoragePoolsFlags;

typedef enum {
    VIR_STORAGE_POOL_DEFINE_VALIDATE = 1 << 0,   /* check XML against schema */
} virStoragePoolDefineFlags;

typedef enum {
    VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA = 1 << 0,   /* qcow2: preallocate metadata */
    VIR_STORAGE_VOL_CREATE_REFLINK = 1 << 1,             /* refused: no reflink copies */
    VIR_STORAGE_VOL_CREATE_VALIDATE = 1 << 2,            /* check XML against schema */
} virStorageVolCreateFlags;

typedef enum {
    VIR_STORAGE_VOL_RESIZE_ALLOCATE = 1 << 0,   /* allocate the new space */
    VIR_STORAGE_VOL_RESIZE_DELTA = 1 << 1,      /* capacity is added to the current one */
    VIR_STORAGE_VOL_RESIZE_SHRINK = 1 << 2,     /* allow making it smaller */
} virStorageVolResizeFlags;

/* ---- pools ----
 *
 * Every function below returns -1 or NULL on failure with the error set
 * (virGetLastError): VIR_ERR_INVALID_STORAGE_POOL for a bad handle,
 * VIR_ERR_NO_STORAGE_POOL for an unknown pool, VIR_ERR_OPERATION_DENIED
 * for a change on a read-only connection, VIR_ERR_OPERATION_INVALID for
 * a pool in the wrong state, VIR_ERR_NO_SUPPORT where the connection has
 * no storage.  Returned pool handles are freed with virStoragePoolFree. */

/* The connection of @pool (borrowed). */
virConnectPtr virStoragePoolGetConnect(virStoragePoolPtr pool);
/* The number of started pools of @conn. */
int virConnectNumOfStoragePools(virConnectPtr conn);
/* Fills @names with up to @maxnames names of started pools (the caller
 * frees each); returns how many. */
int virConnectListStoragePools(virConnectPtr conn, char **const names, int maxnames);
/* The number of defined pools that are not started. */
int virConnectNumOfDefinedStoragePools(virConnectPtr conn);
/* Like virConnectListStoragePools, for the pools not started. */
int virConnectListDefinedStoragePools(virConnectPtr conn, char **const names,
                                      int maxnames);
/* Every pool selected by @flags (virConnectListAllStoragePoolsFlags,
 * groups of which no bit is set do not filter) in *@pools (NULL-ended,
 * the caller frees it and each pool; @pools may be NULL to count only).
 * Returns the number of pools. */
int virConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                  unsigned int flags);
/* The pool called @name / with @uuid (16 bytes) / with @uuid in text. */
virStoragePoolPtr virStoragePoolLookupByName(virConnectPtr conn, const char *name);
virStoragePoolPtr virStoragePoolLookupByUUID(virConnectPtr conn,
                                             const unsigned char *uuid);
virStoragePoolPtr virStoragePoolLookupByUUIDString(virConnectPtr conn, const char *uuid);
/* The pool holding @vol. */
virStoragePoolPtr virStoragePoolLookupByVolume(virStorageVolPtr vol);
/* Defines and starts a transient pool from @xmlDesc (<pool>); @flags:
 * virStoragePoolCreateFlags (WITH_BUILD: build it first). */
virStoragePoolPtr virStoragePoolCreateXML(virConnectPtr conn, const char *xmlDesc,
                                          unsigned int flags);
/* Defines a persistent pool from @xmlDesc, or replaces the definition of
 * an inactive one of the same name and UUID; @flags: VALIDATE. */
virStoragePoolPtr virStoragePoolDefineXML(virConnectPtr conn, const char *xmlDesc,
                                          unsigned int flags);
/* Creates the pool's storage (for "dir": its directory); @flags:
 * virStoragePoolBuildFlags (NO_OVERWRITE refuses an existing directory). */
int virStoragePoolBuild(virStoragePoolPtr pool, unsigned int flags);
/* Forgets an inactive pool's definition (its storage stays). */
int virStoragePoolUndefine(virStoragePoolPtr pool);
/* Starts an inactive pool: its volumes and their snapshots are loaded.
 * @flags: virStoragePoolCreateFlags. */
int virStoragePoolCreate(virStoragePoolPtr pool, unsigned int flags);
/* Stops a started pool (its storage stays); a transient pool is gone. */
int virStoragePoolDestroy(virStoragePoolPtr pool);
/* Removes an inactive pool's storage (for "dir": the empty directory). */
int virStoragePoolDelete(virStoragePoolPtr pool, unsigned int flags);
/* Takes / drops a reference on the handle; 0 or -1. */
int virStoragePoolRef(virStoragePoolPtr pool);
int virStoragePoolFree(virStoragePoolPtr pool);
/* Re-reads the pool's storage: volumes, sizes and the volume snapshot
 * metadata, reporting in the pool's XML (<drift>) images that no longer
 * match the metadata.  @flags must be 0. */
int virStoragePoolRefresh(virStoragePoolPtr pool, unsigned int flags);
/* The pool's name (borrowed, lives as long as the handle). */
const char *virStoragePoolGetName(virStoragePoolPtr pool);
/* The pool's UUID: 16 bytes into @uuid / text (VIR_UUID_STRING_BUFLEN) into @buf. */
int virStoragePoolGetUUID(virStoragePoolPtr pool, unsigned char *uuid);
int virStoragePoolGetUUIDString(virStoragePoolPtr pool, char *buf);
/* State and sizes of the pool. */
int virStoragePoolGetInfo(virStoragePoolPtr vol, virStoragePoolInfoPtr info);
/* The pool's XML (the caller frees it); @flags: VIR_STORAGE_XML_INACTIVE. */
char *virStoragePoolGetXMLDesc(virStoragePoolPtr pool, unsigned int flags);
/* Whether the pool starts with the host: always 0 in snapvirt. */
int virStoragePoolGetAutostart(virStoragePoolPtr pool, int *autostart);
/* 1 if started (persistent), 0 if not, -1 on error. */
int virStoragePoolIsActive(virStoragePoolPtr pool);
int virStoragePoolIsPersistent(virStoragePoolPtr pool);
/* The number of volumes of a started pool, and their names (as
 * virConnectListStoragePools). */
int virStoragePoolNumOfVolumes(virStoragePoolPtr pool);
int virStoragePoolListVolumes(virStoragePoolPtr pool, char **const names, int maxnames);
/* Every volume of a started pool in *@vols (as virConnectListAllStoragePools);
 * @flags must be 0. */
int virStoragePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                 unsigned int flags);

/* ---- volumes ----
 *
 * Errors as for pools, with VIR_ERR_INVALID_STORAGE_VOL for a bad handle
 * and VIR_ERR_NO_STORAGE_VOL for an unknown volume.  Returned volume
 * handles are freed with virStorageVolFree. */

/* The connection of @vol (borrowed). */
virConnectPtr virStorageVolGetConnect(virStorageVolPtr vol);
/* The volume @name of @pool / with @key / at @path, in any started pool. */
virStorageVolPtr virStorageVolLookupByName(virStoragePoolPtr pool, const char *name);
virStorageVolPtr virStorageVolLookupByKey(virConnectPtr conn, const char *key);
virStorageVolPtr virStorageVolLookupByPath(virConnectPtr conn, const char *path);
/* The volume's name / key (borrowed). */
const char *virStorageVolGetName(virStorageVolPtr vol);
const char *virStorageVolGetKey(virStorageVolPtr vol);
/* Creates a volume from @xmldesc (<volume>: name, capacity, target
 * format raw or qcow2, an optional <backingStore> that must exist).
 * Names with '/', "." or ".." or starting with '.' are refused.  @flags:
 * virStorageVolCreateFlags (PREALLOC_METADATA, VALIDATE). */
virStorageVolPtr virStorageVolCreateXML(virStoragePoolPtr pool, const char *xmldesc,
                                        unsigned int flags);
/* Creates a volume from @xmldesc holding a copy of @clonevol's content
 * (the whole backing chain, flattened). */
virStorageVolPtr virStorageVolCreateXMLFrom(virStoragePoolPtr pool, const char *xmldesc,
                                            virStorageVolPtr clonevol,
                                            unsigned int flags);
/* Removes the volume.  A volume with snapshots is refused
 * (VIR_ERR_OPERATION_INVALID) unless @flags has
 * VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS, which removes them too. */
int virStorageVolDelete(virStorageVolPtr vol, unsigned int flags);
/* Takes / drops a reference on the handle. */
int virStorageVolRef(virStorageVolPtr vol);
int virStorageVolFree(virStorageVolPtr vol);
/* Type and sizes of the volume. */
int virStorageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info);
/* The volume's XML (the caller frees it); @flags must be 0. */
char *virStorageVolGetXMLDesc(virStorageVolPtr pool, unsigned int flags);
/* The volume's path (the caller frees it). */
char *virStorageVolGetPath(virStorageVolPtr vol);
/* Changes the volume's capacity to @capacity bytes (or by it, with
 * DELTA); shrinking needs VIR_STORAGE_VOL_RESIZE_SHRINK. */
int virStorageVolResize(virStorageVolPtr vol, unsigned long long capacity,
                        unsigned int flags);

/* ---- volume snapshots (snapvirt) ----
 *
 * Errors as for volumes, with VIR_ERR_INVALID_STORAGE_VOL for a bad
 * snapshot handle and VIR_ERR_NO_STORAGE_VOL naming the snapshot for an
 * unknown one (libvirt has no error codes of its own for them).  An
 * operation the volume's format cannot do (an internal snapshot of a raw
 * image) fails with VIR_ERR_OPERATION_UNSUPPORTED.  Returned snapshot
 * handles are freed with virStorageVolSnapshotFree. */

typedef struct _virStorageVolSnapshot virStorageVolSnapshot;
typedef virStorageVolSnapshot *virStorageVolSnapshotPtr;

typedef enum {
    VIR_STORAGE_VOL_SNAPSHOT_CREATE_VALIDATE = (1 << 0),   /* check XML against schema */
} virStorageVolSnapshotCreateFlags;

/* Listing filters, with the values of the domain snapshot ones.  Bit 0
 * means ROOTS when listing a volume's snapshots and DESCENDANTS when
 * listing a snapshot's children.  The other bits form groups (leaves,
 * metadata, location); a group with no bit set does not filter.  Every
 * volume snapshot has metadata. */
typedef enum {
    VIR_STORAGE_VOL_SNAPSHOT_LIST_ROOTS = (1 << 0),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_DESCENDANTS = (1 << 0),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_METADATA = (1 << 1),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_LEAVES = (1 << 2),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_NO_LEAVES = (1 << 3),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_NO_METADATA = (1 << 4),
    VIR_STORAGE_VOL_SNAPSHOT_LIST_INTERNAL = (1 << 8),     /* inside the qcow2 */
    VIR_STORAGE_VOL_SNAPSHOT_LIST_EXTERNAL = (1 << 9),     /* a file of its own */
    VIR_STORAGE_VOL_SNAPSHOT_LIST_TOPOLOGICAL = (1 << 10), /* parents first */
} virStorageVolSnapshotListFlags;

typedef enum {
    VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN = (1 << 0),      /* and all descendants */
    VIR_STORAGE_VOL_SNAPSHOT_DELETE_METADATA_ONLY = (1 << 1), /* keep the data */
    VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY = (1 << 2), /* descendants only */
} virStorageVolSnapshotDeleteFlags;

/* The snapshot's name (borrowed). */
const char *virStorageVolSnapshotGetName(virStorageVolSnapshotPtr snapshot);
/* The snapshot's volume (borrowed, lives as long as the snapshot handle). */
virStorageVolPtr virStorageVolSnapshotGetVolume(virStorageVolSnapshotPtr snapshot);

/*
 * virStorageVolSnapshotCreateXML:
 * @vol: the volume
 * @xmlDesc: a <volsnapshot> document: <name> (required, unique in the
 *   pool, no '/', not "." or ".."), optional <description>, optional
 *   <type> "internal" (the default: a qcow2 internal snapshot, refused
 *   for raw volumes) or "external" (the volume's data so far is frozen
 *   in a file of its own and the volume becomes a qcow2 overlay on it)
 * @flags: virStorageVolSnapshotCreateFlags
 *
 * Takes a snapshot of @vol, child of its current snapshot, and makes it
 * current.  A volume's snapshots are all internal or all external.
 *
 * Returns the new snapshot, or NULL (VIR_ERR_OPERATION_INVALID for a name
 * in use, VIR_ERR_OPERATION_UNSUPPORTED for an internal snapshot of a raw
 * volume, VIR_ERR_XML_ERROR / VIR_ERR_INVALID_ARG for bad XML or names).
 */
virStorageVolSnapshotPtr virStorageVolSnapshotCreateXML(virStorageVolPtr vol,
                                                        const char *xmlDesc,
                                                        unsigned int flags);
/* The snapshot's <volsnapshot> XML (the caller frees it); @flags must be 0. */
char *virStorageVolSnapshotGetXMLDesc(virStorageVolSnapshotPtr snapshot,
                                      unsigned int flags);
/* The number of @vol's snapshots selected by @flags
 * (virStorageVolSnapshotListFlags). */
int virStorageVolSnapshotNum(virStorageVolPtr vol, unsigned int flags);
/* Fills @names with up to @nameslen names of those snapshots (the caller
 * frees each); returns how many. */
int virStorageVolSnapshotListNames(virStorageVolPtr vol, char **names, int nameslen,
                                   unsigned int flags);
/* Those snapshots in *@snaps (NULL-ended; the caller frees it and each
 * snapshot; @snaps may be NULL to count); returns how many. */
int virStorageVolListAllSnapshots(virStorageVolPtr vol,
                                  virStorageVolSnapshotPtr **snaps,
                                  unsigned int flags);
/* The children of @snapshot (all descendants with DESCENDANTS) selected
 * by @flags, as virStorageVolListAllSnapshots. */
int virStorageVolSnapshotListAllChildren(virStorageVolSnapshotPtr snapshot,
                                         virStorageVolSnapshotPtr **snaps,
                                         unsigned int flags);
/* The snapshot @name of @vol; @flags must be 0. */
virStorageVolSnapshotPtr virStorageVolSnapshotLookupByName(virStorageVolPtr vol,
                                                           const char *name,
                                                           unsigned int flags);
/* 1 if @vol has a current snapshot, 0 if not; @flags must be 0. */
int virStorageVolHasCurrentSnapshot(virStorageVolPtr vol, unsigned int flags);
/* @vol's current snapshot (VIR_ERR_NO_STORAGE_VOL if none); @flags must be 0. */
virStorageVolSnapshotPtr virStorageVolSnapshotCurrent(virStorageVolPtr vol,
                                                      unsigned int flags);
/* The parent of @snapshot (VIR_ERR_NO_STORAGE_VOL for a root); @flags must be 0. */
virStorageVolSnapshotPtr virStorageVolSnapshotGetParent(virStorageVolSnapshotPtr snapshot,
                                                        unsigned int flags);
/* Puts the volume's data back as it was when @snapshot was taken (what
 * was written since is lost) and makes @snapshot current; @flags must
 * be 0. */
int virStorageVolRevertToSnapshot(virStorageVolSnapshotPtr snapshot, unsigned int flags);
/*
 * virStorageVolSnapshotDelete:
 * @snapshot: the snapshot
 * @flags: virStorageVolSnapshotDeleteFlags
 *
 * Deletes @snapshot.  By default its children move to its parent and
 * keep their data (an internal snapshot is dropped from the qcow2; an
 * external one's file is merged into the files above it).  CHILDREN
 * deletes the whole subtree, CHILDREN_ONLY the subtree but @snapshot
 * itself; METADATA_ONLY forgets the snapshots but leaves the images as
 * they are.  The volume's own data is never changed.  If the current
 * snapshot goes, the nearest remaining ancestor becomes current.
 *
 * Returns 0, or -1.
 */
int virStorageVolSnapshotDelete(virStorageVolSnapshotPtr snapshot, unsigned int flags);
/* Takes / drops a reference on the handle. */
int virStorageVolSnapshotRef(virStorageVolSnapshotPtr snapshot);
int virStorageVolSnapshotFree(virStorageVolSnapshotPtr snapshot);
/*
 * virStorageVolSnapshotExport:
 * @snapshot: the snapshot
 * @xmlDesc: a <volume> document for the new volume (name, optional
 *   target format raw or qcow2: raw when absent, as for any new volume);
 *   created in the snapshot's pool
 * @flags: must be 0
 *
 * Creates a standalone volume (no backing file, no snapshots) holding
 * the data of @snapshot.
 *
 * Returns the new volume, or NULL.
 */
virStorageVolPtr virStorageVolSnapshotExport(virStorageVolSnapshotPtr snapshot,
                                             const char *xmlDesc,
                                             unsigned int flags);

#endif /* SNAPVIRT_LIBVIRT_STORAGE_H */
