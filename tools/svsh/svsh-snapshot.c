/*
 * svsh-snapshot.c: the snapshot commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "svsh-util.h"
#include "svsh-cmds.h"

const svshCmdDef svshSnapshotCmds[] = {
    { NULL },
};
