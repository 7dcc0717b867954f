/*
 * storage_driver.h: the generic storage driver
 *
 * Every storage method of the driver table, over a virStorageState kept
 * in conn->storagePrivateData; a connect driver supplies how its
 * connections get that state (storageOpen/storageClose) and the backend
 * inside it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "driver.h"
#include "storage_state.h"

/* Fills @drv with the generic methods plus @open and @close. */
void virStorageDriverInit(virStorageDriver *drv, const char *name,
                          int (*open)(virConnectPtr conn),
                          void (*close)(virConnectPtr conn));

/* The directory backend's state for qemu:///embed?root=ROOT, shared by
 * the process's connections to it: pool definitions under
 * ROOT/etc/storage, started pools marked under ROOT/run/storage. */
int virStorageDirOpen(virConnectPtr conn, const char *root);
void virStorageDirClose(virConnectPtr conn);

/* The memory backend's state of @owner (an object that lives as long as
 * the connections using it), shared by them; a new one starts with
 * @pools (virNodePoolDef *, a fixture's; NULL: none) started, their
 * volumes created.  Fails (reported) if a volume cannot be created. */
int virStorageMemOpen(virConnectPtr conn, const void *owner, const GPtrArray *pools);
void virStorageMemClose(virConnectPtr conn, const void *owner);

/* ---- shared by the generic driver's files ---- */

/* Locks the state of @conn. */
virStorageState *virStorageBegin(virConnectPtr conn);
void virStorageEnd(virStorageState *state);
/* The active pool named @name / the volume of handle @vol (the state
 * locked), or NULL after reporting. */
virStoragePoolObj *virStorageGetActivePool(virStorageState *state, const char *name);
virStorageVolObj *virStorageGetVol(virStorageState *state, virStorageVolPtr vol,
                                   virStoragePoolObj **pool);
virStorageVolPtr virStorageVolHandle(virConnectPtr conn, virStoragePoolObj *pool,
                                     virStorageVolObj *vol);

/* The volume methods (storage_volume.c) and the volume snapshot methods
 * (storage_snapshot.c), set in @drv. */
void virStorageVolumeDriverInit(virStorageDriver *drv);
void virStorageSnapshotDriverInit(virStorageDriver *drv);
