/*
 * svsh-blockjob.h: what the block job commands share — the event loop,
 * option parsing, waiting for a job with progress, job labels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "svsh.h"

/* ---- the event loop and SIGINT (svsh-event.c) ---- */

/* VIR_DOMAIN_EVENT_CALLBACK() through void (*)(void), the cast GCC's
 * -Wcast-function-type accepts. */
#define SVSH_EVENT_CALLBACK(cb) \
    ((virConnectDomainEventGenericCallback)(void (*)(void))(cb))

/* Registers the library's default event loop and runs it in a thread
 * until svshEventLoopStop; false if it cannot be registered. */
bool svshEventLoopStart(void);
void svshEventLoopStop(void);

/* While a command waits: SIGINT only sets a flag (svshSigintCaught)
 * until svshSigintRestore puts the previous handler back. */
void svshSigintCatch(void);
void svshSigintRestore(void);
bool svshSigintCaught(void);

/* ---- options (svsh-blockjob.c) ---- */

/* --bandwidth as virsh reads it: a plain number (negative ones wrap), or
 * a number with a unit suffix (k, M, G, ..., KB, MiB, ...), which counts
 * bytes and is turned into MiB unless @bytes.  0 if absent, -1 on error
 * (reported). */
int svshOptBandwidth(svshControl *ctl, const svshCmd *cmd, bool bytes,
                     unsigned long *bandwidth);
/* --timeout in seconds, as milliseconds: 0 if absent, -1 on error. */
int svshOptTimeoutMs(svshControl *ctl, const svshCmd *cmd, int *timeoutMs);
/* A non-negative number no larger than @max: 1 if given, 0 if not, -1 on
 * error (reported). */
int svshOptULongLong(svshControl *ctl, const svshCmd *cmd, const char *name,
                     unsigned long long max, unsigned long long *value);

/* Completion: the targets of the domain's disks. */
char **svshCompleteDiskTargets(svshControl *ctl, const svshCmd *cmd);

/* The option naming the disk of a block job command. */
#define SVSH_OPT_DISK_PATH(help) \
    { "path", SVSH_OT_DATA, SVSH_OFLAG_REQ, help, svshCompleteDiskTargets }

/* ---- watching a job (svsh-blockjob.c) ---- */

/* "Block Pull", "Block Copy", ... for a virDomainBlockJobType. */
const char *svshBlockJobLabel(int type);

/* Prints "\r@label: [ NN %]" on standard error (100 % only when
 * @remaining is 0). */
void svshBlockJobProgress(const char *label, unsigned long long remaining,
                          unsigned long long total);

typedef struct _svshBlockJobWait svshBlockJobWait;

/* Starts listening for the end of the job on disk @dev of @dom (call it
 * before starting the job).  @label names the job in the progress line;
 * @timeoutMs 0 waits for ever. */
svshBlockJobWait *svshBlockJobWaitNew(svshControl *ctl, virDomainPtr dom, const char *dev,
                                      const char *label, bool verbose, int timeoutMs,
                                      bool asyncAbort);
/* Waits until the job ends or is ready (aborting it on timeout or
 * SIGINT); returns the virConnectDomainEventBlockJobStatus, or -1 on
 * error (reported). */
int svshBlockJobWaitRun(svshBlockJobWait *wait);
void svshBlockJobWaitFree(svshBlockJobWait *wait);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(svshBlockJobWait, svshBlockJobWaitFree)
