/*
 * remote_driver.h: the remote driver (client side of libvirt's remote
 * protocol)
 *
 * The remote driver owns the URI schemes DRIVER+unix (test+unix,
 * qemu+unix) and forwards every call of the hypervisor table to the
 * daemon at the other end of a UNIX socket: a real libvirtd, or
 * snapvirt's own daemon.  docs/remote.md describes the URIs and what is
 * supported.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Adds the remote driver to the registry (called by library init). */
void remoteRegister(void);
