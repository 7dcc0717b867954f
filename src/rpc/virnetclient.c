/*
 * virnetclient.c: the client end of one RPC connection
 *
 * Two locks.  callLock is held by a caller for the whole of its call, so
 * there is one call in flight and the serials go out in order.  lock
 * guards the rendezvous between that caller and the reader thread: the
 * serial awaited, the reply once it came, and whether (and why) the
 * connection died.  The reader never holds lock while it reads, writes
 * or runs the message handler; a caller holds it only to look at those
 * fields or to wait on cond.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virnetclient.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_RPC

VIR_LOG_INIT("rpc.netclient");

struct _virNetClient {
    virNetSocket *sock;
    GThread *reader;

    GMutex callLock;            /* held for the whole of a call */
    guint32 serial;             /* the next call's (under callLock) */

    GMutex lock;                /* guards the rest */
    GCond cond;                 /* a reply came, or the connection died */
    bool waiting;               /* a call awaits the reply of: */
    guint32 waitProg;
    guint32 waitSerial;
    virNetMessageHeader replyHdr;
    GByteArray *reply;          /* its payload, once it came */
    gint dead;                  /* 1 once unusable (atomic reads without lock) */
    virErrorPtr deadError;      /* why, for the call in flight; NULL: end of stream */
    virNetClientMessageFunc onMessage;
    void *onMessageOpaque;

    /* keepalive (under lock) */
    GThread *keepalive;         /* NULL: off */
    GCond keepaliveCond;        /* wakes it to stop */
    bool keepaliveStop;
    int interval;               /* seconds */
    unsigned int count;         /* unanswered pings before giving up */
    unsigned int unanswered;    /* pings sent since the last frame came */
    gint64 lastFrame;           /* monotonic µs of the last frame read */
};


/* The stream can no longer be trusted (the peer closed it, a frame was
 * lost or cut, a read or write failed): no further call may use it.
 * @err (taken over, may be NULL for a clean end) is what the call in
 * flight will report.  Shutting the socket down also makes the peer see
 * the end at once, and the reader return. */
static void
virNetClientMarkDead(virNetClient *client, virErrorPtr err)
{
    g_mutex_lock(&client->lock);
    if (!client->dead) {
        g_atomic_int_set(&client->dead, 1);
        client->deadError = err;
        err = NULL;
    }
    g_cond_broadcast(&client->cond);
    g_mutex_unlock(&client->lock);
    if (err)
        virFreeError(err);
    virNetSocketShutdown(client->sock);
}


static int
virNetClientSendKeepAlive(virNetClient *client, int proc)
{
    virNetMessageHeader hdr = {
        VIR_NET_PROGRAM_KEEPALIVE, VIR_NET_PROGRAM_VERSION, proc,
        VIR_NET_MESSAGE, 0, VIR_NET_OK,
    };
    g_autoptr(GByteArray) msg = virNetMessageNew(&hdr);

    if (virNetMessageFinish(msg) < 0)
        return -1;
    return virNetSocketWriteMessage(client->sock, msg);
}


/* One frame read by the reader thread.  -1 if answering it failed. */
static int
virNetClientDispatch(virNetClient *client, const virNetMessageHeader *hdr,
                     GByteArray **payload)
{
    virNetClientMessageFunc func;
    void *opaque;

    /* Any frame shows the daemon alive. */
    g_mutex_lock(&client->lock);
    client->lastFrame = g_get_monotonic_time();
    client->unanswered = 0;
    g_mutex_unlock(&client->lock);

    if (hdr->prog == VIR_NET_PROGRAM_KEEPALIVE) {
        if (hdr->type == VIR_NET_MESSAGE && hdr->proc == VIR_NET_KEEPALIVE_PING)
            return virNetClientSendKeepAlive(client, VIR_NET_KEEPALIVE_PONG);
        return 0;   /* a PONG: it did its work above */
    }

    g_mutex_lock(&client->lock);
    if (hdr->type == VIR_NET_REPLY && client->waiting && !client->reply &&
        hdr->prog == client->waitProg && hdr->serial == client->waitSerial) {
        client->replyHdr = *hdr;
        client->reply = g_steal_pointer(payload);
        g_cond_broadcast(&client->cond);
        g_mutex_unlock(&client->lock);
        return 0;
    }
    func = client->onMessage;
    opaque = client->onMessageOpaque;
    g_mutex_unlock(&client->lock);

    if (hdr->type == VIR_NET_MESSAGE && func) {
        func(hdr, *payload, opaque);
        return 0;
    }
    VIR_DEBUG("dropping frame prog=0x%x proc=%d type=%d serial=%u",
              hdr->prog, hdr->proc, hdr->type, hdr->serial);
    return 0;
}


