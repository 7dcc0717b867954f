/*
 * virnetserver.c: listening sockets, client threads, the frame loop
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE   /* accept4 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "virnetserver.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_RPC

VIR_LOG_INIT("rpc.server");

typedef struct {
    virNetServer *server;
    int fd;
    bool readonly;
    char *path;                  /* UNIX: the socket file; TCP: "addr:port" */
    bool unixSocket;
    virNetTLSContext *tls;       /* borrowed */
    GThread *thread;
} virNetServerListener;

struct _virNetServer {
    char *defaultURI;
    GHashTable *aliases;         /* URI -> URI */
    GPtrArray *listeners;        /* virNetServerListener * */
    GMutex lock;                 /* protects clients and quit */
    GPtrArray *clients;          /* virNetServerClient * still running */
    guint maxClients;            /* more are turned away at once */
    bool quit;
    int wakeup[2];               /* a pipe: written to stop the listeners */
};


virNetServer *
virNetServerNew(const char *defaultURI)
{
    virNetServer *srv = g_new0(virNetServer, 1);

    srv->defaultURI = g_strdup(defaultURI ? defaultURI : "test:///default");
    srv->aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    srv->listeners = g_ptr_array_new();
    srv->clients = g_ptr_array_new();
    srv->maxClients = VIR_NET_SERVER_MAX_CLIENTS;
    g_mutex_init(&srv->lock);
    if (pipe(srv->wakeup) < 0)
        g_error("cannot create a pipe: %s", g_strerror(errno));
    return srv;
}


void
virNetServerSetMaxClients(virNetServer *srv, guint max)
{
    srv->maxClients = max;
}


const char *
virNetServerDefaultURI(virNetServer *srv)
{
    return srv->defaultURI;
}


void
virNetServerAddAlias(virNetServer *srv, const char *from, const char *to)
{
    g_hash_table_insert(srv->aliases, g_strdup(from), g_strdup(to));
}


const char *
virNetServerResolveURI(virNetServer *srv, const char *uri)
{
    const char *to = g_hash_table_lookup(srv->aliases, uri);

    return to ? to : uri;
}


int
virNetServerAddUNIX(virNetServer *srv, const char *path, bool readonly)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    virNetServerListener *l;
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INVALID_ARG, "socket path '%s' is too long", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        virReportSystemError(errno, "%s", "cannot create a UNIX socket");
        return -1;
    }
    (void)unlink(path);   /* a stale socket of an earlier run */
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        chmod(path, readonly ? 0666 : 0600) < 0 || listen(fd, 64) < 0) {
        virReportSystemError(errno, "cannot listen on socket '%s'", path);
        close(fd);
        return -1;
    }
    l = g_new0(virNetServerListener, 1);
    l->server = srv;
    l->fd = fd;
    l->readonly = readonly;
    l->path = g_strdup(path);
    l->unixSocket = true;
    g_ptr_array_add(srv->listeners, l);
    return 0;
}


int
virNetServerAddTCP(virNetServer *srv, const char *addr, int port, virNetTLSContext *tls)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
                              .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    g_autofree char *service = g_strdup_printf("%d", port);
    virNetServerListener *l;
    struct sockaddr_storage bound;
    socklen_t boundLen = sizeof(bound);
    int fd = -1, on = 1, rc;

    if ((rc = getaddrinfo(addr, service, &hints, &ai)) != 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot resolve '%s': %s",
                       addr ? addr : "*", gai_strerror(rc));
        return -1;
    }
    if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 64) < 0 ||
        getsockname(fd, (struct sockaddr *)&bound, &boundLen) < 0) {
        virReportSystemError(errno, "cannot listen on %s port %d", addr ? addr : "*", port);
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                             : ((struct sockaddr_in *)&bound)->sin_port);
    l = g_new0(virNetServerListener, 1);
    l->server = srv;
    l->fd = fd;
    l->path = g_strdup_printf("%s:%d", addr ? addr : "*", port);
    l->tls = tls;
    g_ptr_array_add(srv->listeners, l);
    return port;
}


/* ---- clients ---- */

void
virNetServerClientCloseConn(virNetServerClient *client)
{
    virConnectPtr conn;

    /* Callbacks first: they deregister on the connection. */
    if (client->callbacks)
        g_hash_table_remove_all(client->callbacks);
    g_mutex_lock(&client->lock);
    conn = g_steal_pointer(&client->conn);
    g_mutex_unlock(&client->lock);
    if (conn)
        virConnectClose(conn);
}


