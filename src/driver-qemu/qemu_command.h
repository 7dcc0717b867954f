/*
 * qemu_command.h: the QEMU command line of a domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qemu_conf.h"

/* The descriptor number QEMU's monitor socket gets in the child. */
#define QEMU_MONITOR_CHILD_FD 3

/* The QEMU program (SNAPVIRT_QEMU overrides, for tests). */
const char *qemuBinary(void);

/* Checks that the QEMU driver can run @def: x86_64, disks that are
 * virtio-blk disks with a file or block device source.  Reports
 * VIR_ERR_CONFIG_UNSUPPORTED naming the first problem. */
int qemuCommandCheckDef(const virDomainDef *def);

/* The command line (a NULL-terminated vector of new strings) that runs
 * @live, whose disks carry their full backing chains, for @obj: paused
 * (-S), the monitor on descriptor QEMU_MONITOR_CHILD_FD, one -blockdev
 * pair per layer (node names from qemuDomainNewNodeName), and with
 * @incoming, waiting for a migration stream (-incoming defer). */
GStrv qemuBuildCommandLine(virDomainObj *obj, const virDomainDef *live, bool incoming);

/* The device id of disk @i ("virtio-disk<i>"), used by QMP and qemu-io. */
char *qemuDiskDeviceID(size_t i);
