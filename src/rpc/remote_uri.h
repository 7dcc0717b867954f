/*
 * remote_uri.h: what a remote URI means to the remote driver
 *
 * A remote URI is DRIVER+TRANSPORT://[HOST]/PATH?PARAMS, e.g.
 * test+unix:///default?socket=/tmp/s.  The remote driver needs three
 * things from it: the transport, where to connect (for +unix, a socket
 * path) and the name to send in CONNECT_OPEN, which is the URI the
 * daemon's own drivers see (test:///default).  The facts followed are in
 * ../shared/reference/wire-qmp-qemuimg-facts.md, D.1, D.2 and B.3.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "util/viruri.h"

/* Splits a scheme "DRIVER+TRANSPORT" into its two parts (new strings).
 * False, with nothing set, when the scheme has no "+TRANSPORT". */
bool remoteURISplitScheme(const char *scheme, char **driver, char **transport);

/* The name sent in CONNECT_OPEN: the "name" parameter when given, else
 * the URI with the transport, the host part and the remote driver's own
 * parameters (socket, name, mode, ...) removed; the other parameters are
 * kept, in their order and encoding: "test:///default",
 * "qemu:///system?x=1".  A new string; never fails. */
char *remoteURIOpenName(const virURI *uri);

/* The UNIX socket a +unix URI names: its "socket" parameter, else
 * libvirt's default for the driver and @readonly (the system socket
 * /run/libvirt/libvirt-sock[-ro], or virtDRIVERd-sock when that daemon's
 * socket exists and mode is not "legacy"; for a non-root caller and path
 * /session, the per-user socket under $XDG_RUNTIME_DIR/libvirt).  NULL
 * after VIR_ERR_INVALID_ARG (an unknown mode). */
char *remoteURISocketPath(const virURI *uri, bool readonly);
