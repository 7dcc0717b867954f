/*
 * virnetclient.h: the client end of one RPC connection
 *
 * A virNetClient owns a connected socket to a daemon and makes calls on
 * it one at a time: it numbers each call (serials start at 0, as virsh's
 * do), sends it, and reads frames until the reply with that serial
 * arrives.  Frames that arrive meanwhile are handled on the way: a
 * keepalive PING is answered with a PONG, anything else (events, stray
 * replies, streams) is dropped for now.
 *
 * Once the peer closes the connection, a frame is broken or a read or
 * write fails, the client is dead: the call in progress and every later
 * call fail at once with an error (VIR_ERR_RPC, or VIR_ERR_SYSTEM_ERROR
 * naming the system call), never a hang on a socket nobody will write to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>

#include "virnetmessage.h"
#include "virnetxdr.h"

typedef struct _virNetClient virNetClient;

/* Connects to the UNIX socket at @path; NULL after VIR_ERR_SYSTEM_ERROR
 * naming the path. */
virNetClient *virNetClientNewUNIX(const char *path);
/* Takes over @sock (for tests over a socketpair). */
virNetClient *virNetClientNew(virNetSocket *sock);
/* Closes the socket and frees the client; accepts NULL. */
void virNetClientFree(virNetClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetClient, virNetClientFree)

/* Calls procedure @proc of program @prog (version 1): encodes @args by
 * @argsSig, and on success decodes the reply into @ret (zeroed by the
 * caller, one value per item of @retSig; clear it with virNetValuesClear
 * whatever the result).  Returns 0, or -1 with an error reported: the
 * server's own error (code, domain and message as it sent them; "unknown
 * procedure" as VIR_ERR_NO_SUPPORT), or VIR_ERR_RPC / VIR_ERR_SYSTEM_ERROR
 * for a broken connection.  Thread-safe: calls are serialised. */
int virNetClientCall(virNetClient *client, guint32 prog, int proc,
                     const char *argsSig, const virNetValue *args,
                     const char *retSig, virNetValue *ret);

/* Whether the connection is still usable (false once the peer closed it
 * or a frame was broken).  Does not wait for a call in progress. */
bool virNetClientIsOpen(virNetClient *client);
