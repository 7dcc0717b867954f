/*
 * libvirt-storage-snapshot.c: public entry points for volume snapshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-storage-api.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

#define VOLSNAP_LIST_ALL (VIR_STORAGE_VOL_SNAPSHOT_LIST_TOPOLOGICAL * 2 - 1)
#define VOLSNAP_DELETE_ALL (VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY * 2 - 1)


const char *
virStorageVolSnapshotGetName(virStorageVolSnapshotPtr snapshot)
{
    if (!virAPIVolSnapshot(snapshot, 0, 0, VIR_API_READ))
        return NULL;
    return snapshot->name;
}


virStorageVolPtr
virStorageVolSnapshotGetVolume(virStorageVolSnapshotPtr snapshot)
{
    if (!virAPIVolSnapshot(snapshot, 0, 0, VIR_API_READ))
        return NULL;
    return snapshot->vol;
}


virStorageVolSnapshotPtr
virStorageVolSnapshotCreateXML(virStorageVolPtr vol, const char *xmlDesc,
                               unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, VIR_STORAGE_VOL_SNAPSHOT_CREATE_VALIDATE,
                           VIR_API_WRITE)) ||
        !virAPINonNull(conn, xmlDesc))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotCreateXML, vol, xmlDesc, flags);
}


char *
virStorageVolSnapshotGetXMLDesc(virStorageVolSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVolSnapshot(snapshot, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotGetXMLDesc, snapshot, flags);
}


int
virStorageVolSnapshotNum(virStorageVolPtr vol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, VOLSNAP_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolSnapshotNum, vol, flags);
}


int
virStorageVolSnapshotListNames(virStorageVolPtr vol, char **names, int nameslen,
                               unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, VOLSNAP_LIST_ALL, VIR_API_READ)) ||
        !virAPINonNull(conn, names) || !virAPINonNegative(conn, nameslen))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolSnapshotListNames, vol, names,
                                    nameslen, flags);
}


int
virStorageVolListAllSnapshots(virStorageVolPtr vol, virStorageVolSnapshotPtr **snaps,
                              unsigned int flags)
{
    virConnectPtr conn;

    if (snaps)
        *snaps = NULL;
    if (!(conn = virAPIVol(vol, flags, VOLSNAP_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolListAllSnapshots, vol, snaps, flags);
}


int
virStorageVolSnapshotListAllChildren(virStorageVolSnapshotPtr snapshot,
                                     virStorageVolSnapshotPtr **snaps,
                                     unsigned int flags)
{
    virConnectPtr conn;

    if (snaps)
        *snaps = NULL;
    if (!(conn = virAPIVolSnapshot(snapshot, flags, VOLSNAP_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolSnapshotListAllChildren, snapshot,
                                    snaps, flags);
}


virStorageVolSnapshotPtr
virStorageVolSnapshotLookupByName(virStorageVolPtr vol, const char *name,
                                  unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, 0, VIR_API_READ)) || !virAPINonNull(conn, name))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotLookupByName, vol, name, flags);
}


int
virStorageVolHasCurrentSnapshot(virStorageVolPtr vol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolHasCurrentSnapshot, vol, flags);
}


virStorageVolSnapshotPtr
virStorageVolSnapshotCurrent(virStorageVolPtr vol, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVol(vol, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotCurrent, vol, flags);
}


virStorageVolSnapshotPtr
virStorageVolSnapshotGetParent(virStorageVolSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVolSnapshot(snapshot, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotGetParent, snapshot, flags);
}


int
virStorageVolRevertToSnapshot(virStorageVolSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVolSnapshot(snapshot, flags, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolRevertToSnapshot, snapshot, flags);
}


int
virStorageVolSnapshotDelete(virStorageVolSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVolSnapshot(snapshot, flags, VOLSNAP_DELETE_ALL, VIR_API_WRITE)) ||
        !virAPIExclusive(conn, flags, VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN,
                         VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY))
        return -1;
    return VIR_API_STORAGE_CALL_INT(conn, storageVolSnapshotDelete, snapshot, flags);
}


int
virStorageVolSnapshotRef(virStorageVolSnapshotPtr snapshot)
{
    if (!virAPIVolSnapshot(snapshot, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(snapshot);
    return 0;
}


int
virStorageVolSnapshotFree(virStorageVolSnapshotPtr snapshot)
{
    if (!virAPIVolSnapshot(snapshot, 0, 0, VIR_API_READ))
        return -1;
    virObjectUnref(snapshot);
    return 0;
}


virStorageVolPtr
virStorageVolSnapshotExport(virStorageVolSnapshotPtr snapshot, const char *xmlDesc,
                            unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIVolSnapshot(snapshot, flags, 0, VIR_API_WRITE)) ||
        !virAPINonNull(conn, xmlDesc))
        return NULL;
    return VIR_API_STORAGE_CALL_PTR(conn, storageVolSnapshotExport, snapshot, xmlDesc,
                                    flags);
}
