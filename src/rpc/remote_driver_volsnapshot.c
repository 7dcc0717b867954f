/*
 * remote_driver_volsnapshot.c: volume snapshots over snapvirt's program
 *
 * libvirt's remote protocol has no volume snapshot procedures, so they
 * travel in snapvirt's own program (0x736e6170, remote_protocol.h), which
 * snapvirtd serves.  A daemon without it (libvirtd) answers "Cannot find
 * program": the caller gets VIR_ERR_NO_SUPPORT saying so.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_call.h"
#include "remote_driver_volsnapshot.h"
#include "virnethandle.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE


/* Whether the daemon serves snapvirt's program (asked once). */
static int
remoteSnapvirtSupported(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;
    int known = g_atomic_int_get(&priv->volSnapshots);

    if (known < 0) {
        known = remoteInt(conn, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                          SNAPVIRT_FEATURE_VOL_SNAPSHOTS);
        if (known < 0)
            return -1;
        g_atomic_int_set(&priv->volSnapshots, known > 0);
    }
    if (!known) {
        virReportError(VIR_ERR_NO_SUPPORT, "%s",
                       "the daemon has no volume snapshots (it is not snapvirtd)");
        return -1;
    }
    return 0;
}


/* Calls @proc of snapvirt's program; @ret holds its reply (cleared by the
 * caller either way). */
static int
remoteSnapvirtCall(virConnectPtr conn, int proc, const virNetValue *args, remoteReply *ret)
{
    remotePrivate *priv = conn->privateData;
    const virNetProcedure *p = virNetSnapvirtProcedureFind(proc);

    if (remoteSnapvirtSupported(conn) < 0)
        return -1;
    ret->sig = p->ret;
    return virNetClientCall(priv->client, VIR_NET_PROGRAM_SNAPVIRT, proc, p->args, args,
                            p->ret, ret->v);
}


/* The first argument: a volume, or a snapshot (its volume and name). */
static void
remoteArgVol(virNetValue *v, virStorageVolPtr vol)
{
    virNetValueSetVol(v, vol);
}


static void
remoteArgSnap(virNetValue *v, virStorageVolSnapshotPtr snap)
{
    virNetValueSetVolSnapshot(v, snap);
}


/* Calls @proc with args @args of signature @sig (freed here). */
static int
remoteSnapvirtRun(virConnectPtr conn, int proc, const char *sig, virNetValue *args,
                  remoteReply *ret)
{
    int rc = remoteSnapvirtCall(conn, proc, args, ret);

    virNetValuesClear(sig, args);
    return rc;
}


static virStorageVolSnapshotPtr
remoteRetSnap(virConnectPtr conn, int rc, remoteReply *ret)
{
    return rc < 0 ? NULL : virNetValueGetVolSnapshot(conn, &ret->v[0]);
}


static void *
remoteVolSnapshotHandle(virConnectPtr conn, const virNetValue *v)
{
    return virNetValueGetVolSnapshot(conn, v);
}


static virStorageVolSnapshotPtr
remoteVolSnapshotCreateXML(virStorageVolPtr vol, const char *xml, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    remoteArgVol(&args[0], vol);
    args[1].s = g_strdup(xml);
    args[2].u = flags;
    return remoteRetSnap(vol->conn, remoteSnapvirtRun(vol->conn,
                         SNAPVIRT_PROC_VOL_SNAPSHOT_CREATE_XML, "Vsu", args, &ret), &ret);
}


static char *
remoteVolSnapshotGetXMLDesc(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[2] = { { .u = 0 } };

    remoteArgSnap(&args[0], snap);
    args[1].u = flags;
    if (remoteSnapvirtRun(snap->vol->conn, SNAPVIRT_PROC_VOL_SNAPSHOT_GET_XML_DESC, "Zu",
                          args, &ret) < 0)
        return NULL;
    return g_steal_pointer(&ret.v[0].s);
}


/* A call on a volume and flags giving an int. */
static int
remoteVolFlagsInt(virStorageVolPtr vol, int proc, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[2] = { { .u = 0 } };

    remoteArgVol(&args[0], vol);
    args[1].u = flags;
    return remoteSnapvirtRun(vol->conn, proc, "Vu", args, &ret) < 0 ? -1 : ret.v[0].i;
}


static int
remoteVolSnapshotNum(virStorageVolPtr vol, unsigned int flags)
{
    return remoteVolFlagsInt(vol, SNAPVIRT_PROC_VOL_SNAPSHOT_NUM, flags);
}


static int
remoteVolHasCurrentSnapshot(virStorageVolPtr vol, unsigned int flags)
{
    return remoteVolFlagsInt(vol, SNAPVIRT_PROC_VOL_HAS_CURRENT_SNAPSHOT, flags);
}


static int
remoteVolSnapshotListNames(virStorageVolPtr vol, char **names, int nameslen,
                           unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    if (remoteCheckListMax(nameslen, "volume snapshot names") < 0)
        return -1;
    remoteArgVol(&args[0], vol);
    args[1].i = nameslen;
    args[2].u = flags;
    if (remoteSnapvirtRun(vol->conn, SNAPVIRT_PROC_VOL_SNAPSHOT_LIST_NAMES, "Viu", args,
                          &ret) < 0)
        return -1;
    return remoteNamesCopy(&ret, names, nameslen, "volume snapshot names");
}


