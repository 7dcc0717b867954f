/*
 * backup_conf.h: the <domainbackup> XML of virDomainBackupBegin
 *
 * snapvirt does full push-mode backups: each chosen disk is copied, as
 * it was when the backup began, into a target file.  Pull mode
 * (<server>, <scratch>) and incremental backups (<incremental>,
 * checkpoints) are parsed far enough to be refused by name.
 *
 *   <domainbackup mode='push'>
 *     <disks>
 *       <disk name='vda' backup='yes' type='file'>
 *         <driver type='qcow2'/>
 *         <target file='/backups/vda.qcow2'/>
 *       </disk>
 *       <disk name='vdb' backup='no'/>
 *     </disks>
 *   </domainbackup>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "domain_conf.h"

typedef struct {
    char *name;                /* disk target, "vda" */
    bool backup;               /* backup='yes' */
    int type;                  /* virStorageType of the target: FILE or BLOCK */
    char *target;              /* path, NULL until assigned */
    int format;                /* virStorageFileFormat, NONE = default */
} virDomainBackupDiskDef;

typedef struct {
    GArray *disks;             /* virDomainBackupDiskDef, document order */
} virDomainBackupDef;

/* Parses and validates a <domainbackup>; reports VIR_ERR_XML_ERROR /
 * VIR_ERR_XML_INVALID_SCHEMA, or VIR_ERR_CONFIG_UNSUPPORTED for pull
 * mode and incremental backups. */
virDomainBackupDef *virDomainBackupDefParseString(const char *xml);
/* Completes @def against @dom: every disk listed once (unlisted ones get
 * backup='no' or, with no <disks> at all, 'yes'), every backed-up disk
 * with a target (default: "<active image>.<@suffix>") and format
 * (qcow2).  Reports VIR_ERR_INVALID_ARG for unknown or repeated disks. */
int virDomainBackupDefAlign(virDomainBackupDef *def, const virDomainDef *dom,
                            const char *suffix);
char *virDomainBackupDefFormat(const virDomainBackupDef *def);
void virDomainBackupDefFree(virDomainBackupDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainBackupDef, virDomainBackupDefFree)
