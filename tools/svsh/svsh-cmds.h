/*
 * svsh-cmds.h: the command tables of each group
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "svsh.h"

extern const svshCmdDef svshDomainCmds[];    /* svsh-domain.c */
extern const svshCmdDef svshMonitorCmds[];   /* svsh-domain.c */
extern const svshCmdDef svshHostCmds[];      /* svsh-cmds.c */
extern const svshCmdDef svshSnapshotCmds[];  /* svsh-snapshot.c */
extern const svshCmdDef svshShellCmds[];     /* svsh-cmds.c */
extern const svshCmdDef svshEventCmds[];     /* svsh-event.c */
extern const svshCmdDef svshBackupCmds[];    /* svsh-backup.c */

/* Commands of the "Domain Management" table defined elsewhere. */
bool cmdBlockcommit(svshControl *ctl, const svshCmd *cmd);   /* svsh-blockcmds.c */
bool cmdBlockcopy(svshControl *ctl, const svshCmd *cmd);
bool cmdBlockpull(svshControl *ctl, const svshCmd *cmd);
extern const svshOptDef optsBlockcommit[];
extern const svshOptDef optsBlockcopy[];
extern const svshOptDef optsBlockpull[];
bool cmdBlockjob(svshControl *ctl, const svshCmd *cmd);      /* svsh-blockjob.c */
extern const svshOptDef optsBlockjob[];
bool cmdQemuMonitorCommand(svshControl *ctl, const svshCmd *cmd);  /* svsh-backup.c */
extern const svshOptDef optsQemuMonitorCommand[];
