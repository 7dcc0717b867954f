/*
 * svsh-snapshot.h: what the snapshot commands share — finding the
 * snapshot a command names, a snapshot's parent, creating from XML —
 * and the handlers and option tables of the commands that live in
 * their own files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "svsh-util.h"

/* The option every command naming one snapshot has (besides --current). */
#define SVSH_OPT_SNAPSHOTNAME(help) \
    { "snapshotname", SVSH_OT_STRING, 0, help, svshCompleteSnapshots }

/* The snapshot named by option @optname, or with --current the current
 * one.  With @exclusive, giving both is an error.  Reports virsh's
 * errors and returns NULL on failure. */
virDomainSnapshotPtr svshLookupSnapshot(svshControl *ctl, const svshCmd *cmd,
                                        const char *optname, bool exclusive,
                                        virDomainPtr dom);

/* The name of @snap's parent in *parent (NULL for a root); false after
 * reporting when the library cannot tell. */
bool svshSnapshotParentName(svshControl *ctl, virDomainSnapshotPtr snap, char **parent);

/* Parses the XML description of @snap (flags: virDomainSnapshotXMLFlags);
 * NULL if it cannot be had (the library's error is left set). */
xmlDocPtr svshSnapshotXML(svshControl *ctl, virDomainSnapshotPtr snap, unsigned int flags,
                          xmlXPathContextPtr *ctxt);

/* snapshot-create and snapshot-create-as (svsh-snapshot-create.c) */
bool svshCmdSnapshotCreate(svshControl *ctl, const svshCmd *cmd);
bool svshCmdSnapshotCreateAs(svshControl *ctl, const svshCmd *cmd);
extern const svshOptDef svshOptsSnapshotCreate[];
extern const svshOptDef svshOptsSnapshotCreateAs[];

/* snapshot-list (svsh-snapshot-list.c) */
bool svshCmdSnapshotList(svshControl *ctl, const svshCmd *cmd);
extern const svshOptDef svshOptsSnapshotList[];

/* snapshot-edit (svsh-snapshot-edit.c) */
bool svshCmdSnapshotEdit(svshControl *ctl, const svshCmd *cmd);
extern const svshOptDef svshOptsSnapshotEdit[];
