/*
 * libvirt-domain-snapshot.c: public entry points for domain snapshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-api.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_SNAPSHOT

#define SNAPSHOT_CREATE_ALL (VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE * 2 - 1)
#define SNAPSHOT_LIST_ALL (VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL * 2 - 1)
#define SNAPSHOT_REVERT_ALL (VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM * 2 - 1)
#define SNAPSHOT_DELETE_ALL (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY * 2 - 1)


const char *
virDomainSnapshotGetName(virDomainSnapshotPtr snapshot)
{
    if (!virAPISnapshot(snapshot, 0, 0, VIR_API_READ))
        return NULL;
    return snapshot->name;
}


virDomainPtr
virDomainSnapshotGetDomain(virDomainSnapshotPtr snapshot)
{
    if (!virAPISnapshot(snapshot, 0, 0, VIR_API_READ))
        return NULL;
    return snapshot->domain;
}


virConnectPtr
virDomainSnapshotGetConnect(virDomainSnapshotPtr snapshot)
{
    if (!virAPISnapshot(snapshot, 0, 0, VIR_API_READ))
        return NULL;
    return snapshot->domain->conn;
}


virDomainSnapshotPtr
virDomainSnapshotCreateXML(virDomainPtr domain, const char *xmlDesc,
                           unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, SNAPSHOT_CREATE_ALL, VIR_API_WRITE)) ||
        !virAPINonNull(conn, xmlDesc) ||
        !virAPIRequires(conn, flags, VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT,
                        VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) ||
        !virAPIExclusive(conn, flags, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE,
                         VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA) ||
        !virAPIExclusive(conn, flags, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE,
                         VIR_DOMAIN_SNAPSHOT_CREATE_HALT))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainSnapshotCreateXML, domain, xmlDesc, flags);
}


char *
virDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, VIR_DOMAIN_SNAPSHOT_XML_SECURE,
                                VIR_API_READ)))
        return NULL;
    if ((conn->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE)) {
        virReportError(VIR_ERR_OPERATION_DENIED, "%s",
                       "virDomainSnapshotGetXMLDesc with secure flag");
        virDispatchError(conn);
        return NULL;
    }
    return VIR_API_CALL_PTR(conn, domainSnapshotGetXMLDesc, snapshot, flags);
}


int
virDomainSnapshotNum(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotNum, domain, flags);
}


int
virDomainSnapshotListNames(virDomainPtr domain, char **names, int nameslen,
                           unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)) ||
        !virAPINonNull(conn, names) ||
        !virAPINonNegative(conn, nameslen))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotListNames, domain, names,
                            nameslen, flags);
}


int
virDomainListAllSnapshots(virDomainPtr domain, virDomainSnapshotPtr **snaps,
                          unsigned int flags)
{
    virConnectPtr conn;

    if (snaps)
        *snaps = NULL;
    if (!(conn = virAPIDomain(domain, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainListAllSnapshots, domain, snaps, flags);
}


int
virDomainSnapshotNumChildren(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotNumChildren, snapshot, flags);
}


int
virDomainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot, char **names,
                                   int nameslen, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)) ||
        !virAPINonNull(conn, names) ||
        !virAPINonNegative(conn, nameslen))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotListChildrenNames, snapshot,
                            names, nameslen, flags);
}


int
virDomainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                 virDomainSnapshotPtr **snaps,
                                 unsigned int flags)
{
    virConnectPtr conn;

    if (snaps)
        *snaps = NULL;
    if (!(conn = virAPISnapshot(snapshot, flags, SNAPSHOT_LIST_ALL, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotListAllChildren, snapshot,
                            snaps, flags);
}


virDomainSnapshotPtr
virDomainSnapshotLookupByName(virDomainPtr domain, const char *name,
                              unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, name))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainSnapshotLookupByName, domain, name, flags);
}


int
virDomainHasCurrentSnapshot(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainHasCurrentSnapshot, domain, flags);
}


virDomainSnapshotPtr
virDomainSnapshotCurrent(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainSnapshotCurrent, domain, flags);
}


virDomainSnapshotPtr
virDomainSnapshotGetParent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainSnapshotGetParent, snapshot, flags);
}


int
virDomainSnapshotIsCurrent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotIsCurrent, snapshot, flags);
}


int
virDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotHasMetadata, snapshot, flags);
}


int
virDomainRevertToSnapshot(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, SNAPSHOT_REVERT_ALL, VIR_API_WRITE)) ||
        !virAPIExclusive(conn, flags, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING,
                         VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))
        return -1;
    return VIR_API_CALL_INT(conn, domainRevertToSnapshot, snapshot, flags);
}


int
virDomainSnapshotDelete(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPISnapshot(snapshot, flags, SNAPSHOT_DELETE_ALL, VIR_API_WRITE)) ||
        !virAPIExclusive(conn, flags, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN,
                         VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY))
        return -1;
    return VIR_API_CALL_INT(conn, domainSnapshotDelete, snapshot, flags);
}


int
virDomainSnapshotRef(virDomainSnapshotPtr snapshot)
{
    if (!virAPISnapshot(snapshot, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(snapshot);
    return 0;
}


int
virDomainSnapshotFree(virDomainSnapshotPtr snapshot)
{
    if (!virAPISnapshot(snapshot, 0, 0, VIR_API_READ))
        return -1;
    virObjectUnref(snapshot);
    return 0;
}