static gpointer
virNetClientReaderRun(gpointer opaque)
{
    virNetClient *client = opaque;
    virErrorPtr err = NULL;

    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;
        int rc = virNetSocketReadMessage(client->sock, &hdr, &payload);

        if (rc == 0)
            break;   /* the daemon hung up: the waiting call says so itself */
        if (rc < 0 || virNetClientDispatch(client, &hdr, &payload) < 0) {
            virErrorPreserveLast(&err);
            break;
        }
    }
    virNetClientMarkDead(client, err);
    virResetLastError();
    return NULL;
}


/* The keepalive thread: wakes every interval, pings when the daemon has
 * been silent that long, gives the connection up after @count pings. */
static gpointer
virNetClientKeepAliveRun(gpointer opaque)
{
    virNetClient *client = opaque;

    g_mutex_lock(&client->lock);
    while (!client->keepaliveStop && !client->dead) {
        gint64 due = client->lastFrame + (gint64)client->interval * G_USEC_PER_SEC;

        if (g_get_monotonic_time() < due) {
            g_cond_wait_until(&client->keepaliveCond, &client->lock, due);
            continue;
        }
        if (client->unanswered >= client->count) {
            virErrorPtr err = NULL;

            g_mutex_unlock(&client->lock);
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "connection closed due to keepalive timeout");
            virErrorPreserveLast(&err);
            virNetClientMarkDead(client, err);
            virResetLastError();
            return NULL;
        }
        client->unanswered++;
        client->lastFrame = g_get_monotonic_time();   /* the next ping: an interval on */
        g_mutex_unlock(&client->lock);
        if (virNetClientSendKeepAlive(client, VIR_NET_KEEPALIVE_PING) < 0)
            virResetLastError();   /* the reader sees the broken socket */
        g_mutex_lock(&client->lock);
    }
    g_mutex_unlock(&client->lock);
    return NULL;
}


static void
virNetClientStopKeepAlive(virNetClient *client)
{
    GThread *thread;

    g_mutex_lock(&client->lock);
    client->keepaliveStop = true;
    g_cond_broadcast(&client->keepaliveCond);
    thread = g_steal_pointer(&client->keepalive);
    g_mutex_unlock(&client->lock);
    if (thread)
        g_thread_join(thread);
}


void
virNetClientSetKeepAlive(virNetClient *client, int interval, unsigned int count)
{
    virNetClientStopKeepAlive(client);
    if (interval <= 0)
        return;
    g_mutex_lock(&client->lock);
    client->keepaliveStop = false;
    client->interval = interval;
    client->count = count;
    client->unanswered = 0;
    client->lastFrame = g_get_monotonic_time();
    client->keepalive = g_thread_new("rpc-keepalive", virNetClientKeepAliveRun, client);
    g_mutex_unlock(&client->lock);
}


virNetClient *
virNetClientNew(virNetSocket *sock)
{
    virNetClient *client = g_new0(virNetClient, 1);

    g_mutex_init(&client->callLock);
    g_mutex_init(&client->lock);
    g_cond_init(&client->cond);
    g_cond_init(&client->keepaliveCond);
    client->sock = sock;
    client->reader = g_thread_new("rpc-client-reader", virNetClientReaderRun, client);
    return client;
}


virNetClient *
virNetClientNewUNIX(const char *path)
{
    virNetSocket *sock = virNetSocketConnectUNIX(path);

    return sock ? virNetClientNew(sock) : NULL;
}


