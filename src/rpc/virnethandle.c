/*
 * virnethandle.c: public handles to and from their wire form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "virnethandle.h"


static void
virNetDomainSet(virNetDomain *out, virDomainPtr dom)
{
    memset(out, 0, sizeof(*out));
    if (!dom)
        return;
    out->name = g_strdup(dom->name);
    memcpy(out->uuid, dom->uuid, VIR_NET_UUID_LEN);
    out->id = dom->id;
}


void
virNetValueSetDomain(virNetValue *out, virDomainPtr dom)
{
    virNetDomainSet(&out->dom, dom);
}


void
virNetValueSetSnapshot(virNetValue *out, virDomainSnapshotPtr snap)
{
    out->snap.name = g_strdup(snap->name);
    virNetDomainSet(&out->snap.dom, snap->domain);
}


void
virNetValueSetPool(virNetValue *out, virStoragePoolPtr pool)
{
    out->pool.name = g_strdup(pool->name);
    memcpy(out->pool.uuid, pool->uuid, VIR_NET_UUID_LEN);
}


void
virNetValueSetVol(virNetValue *out, virStorageVolPtr vol)
{
    out->vol.pool = g_strdup(vol->pool);
    out->vol.name = g_strdup(vol->name);
    out->vol.key = g_strdup(vol->key);
}


static virDomainPtr
virNetDomainGet(virConnectPtr conn, const virNetDomain *dom)
{
    return dom->name ? virGetDomain(conn, dom->name, dom->uuid, dom->id) : NULL;
}


void
virNetValueSetVolSnapshot(virNetValue *out, virStorageVolSnapshotPtr snap)
{
    virNetValueSetVol(out, snap->vol);
    out->vol.snap = g_strdup(snap->name);
}


virDomainPtr
virNetValueGetDomain(virConnectPtr conn, const virNetValue *v)
{
    return virNetDomainGet(conn, &v->dom);
}


virDomainSnapshotPtr
virNetValueGetSnapshot(virConnectPtr conn, const virNetValue *v)
{
    virDomainPtr dom = virNetDomainGet(conn, &v->snap.dom);
    virDomainSnapshotPtr snap;

    if (!dom)
        return NULL;
    snap = virGetDomainSnapshot(dom, v->snap.name);   /* takes its own reference */
    virObjectUnref(dom);
    return snap;
}


virStoragePoolPtr
virNetValueGetPool(virConnectPtr conn, const virNetValue *v)
{
    return virGetStoragePool(conn, v->pool.name, v->pool.uuid);
}


virStorageVolPtr
virNetValueGetVol(virConnectPtr conn, const virNetValue *v)
{
    return virGetStorageVol(conn, v->vol.pool, v->vol.name, v->vol.key);
}


virStorageVolSnapshotPtr
virNetValueGetVolSnapshot(virConnectPtr conn, const virNetValue *v)
{
    virStorageVolPtr vol = virNetValueGetVol(conn, v);
    virStorageVolSnapshotPtr snap;

    if (!vol)
        return NULL;
    snap = virGetStorageVolSnapshot(vol, v->vol.snap);   /* takes its own reference */
    virObjectUnref(vol);
    return snap;
}
