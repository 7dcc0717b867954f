/*
 * virnetserver.h: the daemon side of libvirt's RPC protocol
 *
 * A server listens on UNIX sockets (read-write or read-only) and serves
 * each client in a thread of its own: it reads a frame, dispatches a
 * call of the remote program to its handler (remote_dispatch.c), which
 * calls the public API on the client's connection, and writes the reply.
 * Keepalive pings are answered; everything the server does not know is
 * answered with libvirt's errors ("unknown procedure: N", "Cannot find
 * program ..."), which libvirt's clients turn into VIR_ERR_NO_SUPPORT.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>

#include "virnetmessage.h"
#include "virnettls.h"
#include "virnetxdr.h"

typedef struct _virNetServer virNetServer;
typedef struct _virNetServerClient virNetServerClient;

/* A client's view for the handlers. */
struct _virNetServerClient {
    virNetServer *server;
    virNetSocket *sock;
    virConnectPtr conn;          /* NULL until CONNECT_OPEN */
    char *uri;                   /* what the client asked for, if aliased */
    bool readonly;               /* came in on a read-only socket */
    virNetTLSContext *tls;       /* the listener's (borrowed), NULL: plain */
    bool secure;                 /* UNIX or TLS: nobody else can read it */
    GThread *thread;
    gint done;                   /* the thread has finished (atomic) */
    GMutex lock;                 /* protects conn for event callbacks */
    GHashTable *callbacks;       /* event callback ids (remote_events.c) */
};

/* A server whose clients open connections on @defaultURI when they send
 * an empty name (NULL: test:///default). */
virNetServer *virNetServerNew(const char *defaultURI);
/* Stops listening, disconnects every client, waits for their threads and
 * frees the server. */
void virNetServerFree(virNetServer *srv);

/* Listens on the UNIX socket @path (replacing a stale socket file),
 * mode 0600 (0666 for a read-only socket, as its clients cannot change
 * anything).  Clients of a @readonly socket get read-only connections. */
int virNetServerAddUNIX(virNetServer *srv, const char *path, bool readonly);

/* Listens on TCP port @port (0: any free one) of @addr (NULL: every
 * address), speaking TLS with @tls (borrowed; NULL: plain TCP, for tests
 * and trusted networks).  Returns the port, or -1. */
int virNetServerAddTCP(virNetServer *srv, const char *addr, int port, virNetTLSContext *tls);

/* Starts accepting clients (in a thread per listening socket). */
int virNetServerStart(virNetServer *srv);

const char *virNetServerDefaultURI(virNetServer *srv);

/* libvirtd's max_clients default. */
#define VIR_NET_SERVER_MAX_CLIENTS 5000
/* At most @max clients at once; more are disconnected when they come. */
void virNetServerSetMaxClients(virNetServer *srv, guint max);

/* Clients asking for @from get a connection to @to (qemu:///system ->
 * qemu:///embed?root=...); they still see @from as the URI. */
void virNetServerAddAlias(virNetServer *srv, const char *from, const char *to);
/* What a client's @uri opens (itself unless aliased). */
const char *virNetServerResolveURI(virNetServer *srv, const char *uri);

/* Closes the client's connection, its event callbacks first. */
void virNetServerClientCloseConn(virNetServerClient *client);

/* Handles one call of the remote program: fills @reply's payload (the
 * return value or, returning -1, an error).  In remote_dispatch.c. */
int virNetServerDispatchRemote(virNetServerClient *client, const virNetMessageHeader *hdr,
                               const GByteArray *payload, GByteArray *reply);

/* The same for the QEMU program (0x20008087): the monitor command; and
 * for snapvirt's own (volume snapshots). */
int virNetServerDispatchQemu(virNetServerClient *client, const virNetMessageHeader *hdr,
                             const GByteArray *payload, GByteArray *reply);
int virNetServerDispatchSnapvirt(virNetServerClient *client, const virNetMessageHeader *hdr,
                                 const GByteArray *payload, GByteArray *reply);

/* Sends an asynchronous message of the remote program (an event) with
 * @sig/@vals as its body; -1 if the client is gone. */
int virNetServerClientSendMessage(virNetServerClient *client, int proc, const char *sig,
                                  const virNetValue *vals);