void
virNetClientFree(virNetClient *client)
{
    if (!client)
        return;
    virNetClientStopKeepAlive(client);
    virNetSocketShutdown(client->sock);
    g_thread_join(client->reader);
    virNetSocketFree(client->sock);
    if (client->deadError)
        virFreeError(client->deadError);
    if (client->reply)
        g_byte_array_unref(client->reply);
    g_mutex_clear(&client->callLock);
    g_mutex_clear(&client->lock);
    g_cond_clear(&client->cond);
    g_cond_clear(&client->keepaliveCond);
    g_free(client);
}


void
virNetClientSetMessageHandler(virNetClient *client, virNetClientMessageFunc func,
                              void *opaque)
{
    g_mutex_lock(&client->lock);
    client->onMessage = func;
    client->onMessageOpaque = opaque;
    g_mutex_unlock(&client->lock);
}


bool
virNetClientIsOpen(virNetClient *client)
{
    return !g_atomic_int_get(&client->dead);
}


/* The reply to our call: its result into @ret, or the server's error. */
static int
virNetClientHandleReply(const virNetMessageHeader *hdr, int proc, const GByteArray *payload,
                        const char *retSig, virNetValue *ret)
{
    if (hdr->proc != proc) {
        virReportError(VIR_ERR_RPC, "reply to the call of procedure %d is for procedure %d",
                       proc, hdr->proc);
        return -1;
    }
    switch (hdr->status) {
    case VIR_NET_OK:
        return virNetDecode(payload->data, payload->len, retSig, ret);
    case VIR_NET_ERROR:
        virNetMessageRaiseError(payload->data, payload->len);
        return -1;
    default:
        virReportError(VIR_ERR_RPC, "reply to procedure %d has unexpected status %d",
                       proc, hdr->status);
        return -1;
    }
}


/* Waits for the reader to bring the reply to the call registered as
 * awaited (with client->lock held, which it returns with): the reply's
 * payload, or NULL after reporting why the connection died. */
static GByteArray *
virNetClientAwaitReply(virNetClient *client, int proc, virNetMessageHeader *hdr)
{
    GByteArray *reply;

    while (!client->reply && !client->dead)
        g_cond_wait(&client->cond, &client->lock);
    client->waiting = false;
    if ((reply = g_steal_pointer(&client->reply))) {
        *hdr = client->replyHdr;
        return reply;
    }
    if (client->deadError)
        virErrorRestore(&client->deadError);
    else
        virReportError(VIR_ERR_RPC,
                       "the daemon closed the connection before replying to procedure %d",
                       proc);
    return NULL;
}


int
virNetClientCall(virNetClient *client, guint32 prog, int proc,
                 const char *argsSig, const virNetValue *args,
                 const char *retSig, virNetValue *ret)
{
    virNetMessageHeader hdr = {
        prog, VIR_NET_PROGRAM_VERSION, proc, VIR_NET_CALL, 0, VIR_NET_OK,
    };
    virNetMessageHeader replyHdr;
    g_autoptr(GByteArray) msg = NULL;
    g_autoptr(GByteArray) reply = NULL;
    int rc = -1;

    g_mutex_lock(&client->callLock);
    if (g_atomic_int_get(&client->dead)) {
        virReportError(VIR_ERR_RPC, "%s", "the connection to the daemon is closed");
        goto cleanup;
    }
    hdr.serial = client->serial++;
    msg = virNetMessageNew(&hdr);
    if (virNetEncode(msg, argsSig, args) < 0 || virNetMessageFinish(msg) < 0)
        goto cleanup;   /* nothing sent: the connection is fine */

    g_mutex_lock(&client->lock);
    client->waiting = true;
    client->waitProg = prog;
    client->waitSerial = hdr.serial;
    g_mutex_unlock(&client->lock);

    if (virNetSocketWriteMessage(client->sock, msg) < 0) {
        /* Part of a frame may be out: nothing later can be trusted. */
        g_mutex_lock(&client->lock);
        client->waiting = false;
        g_mutex_unlock(&client->lock);
        virNetClientMarkDead(client, NULL);
        goto cleanup;
    }

    g_mutex_lock(&client->lock);
    reply = virNetClientAwaitReply(client, proc, &replyHdr);
    g_mutex_unlock(&client->lock);
    if (reply)
        rc = virNetClientHandleReply(&replyHdr, proc, reply, retSig, ret);

 cleanup:
    g_mutex_unlock(&client->callLock);
    return rc;
}
