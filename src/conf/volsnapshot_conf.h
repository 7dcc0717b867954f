/*
 * volsnapshot_conf.h: the volume snapshot definition (<volsnapshot>)
 *
 *   <volsnapshot>
 *     <name>before-upgrade</name>
 *     <description>free text</description>
 *     <type>internal|external</type>
 *     <creationTime>1700000000</creationTime>      output / metadata
 *     <parent><name>base</name></parent>           output / metadata
 *     <volume>disk.qcow2</volume>                  output / metadata
 *     <overlay>                                    external only
 *       <path>/pool/.snapvirt/images/before-upgrade</path>
 *       <format type='qcow2'/>
 *     </overlay>
 *   </volsnapshot>
 *
 * A new snapshot is described by name, description and type only; the
 * other elements are what the driver records (parsed back from its
 * metadata with VIR_VOL_SNAPSHOT_PARSE_METADATA, ignored otherwise).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

typedef enum {
    VIR_VOL_SNAPSHOT_INTERNAL = 0,   /* inside the qcow2 image */
    VIR_VOL_SNAPSHOT_EXTERNAL,       /* frozen in a file of its own */
    VIR_VOL_SNAPSHOT_LAST
} virVolSnapshotType;
VIR_ENUM_DECL(virVolSnapshotType);

typedef struct _virStorageVolSnapshotDef virStorageVolSnapshotDef;
struct _virStorageVolSnapshotDef {
    char *name;
    char *description;
    int type;                 /* virVolSnapshotType */
    long long creationTime;   /* seconds since the Epoch */
    char *parentName;         /* as parsed; the tree holds the live relation */
    char *volume;             /* the volume's name */
    char *overlayPath;        /* external: the file holding the snapshot's data */
    int overlayFormat;        /* virStorageFileFormat of that file */
};

typedef enum {
    VIR_VOL_SNAPSHOT_PARSE_METADATA = 1 << 0,  /* read back every element */
    VIR_VOL_SNAPSHOT_PARSE_VALIDATE = 1 << 1,  /* check against the schema */
} virVolSnapshotParseFlags;

void virStorageVolSnapshotDefFree(virStorageVolSnapshotDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageVolSnapshotDef, virStorageVolSnapshotDefFree)

/* Parses a <volsnapshot>.  Without METADATA only name, description and
 * type are read and the creation time is now.  Reports VIR_ERR_XML_ERROR
 * (or VIR_ERR_INVALID_ARG for a name that cannot name a file). */
virStorageVolSnapshotDef *virStorageVolSnapshotDefParseString(const char *xml,
                                                              unsigned int flags);
/* Formats @def with @parent as its parent (NULL for a root). */
char *virStorageVolSnapshotDefFormat(const virStorageVolSnapshotDef *def,
                                     const char *parent);
