/*
 * remote_driver.h: the remote driver (client side of libvirt's remote
 * protocol)
 *
 * The remote driver owns the URI schemes DRIVER+unix, DRIVER+tcp and
 * DRIVER+tls (DRIVER: test, qemu) and forwards the calls of the
 * hypervisor and storage tables to the daemon at the other end of a
 * UNIX socket, a TCP connection or a TLS session: a real libvirtd, or
 * snapvirt's own daemon; the daemon's events come back to the
 * application's callbacks.  docs/remote.md describes the URIs, what is
 * supported and how events are delivered.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Adds the remote driver to the registry (called by library init). */
void remoteRegister(void);
