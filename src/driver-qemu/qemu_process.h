/*
 * qemu_process.h: starting, stopping and re-attaching to QEMU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qemu_conf.h"

typedef struct {
    bool paused;            /* leave the guest paused after start */
    int reason;             /* run-state reason once started */
    int incomingFD;         /* a saved state to load first, or -1 */
} qemuProcessStartOpts;

/* Starts QEMU for @obj's persistent definition (or @def if not NULL,
 * taking a reference): probes each disk's backing chain, builds the
 * command line, connects the monitor and, unless paused, runs the guest.
 * The live definition gets the probed chains.  On failure QEMU is gone
 * and @obj unchanged; the error names what failed (QEMU's own message
 * from its log when it exited). */
int qemuProcessStart(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                     virDomainDef *def, const qemuProcessStartOpts *opts);

/* Stops QEMU (terminate, then kill after a grace period) and marks
 * @obj shut off with @reason. */
void qemuProcessStop(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                     int reason);

/* Cleans up after a QEMU that is gone (or going): monitor, status file,
 * socket, and marks @obj shut off with @reason. */
void qemuProcessStopped(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                        int reason);

/* What a status file recorded of a running domain. */
typedef struct {
    int state;
    int reason;
    pid_t pid;
    int id;
    unsigned int nodes;
} qemuProcessStatus;

/* Takes over the QEMU described by @status running @live (taken over):
 * checks that the process is that domain's QEMU and connects its
 * monitor.  Fails, leaving @obj inactive, if it is gone. */
int qemuProcessReattach(qemuDriver *driver, virDomainObj *obj, virDomainDef *live,
                        const qemuProcessStatus *status);

/* Saves the guest's memory and device state to @fd (QEMU's migration
 * stream), or with @incoming, loads it from @fd into a QEMU started with
 * incomingFD; waits for the end. */
int qemuProcessMigrateFD(virDomainObj *obj, int fd, bool incoming);
