/*
 * libvirt-domain-snapshot.h: domain snapshots and their hierarchy
 *
 * A domain's snapshots form a forest: every snapshot but the roots has a
 * parent, and at most one snapshot is "current" (the parent of the next
 * snapshot taken).  Handles name a snapshot of a domain; they hold no
 * state of their own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_DOMAIN_SNAPSHOT_H
# define SNAPVIRT_LIBVIRT_DOMAIN_SNAPSHOT_H

# ifndef __VIR_LIBVIRT_H_INCLUDES__
#  error "include <libvirt/libvirt.h>, not this file"
# endif

typedef struct _virDomainSnapshot virDomainSnapshot;
typedef virDomainSnapshot *virDomainSnapshotPtr;

const char *virDomainSnapshotGetName(virDomainSnapshotPtr snapshot);
virDomainPtr virDomainSnapshotGetDomain(virDomainSnapshotPtr snapshot);
virConnectPtr virDomainSnapshotGetConnect(virDomainSnapshotPtr snapshot);

typedef enum {
    VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE = (1 << 0),     /* restore metadata */
    VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT = (1 << 1),      /* with REDEFINE: make current */
    VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA = (1 << 2),  /* keep no metadata */
    VIR_DOMAIN_SNAPSHOT_CREATE_HALT = (1 << 3),         /* stop the guest after */
    VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY = (1 << 4),    /* disks only, no memory */
    VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT = (1 << 5),    /* reuse existing overlays */
    VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE = (1 << 6),      /* freeze guest filesystems */
    VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC = (1 << 7),       /* all disks or none */
    VIR_DOMAIN_SNAPSHOT_CREATE_LIVE = (1 << 8),         /* do not pause the guest */
    VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE = (1 << 9),     /* check XML against schema */
} virDomainSnapshotCreateFlags;

virDomainSnapshotPtr virDomainSnapshotCreateXML(virDomainPtr domain,
                                                const char *xmlDesc,
                                                unsigned int flags);

typedef enum {
    VIR_DOMAIN_SNAPSHOT_XML_SECURE = VIR_DOMAIN_XML_SECURE,
} virDomainSnapshotXMLFlags;

char *virDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot,
                                  unsigned int flags);

/*
 * Listing filters.  Bit 0 means ROOTS when listing a domain's snapshots
 * and DESCENDANTS when listing a snapshot's children.  The other bits form
 * groups (leaves, metadata, state, location); a group with no bit set
 * does not filter.
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_LIST_ROOTS = (1 << 0),
    VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS = (1 << 0),
    VIR_DOMAIN_SNAPSHOT_LIST_LEAVES = (1 << 2),
    VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES = (1 << 3),
    VIR_DOMAIN_SNAPSHOT_LIST_METADATA = (1 << 1),
    VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA = (1 << 4),
    VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE = (1 << 5),
    VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE = (1 << 6),
    VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY = (1 << 7),
    VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL = (1 << 8),
    VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL = (1 << 9),
    VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL = (1 << 10),  /* parents first */
} virDomainSnapshotListFlags;

int virDomainSnapshotNum(virDomainPtr domain, unsigned int flags);
int virDomainSnapshotListNames(virDomainPtr domain,
                               char **names,
                               int nameslen,
                               unsigned int flags);
int virDomainListAllSnapshots(virDomainPtr domain,
                              virDomainSnapshotPtr **snaps,
                              unsigned int flags);
int virDomainSnapshotNumChildren(virDomainSnapshotPtr snapshot,
                                 unsigned int flags);
int virDomainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot,
                                       char **names,
                                       int nameslen,
                                       unsigned int flags);
int virDomainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                     virDomainSnapshotPtr **snaps,
                                     unsigned int flags);

virDomainSnapshotPtr virDomainSnapshotLookupByName(virDomainPtr domain,
                                                   const char *name,
                                                   unsigned int flags);
int virDomainHasCurrentSnapshot(virDomainPtr domain, unsigned int flags);
virDomainSnapshotPtr virDomainSnapshotCurrent(virDomainPtr domain,
                                              unsigned int flags);
virDomainSnapshotPtr virDomainSnapshotGetParent(virDomainSnapshotPtr snapshot,
                                                unsigned int flags);
int virDomainSnapshotIsCurrent(virDomainSnapshotPtr snapshot,
                               unsigned int flags);
int virDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot,
                                 unsigned int flags);

typedef enum {
    VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING = 1 << 0,     /* end running */
    VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED = 1 << 1,      /* end paused */
    VIR_DOMAIN_SNAPSHOT_REVERT_FORCE = 1 << 2,       /* allow risky reverts */
    VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM = 1 << 3, /* recreate NVRAM */
} virDomainSnapshotRevertFlags;

int virDomainRevertToSnapshot(virDomainSnapshotPtr snapshot,
                              unsigned int flags);

typedef enum {
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN = (1 << 0),      /* and all descendants */
    VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY = (1 << 1), /* keep the data */
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY = (1 << 2), /* descendants only */
} virDomainSnapshotDeleteFlags;

int virDomainSnapshotDelete(virDomainSnapshotPtr snapshot,
                            unsigned int flags);

int virDomainSnapshotRef(virDomainSnapshotPtr snapshot);
int virDomainSnapshotFree(virDomainSnapshotPtr snapshot);

#endif /* SNAPVIRT_LIBVIRT_DOMAIN_SNAPSHOT_H */
