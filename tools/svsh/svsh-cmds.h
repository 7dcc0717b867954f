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
