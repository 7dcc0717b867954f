/*
 * snapshot_conf.h: the domain snapshot definition (<domainsnapshot>)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_conf.h"
#include "moment_tree.h"

/* The domain state a snapshot captured: virDomainState plus one. */
typedef enum {
    VIR_SNAPSHOT_STATE_NOSTATE = VIR_DOMAIN_NOSTATE,
    VIR_SNAPSHOT_STATE_RUNNING = VIR_DOMAIN_RUNNING,
    VIR_SNAPSHOT_STATE_BLOCKED = VIR_DOMAIN_BLOCKED,
    VIR_SNAPSHOT_STATE_PAUSED = VIR_DOMAIN_PAUSED,
    VIR_SNAPSHOT_STATE_SHUTDOWN = VIR_DOMAIN_SHUTDOWN,
    VIR_SNAPSHOT_STATE_SHUTOFF = VIR_DOMAIN_SHUTOFF,
    VIR_SNAPSHOT_STATE_CRASHED = VIR_DOMAIN_CRASHED,
    VIR_SNAPSHOT_STATE_PMSUSPENDED = VIR_DOMAIN_PMSUSPENDED,
    VIR_SNAPSHOT_STATE_DISK_SNAPSHOT,
    VIR_SNAPSHOT_STATE_LAST
} virSnapshotState;
VIR_ENUM_DECL(virSnapshotState);

typedef struct _virDomainSnapshotDiskDef virDomainSnapshotDiskDef;
struct _virDomainSnapshotDiskDef {
    char *name;              /* target ("vda") once aligned with the domain */
    int snapshot;            /* virDomainSnapshotLocation */
    virStorageSource *src;   /* overlay for external disks: type, path, format */
};

typedef struct _virDomainSnapshotDef virDomainSnapshotDef;
struct _virDomainSnapshotDef {
    char *name;
    char *description;
    char *parentName;        /* as parsed; the tree holds the live relation */
    long long creationTime;  /* seconds since the Epoch */
    int state;               /* virSnapshotState */
    int memory;              /* virDomainSnapshotLocation */
    char *memoryFile;
    virDomainSnapshotDiskDef *disks;
    size_t ndisks;
    virDomainDef *dom;       /* shared; NULL for metadata lacking it */
    virDomainDef *inactiveDom; /* <inactiveDomain> (kept, redefine only) */
    bool current;            /* <active>1</active> in the internal format */
};

typedef enum {
    VIR_SNAPSHOT_PARSE_REDEFINE = 1 << 0,  /* every element is input */
    VIR_SNAPSHOT_PARSE_INTERNAL = 1 << 1,  /* <active> is required */
    VIR_SNAPSHOT_PARSE_VALIDATE = 1 << 2,  /* check the schema first */
} virSnapshotParseFlags;

typedef enum {
    VIR_SNAPSHOT_FORMAT_SECURE = 1 << 0,   /* secrets of the domain */
    VIR_SNAPSHOT_FORMAT_INTERNAL = 1 << 1, /* add <active> */
    VIR_SNAPSHOT_FORMAT_CURRENT = 1 << 2,  /* <active>1</active> */
} virSnapshotFormatFlags;

virDomainSnapshotDef *virDomainSnapshotDefParseString(const char *xml,
                                                      unsigned int flags);
/* @root is a <domainsnapshot> (or a fixture's <test:domainsnapshot>). */
virDomainSnapshotDef *virDomainSnapshotDefParseNode(xmlNodePtr root,
                                                    unsigned int flags);

/* @parentName is the live parent (NULL for a root); @domainUUID is written
 * as <domain><uuid> when the snapshot lacks a domain definition. */
char *virDomainSnapshotDefFormat(const virDomainSnapshotDef *def,
                                 const char *parentName,
                                 const unsigned char *domainUUID,
                                 unsigned int flags);

void virDomainSnapshotDefFree(virDomainSnapshotDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSnapshotDef, virDomainSnapshotDefFree)

/* True if the memory or any disk is stored outside the images. */
bool virDomainSnapshotDefIsExternal(const virDomainSnapshotDef *def);
/* True if the memory or any disk is stored inside the images. */
bool virDomainSnapshotDefIsInternal(const virDomainSnapshotDef *def);

/* A virMomentFilter for trees of snapshot definitions: the state group
 * (INACTIVE, ACTIVE, DISK_ONLY) and the location group (INTERNAL,
 * EXTERNAL) of the listing flags. */
bool virDomainSnapshotMomentFilter(const virMoment *moment, unsigned int flags);

/* Makes @def list every disk of @dom, in @dom's order, by target name,
 * filling in modes (the disk's own default, else @defaultLocation) and
 * generating overlay names for external disks without one
 * ("<image without suffix>.<snapshot name>").  With @uniform, every disk
 * must use @defaultLocation or "no".  Reports VIR_ERR_CONFIG_UNSUPPORTED. */
int virDomainSnapshotAlignDisks(virDomainSnapshotDef *def,
                                const virDomainDef *dom,
                                int defaultLocation, bool uniform);
