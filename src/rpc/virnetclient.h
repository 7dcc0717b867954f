/*
 * virnetclient.h: the client end of one RPC connection
 *
 * A virNetClient owns a connected socket to a daemon (UNIX, TCP, or TCP
 * through TLS) and a reader thread of its own that reads every frame the
 * daemon sends, as soon as it comes:
 *
 *  - the reply to the call in flight is handed to the caller waiting for
 *    it (matched by program and serial);
 *  - a keepalive PING is answered with a PONG at once;
 *  - an asynchronous MESSAGE (an event) goes to the message handler,
 *    which must only queue it (it runs on the reader thread: it must not
 *    call the client or run the application's callbacks);
 *  - anything else (stray replies, streams) is dropped.
 *
 * So events reach the client while the application is idle, not only
 * while a call happens to be reading, and no caller ever reads the
 * socket.  Calls are made one at a time (serials count from 0, as
 * virsh's do); callers from several threads are serialised.
 *
 * Once the peer closes the connection, a frame is broken or a read or
 * write fails, the client is dead: the call in progress fails with what
 * went wrong (VIR_ERR_RPC, or VIR_ERR_SYSTEM_ERROR naming the system
 * call) and every later call fails at once, never a hang on a socket
 * nobody will write to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>

#include "virnetmessage.h"
#include "virnetxdr.h"

typedef struct _virNetClient virNetClient;

/* Called on the reader thread for each MESSAGE frame of a program other
 * than keepalive: @payload is borrowed.  It must return quickly and must
 * not call the client. */
typedef void (*virNetClientMessageFunc)(const virNetMessageHeader *hdr,
                                        const GByteArray *payload, void *opaque);

/* Takes over @sock, a connected stream (already speaking TLS if it is
 * to), and starts reading it.  Never fails. */
virNetClient *virNetClientNew(virNetSocket *sock);
/* Connects to the UNIX socket at @path; NULL after VIR_ERR_SYSTEM_ERROR
 * naming the path. */
virNetClient *virNetClientNewUNIX(const char *path);
/* Stops the reader (shutting the socket down), closes the socket and
 * frees the client; accepts NULL.  The message handler is not running
 * and will not run once this returns. */
void virNetClientFree(virNetClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetClient, virNetClientFree)

/* Sets the handler of MESSAGE frames (NULL: drop them). */
void virNetClientSetMessageHandler(virNetClient *client, virNetClientMessageFunc func,
                                   void *opaque);

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
/* Pings the daemon after @interval seconds without a frame from it and
 * gives the connection up after @count unanswered pings in a row (the
 * call in flight, and every later one, fails with VIR_ERR_INTERNAL_ERROR
 * "connection closed due to keepalive timeout").  @interval <= 0 stops
 * it.  Restarting replaces the settings. */
void virNetClientSetKeepAlive(virNetClient *client, int interval, unsigned int count);

bool virNetClientIsOpen(virNetClient *client);
