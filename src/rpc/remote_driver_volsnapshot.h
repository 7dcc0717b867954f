/*
 * remote_driver_volsnapshot.h: the remote driver's volume snapshot
 * methods (snapvirt's own program; see remote_driver_volsnapshot.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "driver.h"

/* Fills the volume snapshot entries of @drv. */
void remoteVolSnapshotDriverInit(virStorageDriver *drv);