static int
remoteVolListAllSnapshots(virStorageVolPtr vol, virStorageVolSnapshotPtr **snaps,
                          unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    remoteArgVol(&args[0], vol);
    args[1].i = snaps != NULL;
    args[2].u = flags;
    if (remoteSnapvirtRun(vol->conn, SNAPVIRT_PROC_VOL_LIST_ALL_SNAPSHOTS, "Viu", args,
                          &ret) < 0)
        return -1;
    return remoteHandlesCopy(vol->conn, &ret, (void ***)snaps, remoteVolSnapshotHandle);
}


static int
remoteVolSnapshotListAllChildren(virStorageVolSnapshotPtr snap,
                                 virStorageVolSnapshotPtr **snaps, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    remoteArgSnap(&args[0], snap);
    args[1].i = snaps != NULL;
    args[2].u = flags;
    if (remoteSnapvirtRun(snap->vol->conn, SNAPVIRT_PROC_VOL_SNAPSHOT_LIST_ALL_CHILDREN,
                          "Ziu", args, &ret) < 0)
        return -1;
    return remoteHandlesCopy(snap->vol->conn, &ret, (void ***)snaps, remoteVolSnapshotHandle);
}


static virStorageVolSnapshotPtr
remoteVolSnapshotLookupByName(virStorageVolPtr vol, const char *name, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    remoteArgVol(&args[0], vol);
    args[1].s = g_strdup(name);
    args[2].u = flags;
    return remoteRetSnap(vol->conn, remoteSnapvirtRun(vol->conn,
                         SNAPVIRT_PROC_VOL_SNAPSHOT_LOOKUP_BY_NAME, "Vsu", args, &ret), &ret);
}


static virStorageVolSnapshotPtr
remoteVolSnapshotCurrent(virStorageVolPtr vol, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[2] = { { .u = 0 } };

    remoteArgVol(&args[0], vol);
    args[1].u = flags;
    return remoteRetSnap(vol->conn, remoteSnapvirtRun(vol->conn,
                         SNAPVIRT_PROC_VOL_SNAPSHOT_CURRENT, "Vu", args, &ret), &ret);
}


/* A call on a snapshot and flags: @ret's first value, if any. */
static int
remoteSnapFlags(virStorageVolSnapshotPtr snap, int proc, unsigned int flags,
                remoteReply *ret)
{
    virNetValue args[2] = { { .u = 0 } };

    remoteArgSnap(&args[0], snap);
    args[1].u = flags;
    return remoteSnapvirtRun(snap->vol->conn, proc, "Zu", args, ret);
}


static virStorageVolSnapshotPtr
remoteVolSnapshotGetParent(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };

    return remoteRetSnap(snap->vol->conn, remoteSnapFlags(snap,
                         SNAPVIRT_PROC_VOL_SNAPSHOT_GET_PARENT, flags, &ret), &ret);
}


static int
remoteVolRevertToSnapshot(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };

    return remoteSnapFlags(snap, SNAPVIRT_PROC_VOL_REVERT_TO_SNAPSHOT, flags, &ret);
}


static int
remoteVolSnapshotDelete(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };

    return remoteSnapFlags(snap, SNAPVIRT_PROC_VOL_SNAPSHOT_DELETE, flags, &ret);
}


static virStorageVolPtr
remoteVolSnapshotExport(virStorageVolSnapshotPtr snap, const char *xml, unsigned int flags)
{
    g_auto(remoteReply) ret = { 0 };
    virNetValue args[3] = { { .u = 0 } };

    remoteArgSnap(&args[0], snap);
    args[1].s = g_strdup(xml);
    args[2].u = flags;
    if (remoteSnapvirtRun(snap->vol->conn, SNAPVIRT_PROC_VOL_SNAPSHOT_EXPORT, "Zsu", args,
                          &ret) < 0)
        return NULL;
    return virNetValueGetVol(snap->vol->conn, &ret.v[0]);
}


void
remoteVolSnapshotDriverInit(virStorageDriver *drv)
{
    drv->storageVolSnapshotCreateXML = remoteVolSnapshotCreateXML;
    drv->storageVolSnapshotGetXMLDesc = remoteVolSnapshotGetXMLDesc;
    drv->storageVolSnapshotNum = remoteVolSnapshotNum;
    drv->storageVolSnapshotListNames = remoteVolSnapshotListNames;
    drv->storageVolListAllSnapshots = remoteVolListAllSnapshots;
    drv->storageVolSnapshotListAllChildren = remoteVolSnapshotListAllChildren;
    drv->storageVolSnapshotLookupByName = remoteVolSnapshotLookupByName;
    drv->storageVolHasCurrentSnapshot = remoteVolHasCurrentSnapshot;
    drv->storageVolSnapshotCurrent = remoteVolSnapshotCurrent;
    drv->storageVolSnapshotGetParent = remoteVolSnapshotGetParent;
    drv->storageVolRevertToSnapshot = remoteVolRevertToSnapshot;
    drv->storageVolSnapshotDelete = remoteVolSnapshotDelete;
    drv->storageVolSnapshotExport = remoteVolSnapshotExport;
}
