/*
 * snapshot_query.h: the snapshot queries every driver answers alike
 *
 * Listing, counting, lookup, current, parent and XML of a domain's
 * snapshots only read the domain's moment tree, so one implementation
 * serves every driver that keeps its snapshots in a virDomainObj.  A
 * driver supplies how to find and lock the domain of a handle and how to
 * let it go (its locking scheme), and the error domain of its messages;
 * its table entries then forward here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_obj.h"
#include "snapshot_conf.h"

typedef struct _virSnapshotQueryOps virSnapshotQueryOps;
struct _virSnapshotQueryOps {
    /* Locks and returns the domain of @dom, or reports an error and
     * returns NULL with nothing held. */
    virDomainObj *(*begin)(virDomainPtr dom);
    /* Releases what begin() took. */
    void (*end)(virDomainPtr dom, virDomainObj *obj);
    int errorDomain;      /* virErrorDomain of the driver's messages */
};

/* The snapshot @name of @obj, or NULL after VIR_ERR_NO_DOMAIN_SNAPSHOT. */
virMoment *virSnapshotQueryLookup(virDomainObj *obj, const char *name, int errorDomain);

/* Builds @obj's tree from parsed definitions (taking them over): parent
 * links from their <parent> names and the current one from <active>.
 * @owner names the set in errors ("domain 'vm1'"). */
int virSnapshotQueryLoad(virDomainObj *obj, GPtrArray *snapshots, const char *owner,
                         int errorDomain);

/* The driver table entries, with the driver's ops. */
int virSnapshotQueryNum(const virSnapshotQueryOps *ops, virDomainPtr dom,
                        unsigned int flags);
int virSnapshotQueryListNames(const virSnapshotQueryOps *ops, virDomainPtr dom,
                              char **names, int nameslen, unsigned int flags);
int virSnapshotQueryListAll(const virSnapshotQueryOps *ops, virDomainPtr dom,
                            virDomainSnapshotPtr **snaps, unsigned int flags);
int virSnapshotQueryNumChildren(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                                unsigned int flags);
int virSnapshotQueryListChildrenNames(const virSnapshotQueryOps *ops,
                                      virDomainSnapshotPtr snap, char **names,
                                      int nameslen, unsigned int flags);
int virSnapshotQueryListAllChildren(const virSnapshotQueryOps *ops,
                                    virDomainSnapshotPtr snap,
                                    virDomainSnapshotPtr **snaps, unsigned int flags);
virDomainSnapshotPtr virSnapshotQueryLookupByName(const virSnapshotQueryOps *ops,
                                                  virDomainPtr dom, const char *name,
                                                  unsigned int flags);
int virSnapshotQueryHasCurrent(const virSnapshotQueryOps *ops, virDomainPtr dom,
                               unsigned int flags);
virDomainSnapshotPtr virSnapshotQueryCurrent(const virSnapshotQueryOps *ops,
                                             virDomainPtr dom, unsigned int flags);
virDomainSnapshotPtr virSnapshotQueryGetParent(const virSnapshotQueryOps *ops,
                                               virDomainSnapshotPtr snap,
                                               unsigned int flags);
int virSnapshotQueryIsCurrent(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                              unsigned int flags);
int virSnapshotQueryHasMetadata(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                                unsigned int flags);
char *virSnapshotQueryGetXMLDesc(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                                 unsigned int flags);

/* Finds the snapshot of @snap through @ops: NULL (nothing held) or the
 * moment with *obj locked by ops->begin. */
virMoment *virSnapshotQueryBegin(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                                 virDomainObj **obj);

/* Declares a driver's 14 query entry points, forwarding to the functions
 * above with @ops, as PREFIXDomainSnapshotNum and so on. */
