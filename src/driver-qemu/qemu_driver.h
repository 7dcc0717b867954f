/*
 * qemu_driver.h: the QEMU driver's entry points
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Adds the QEMU driver to the registry (qemu:// URIs). */
void qemuRegister(void);

/* Domain entry points (qemu_driver_domain.c). */
virDomainPtr qemuDomainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                      unsigned int flags);
int qemuDomainUndefineFlags(virDomainPtr dom, unsigned int flags);
virDomainPtr qemuDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags);
int qemuDomainCreateWithFlags(virDomainPtr dom, unsigned int flags);
int qemuDomainDestroyFlags(virDomainPtr dom, unsigned int flags);
int qemuDomainSuspend(virDomainPtr dom);
int qemuDomainResume(virDomainPtr dom);
int qemuDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info);
int qemuDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *qemuDomainGetXMLDesc(virDomainPtr dom, unsigned int flags);
char *qemuDomainGetOSType(virDomainPtr dom);
unsigned long long qemuDomainGetMaxMemory(virDomainPtr dom);
int qemuDomainIsActive(virDomainPtr dom);
int qemuDomainIsPersistent(virDomainPtr dom);
int qemuDomainGetAutostart(virDomainPtr dom, int *autostart);
int qemuDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags);
int qemuDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel);
int qemuDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                                 unsigned int flags);
