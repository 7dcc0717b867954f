/*
 * svsh-storage.h: what the storage pool, volume and volume snapshot
 * commands share — finding the pool, volume or snapshot a command names,
 * sizes written as virsh writes them, completion — and their tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "svsh-util.h"

/* The command groups (svsh-pool.c, svsh-vol.c, svsh-volsnapshot.c). */
extern const svshCmdDef svshPoolCmds[];
extern const svshCmdDef svshVolCmds[];
extern const svshCmdDef svshVolSnapshotCmds[];

/* Whether @cmd's command has an option @name (svshOptBool asserts it). */
bool svshCmdHasOpt(const svshCmd *cmd, const char *name);

/* The pool named by option @optname, tried as a UUID then as a name;
 * "failed to get pool 'X'" otherwise (the library's error left set). */
virStoragePoolPtr svshCommandPool(svshControl *ctl, const svshCmd *cmd, const char *optname,
                                  const char **name);

/* The volume named by option "vol": by name in the pool of option
 * "pool" (when given), else by key, else by path.  "failed to get vol
 * 'X'" otherwise (the library's error left set). */
virStorageVolPtr svshCommandVol(svshControl *ctl, const svshCmd *cmd, const char **name);

/* The snapshot of @vol named by option @optname, or with --current (if
 * the command has it) the current one; NULL after reporting. */
virStorageVolSnapshotPtr svshCommandVolSnapshot(svshControl *ctl, const svshCmd *cmd,
                                                const char *optname, virStorageVolPtr vol);

/* @bytes as "%.2f UNIT" with binary units (B, KiB, ... EiB). */
char *svshPrettyCapacity(unsigned long long bytes);

/* Parses a size with an optional unit suffix (b, k/KiB, KB, M, MiB, MB,
 * ... E), as virsh reads them; false after reporting "Malformed size". */
bool svshParseSize(svshControl *ctl, const char *text, unsigned long long *bytes);

/* The options naming a volume, as every vol-* command has them. */
#define SVSH_OPT_VOL(help) \
    { "vol", SVSH_OT_DATA, SVSH_OFLAG_REQ, help, svshCompleteVols }
#define SVSH_OPT_VOL_POOL \
    { "pool", SVSH_OT_STRING, SVSH_OFLAG_NAMED, "the pool of the volume, by name or UUID", \
      svshCompletePools }

/* Completion: pools; volumes of the pool given by "pool" (or of the
 * pool named by the first positional argument); snapshots of the volume
 * given by "vol" (and "pool"). */
char **svshCompletePools(svshControl *ctl, const svshCmd *cmd);
char **svshCompleteVols(svshControl *ctl, const svshCmd *cmd);
char **svshCompleteVolSnapshots(svshControl *ctl, const svshCmd *cmd);

/* vol-snapshot-list (svsh-volsnapshot-list.c) */
bool svshCmdVolSnapshotList(svshControl *ctl, const svshCmd *cmd);
extern const svshOptDef svshOptsVolSnapshotList[];