#define VIR_SNAPSHOT_QUERY_DEFINE(prefix, ops) \
    static int prefix##DomainSnapshotNum(virDomainPtr dom, unsigned int flags) \
    { return virSnapshotQueryNum(ops, dom, flags); } \
    static int prefix##DomainSnapshotListNames(virDomainPtr dom, char **names, \
                                               int nameslen, unsigned int flags) \
    { return virSnapshotQueryListNames(ops, dom, names, nameslen, flags); } \
    static int prefix##DomainListAllSnapshots(virDomainPtr dom, \
                                              virDomainSnapshotPtr **snaps, \
                                              unsigned int flags) \
    { return virSnapshotQueryListAll(ops, dom, snaps, flags); } \
    static int prefix##DomainSnapshotNumChildren(virDomainSnapshotPtr snap, \
                                                 unsigned int flags) \
    { return virSnapshotQueryNumChildren(ops, snap, flags); } \
    static int prefix##DomainSnapshotListChildrenNames(virDomainSnapshotPtr snap, \
                                                       char **names, int nameslen, \
                                                       unsigned int flags) \
    { return virSnapshotQueryListChildrenNames(ops, snap, names, nameslen, flags); } \
    static int prefix##DomainSnapshotListAllChildren(virDomainSnapshotPtr snap, \
                                                     virDomainSnapshotPtr **snaps, \
                                                     unsigned int flags) \
    { return virSnapshotQueryListAllChildren(ops, snap, snaps, flags); } \
    static virDomainSnapshotPtr prefix##DomainSnapshotLookupByName(virDomainPtr dom, \
                                                                   const char *name, \
                                                                   unsigned int flags) \
    { return virSnapshotQueryLookupByName(ops, dom, name, flags); } \
    static int prefix##DomainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags) \
    { return virSnapshotQueryHasCurrent(ops, dom, flags); } \
    static virDomainSnapshotPtr prefix##DomainSnapshotCurrent(virDomainPtr dom, \
                                                              unsigned int flags) \
    { return virSnapshotQueryCurrent(ops, dom, flags); } \
    static virDomainSnapshotPtr prefix##DomainSnapshotGetParent(virDomainSnapshotPtr snap, \
                                                                unsigned int flags) \
    { return virSnapshotQueryGetParent(ops, snap, flags); } \
    static int prefix##DomainSnapshotIsCurrent(virDomainSnapshotPtr snap, \
                                               unsigned int flags) \
    { return virSnapshotQueryIsCurrent(ops, snap, flags); } \
    static int prefix##DomainSnapshotHasMetadata(virDomainSnapshotPtr snap, \
                                                 unsigned int flags) \
    { return virSnapshotQueryHasMetadata(ops, snap, flags); } \
    static char *prefix##DomainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, \
                                                  unsigned int flags) \
    { return virSnapshotQueryGetXMLDesc(ops, snap, flags); }

/* The matching driver table members. */
#define VIR_SNAPSHOT_QUERY_TABLE(prefix) \
    .domainSnapshotGetXMLDesc = prefix##DomainSnapshotGetXMLDesc, \
    .domainSnapshotNum = prefix##DomainSnapshotNum, \
    .domainSnapshotListNames = prefix##DomainSnapshotListNames, \
    .domainListAllSnapshots = prefix##DomainListAllSnapshots, \
    .domainSnapshotNumChildren = prefix##DomainSnapshotNumChildren, \
    .domainSnapshotListChildrenNames = prefix##DomainSnapshotListChildrenNames, \
    .domainSnapshotListAllChildren = prefix##DomainSnapshotListAllChildren, \
    .domainSnapshotLookupByName = prefix##DomainSnapshotLookupByName, \
    .domainHasCurrentSnapshot = prefix##DomainHasCurrentSnapshot, \
    .domainSnapshotCurrent = prefix##DomainSnapshotCurrent, \
    .domainSnapshotGetParent = prefix##DomainSnapshotGetParent, \
    .domainSnapshotIsCurrent = prefix##DomainSnapshotIsCurrent, \
    .domainSnapshotHasMetadata = prefix##DomainSnapshotHasMetadata
