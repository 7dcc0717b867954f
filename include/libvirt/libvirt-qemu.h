/*
 * libvirt-qemu.h: QEMU-specific entry points
 *
 * These bypass the driver's model of the domain and talk to QEMU
 * directly; they exist for debugging and tests.  Only the QEMU driver
 * implements them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_QEMU_H
# define SNAPVIRT_LIBVIRT_QEMU_H

# include <libvirt/libvirt.h>

# ifdef __cplusplus
extern "C" {
# endif

typedef enum {
    VIR_DOMAIN_QEMU_MONITOR_COMMAND_DEFAULT = 0,       /* @cmd is a QMP command in JSON */
    VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP = (1 << 0),    /* @cmd is a human monitor command */
} virDomainQemuMonitorCommandFlags;

/* Sends @cmd to the monitor of running domain @domain and stores QEMU's
 * answer in *result (free it with free()): the whole JSON reply by
 * default, or the human monitor's text output with
 * VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP. */
int virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd,
                                char **result, unsigned int flags);

# ifdef __cplusplus
}
# endif

#endif /* SNAPVIRT_LIBVIRT_QEMU_H */
