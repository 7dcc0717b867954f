/*
 * libvirt-qemu.c: public entry points of libvirt-qemu.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libvirt/libvirt-qemu.h>

#include "libvirt-api.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN


int
virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd,
                            char **result, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP,
                              VIR_API_WRITE)))
        return -1;
    if (!virAPINonNull(conn, cmd) || !virAPINonNull(conn, result))
        return -1;
    *result = NULL;
    return VIR_API_CALL_INT(conn, domainQemuMonitorCommand, domain, cmd, result, flags);
}