static void
virNetServerClientFree(virNetServerClient *client)
{
    virNetServerClientCloseConn(client);
    g_free(client->uri);
    if (client->callbacks)
        g_hash_table_unref(client->callbacks);
    virNetSocketFree(client->sock);
    g_mutex_clear(&client->lock);
    g_free(client);
}


int
virNetServerClientSendMessage(virNetServerClient *client, int proc, const char *sig,
                              const virNetValue *vals)
{
    /* Events carry serial 1, as libvirtd 9.0's do. */
    virNetMessageHeader hdr = { VIR_NET_PROGRAM_REMOTE, VIR_NET_PROGRAM_VERSION, proc,
                                VIR_NET_MESSAGE, 1, VIR_NET_OK };
    g_autoptr(GByteArray) msg = virNetMessageNew(&hdr);

    if (virNetEncode(msg, sig, vals) < 0 || virNetMessageFinish(msg) < 0)
        return -1;
    return virNetSocketWriteMessage(client->sock, msg);
}


/* An error reply to @hdr made from the thread's last error. */
static GByteArray *
virNetServerErrorReply(const virNetMessageHeader *hdr)
{
    virNetMessageHeader rh = *hdr;
    GByteArray *msg;

    rh.type = VIR_NET_REPLY;
    rh.status = VIR_NET_ERROR;
    msg = virNetMessageNew(&rh);
    virNetMessageEncodeError(msg);
    return msg;
}


/* The programs a client may call. */
static const struct {
    guint32 prog;
    int (*dispatch)(virNetServerClient *client, const virNetMessageHeader *hdr,
                    const GByteArray *payload, GByteArray *reply);
} virNetServerPrograms[] = {
    { VIR_NET_PROGRAM_REMOTE, virNetServerDispatchRemote },
    { VIR_NET_PROGRAM_QEMU, virNetServerDispatchQemu },
    { VIR_NET_PROGRAM_SNAPVIRT, virNetServerDispatchSnapvirt },
};


/* The reply to one frame, or NULL when it needs none. */
static GByteArray *
virNetServerHandle(virNetServerClient *client, const virNetMessageHeader *hdr,
                   const GByteArray *payload)
{
    int (*dispatch)(virNetServerClient *, const virNetMessageHeader *, const GByteArray *,
                    GByteArray *) = NULL;
    virNetMessageHeader rh = *hdr;
    g_autoptr(GByteArray) reply = NULL;

    if (hdr->prog == VIR_NET_PROGRAM_KEEPALIVE) {
        if (hdr->proc != VIR_NET_KEEPALIVE_PING || hdr->type != VIR_NET_MESSAGE)
            return NULL;
        rh.proc = VIR_NET_KEEPALIVE_PONG;
        return virNetMessageNew(&rh);
    }
    if (hdr->type != VIR_NET_CALL)
        return NULL;   /* nothing else is meant for a server to answer */
    virResetLastError();
    for (size_t i = 0; i < G_N_ELEMENTS(virNetServerPrograms) && !dispatch; i++) {
        if (virNetServerPrograms[i].prog == hdr->prog)
            dispatch = virNetServerPrograms[i].dispatch;
    }
    if (!dispatch || hdr->vers != VIR_NET_PROGRAM_VERSION) {
        virReportError(VIR_ERR_RPC, "Cannot find program %u version %u", hdr->prog,
                       hdr->vers);
        return virNetServerErrorReply(hdr);
    }
    if (hdr->status != VIR_NET_OK) {
        virReportError(VIR_ERR_RPC, "Unexpected message status %d", hdr->status);
        return virNetServerErrorReply(hdr);
    }
    rh.type = VIR_NET_REPLY;
    reply = virNetMessageNew(&rh);
    if (dispatch(client, hdr, payload, reply) < 0)
        return virNetServerErrorReply(hdr);
    return g_steal_pointer(&reply);
}


static gpointer
virNetServerClientRun(gpointer opaque)
{
    virNetServerClient *client = opaque;
    gnutls_session_t session;

    if (client->tls) {
        if (!(session = virNetTLSSessionNew(client->tls, virNetSocketFD(client->sock), NULL))) {
            VIR_WARN("TLS client refused: %s", virGetLastErrorMessage());
            virNetSocketShutdown(client->sock);
            g_atomic_int_set(&client->done, 1);
            return NULL;
        }
        virNetSocketSetTLS(client->sock, session);
    }
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;
        g_autoptr(GByteArray) reply = NULL;
        int rc = virNetSocketReadMessage(client->sock, &hdr, &payload);

        if (rc < 0)
            VIR_DEBUG("client %p: %s", client, virGetLastErrorMessage());
        if (rc <= 0)
            break;
        if ((reply = virNetServerHandle(client, &hdr, payload)) &&
            (virNetMessageFinish(reply) < 0 ||
             virNetSocketWriteMessage(client->sock, reply) < 0))
            break;
    }
    virNetServerClientCloseConn(client);
    virNetSocketShutdown(client->sock);   /* the peer sees the end now */
    g_atomic_int_set(&client->done, 1);
    return NULL;
}


