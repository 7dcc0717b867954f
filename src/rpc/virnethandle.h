/*
 * virnethandle.h: public handles to and from their wire form
 *
 * The wire carries a domain as its name, UUID and id, a snapshot as its
 * name and domain, a pool as its name and UUID, a volume as its pool,
 * name and key.  The server turns them into handles on its connection
 * without a lookup (the driver looks the object up when it is used, as
 * for any handle), and the client turns replies into handles on its own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "datatypes.h"
#include "virnetxdr.h"

/* Into @out (cleared first; owned strings).  A NULL domain gives an
 * absent optional domain. */
void virNetValueSetDomain(virNetValue *out, virDomainPtr dom);
void virNetValueSetSnapshot(virNetValue *out, virDomainSnapshotPtr snap);
void virNetValueSetPool(virNetValue *out, virStoragePoolPtr pool);
void virNetValueSetVol(virNetValue *out, virStorageVolPtr vol);
void virNetValueSetVolSnapshot(virNetValue *out, virStorageVolSnapshotPtr snap);

/* New handles on @conn (NULL after reporting, or for an absent optional
 * domain). */
virDomainPtr virNetValueGetDomain(virConnectPtr conn, const virNetValue *v);
virDomainSnapshotPtr virNetValueGetSnapshot(virConnectPtr conn, const virNetValue *v);
virStoragePoolPtr virNetValueGetPool(virConnectPtr conn, const virNetValue *v);
virStorageVolPtr virNetValueGetVol(virConnectPtr conn, const virNetValue *v);
virStorageVolSnapshotPtr virNetValueGetVolSnapshot(virConnectPtr conn, const virNetValue *v);