/* Frees the clients whose threads have finished (server locked). */
static void
virNetServerReap(virNetServer *srv)
{
    for (size_t i = srv->clients->len; i-- > 0; ) {
        virNetServerClient *client = srv->clients->pdata[i];

        if (g_atomic_int_get(&client->done)) {
            g_thread_join(client->thread);
            g_ptr_array_remove_index_fast(srv->clients, i);
            virNetServerClientFree(client);
        }
    }
}


static void
virNetServerAccept(virNetServerListener *l)
{
    virNetServer *srv = l->server;
    virNetServerClient *client;
    int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);

    if (fd < 0) {
        VIR_WARN("accept on %s: %s", l->path, g_strerror(errno));
        return;
    }
    client = g_new0(virNetServerClient, 1);
    client->server = srv;
    client->sock = virNetSocketNew(fd);
    client->readonly = l->readonly;
    client->tls = l->tls;
    client->secure = l->unixSocket || l->tls;
    g_mutex_init(&client->lock);
    g_mutex_lock(&srv->lock);
    if (srv->quit) {
        g_mutex_unlock(&srv->lock);
        virNetServerClientFree(client);
        return;
    }
    virNetServerReap(srv);
    if (srv->clients->len >= srv->maxClients) {
        g_mutex_unlock(&srv->lock);
        VIR_WARN("turning a client away on %s: %u clients already", l->path,
                 srv->maxClients);
        virNetServerClientFree(client);
        return;
    }
    g_ptr_array_add(srv->clients, client);
    client->thread = g_thread_new("rpc-client", virNetServerClientRun, client);
    g_mutex_unlock(&srv->lock);
}


static gpointer
virNetServerListen(gpointer opaque)
{
    virNetServerListener *l = opaque;

    for (;;) {
        struct pollfd fds[2] = { { l->fd, POLLIN, 0 }, { l->server->wakeup[0], POLLIN, 0 } };

        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            VIR_WARN("poll on %s: %s", l->path, g_strerror(errno));
            return NULL;
        }
        if (fds[1].revents)
            return NULL;   /* the server is stopping */
        if (fds[0].revents & POLLIN)
            virNetServerAccept(l);
    }
}


int
virNetServerStart(virNetServer *srv)
{
    for (size_t i = 0; i < srv->listeners->len; i++) {
        virNetServerListener *l = srv->listeners->pdata[i];

        l->thread = g_thread_new("rpc-listen", virNetServerListen, l);
    }
    return 0;
}


void
virNetServerFree(virNetServer *srv)
{
    if (!srv)
        return;
    g_mutex_lock(&srv->lock);
    srv->quit = true;
    g_mutex_unlock(&srv->lock);
    if (write(srv->wakeup[1], "q", 1) < 0)
        VIR_WARN("cannot wake the listeners: %s", g_strerror(errno));
    for (size_t i = 0; i < srv->listeners->len; i++) {
        virNetServerListener *l = srv->listeners->pdata[i];

        if (l->thread)
            g_thread_join(l->thread);
        close(l->fd);
        if (l->unixSocket)
            (void)unlink(l->path);
        g_free(l->path);
        g_free(l);
    }
    /* No listener runs now: the client list only shrinks. */
    for (size_t i = 0; i < srv->clients->len; i++)
        virNetSocketShutdown(((virNetServerClient *)srv->clients->pdata[i])->sock);
    for (size_t i = 0; i < srv->clients->len; i++) {
        virNetServerClient *client = srv->clients->pdata[i];

        g_thread_join(client->thread);
        virNetServerClientFree(client);
    }
    g_ptr_array_unref(srv->clients);
    g_ptr_array_unref(srv->listeners);
    close(srv->wakeup[0]);
    close(srv->wakeup[1]);
    g_mutex_clear(&srv->lock);
    g_free(srv->defaultURI);
    g_hash_table_unref(srv->aliases);
    g_free(srv);
}
