/*
 * virnetclient.c: the client end of one RPC connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virnetclient.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_RPC

VIR_LOG_INIT("rpc.netclient");

struct _virNetClient {
    GMutex lock;            /* held for the whole of a call */
    virNetSocket *sock;
    guint32 serial;         /* the next call's (under lock) */
    gint dead;              /* atomic: 1 once the connection is unusable */
};


virNetClient *
virNetClientNew(virNetSocket *sock)
{
    virNetClient *client = g_new0(virNetClient, 1);

    g_mutex_init(&client->lock);
    client->sock = sock;
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
    virNetSocketFree(client->sock);
    g_mutex_clear(&client->lock);
    g_free(client);
}


bool
virNetClientIsOpen(virNetClient *client)
{
    return !g_atomic_int_get(&client->dead);
}


/* The stream can no longer be trusted (a frame was lost or cut): no
 * further call may use it.  Shutting it down also makes the peer see
 * the end at once. */
static void
virNetClientMarkDead(virNetClient *client)
{
    g_atomic_int_set(&client->dead, 1);
    virNetSocketShutdown(client->sock);
}


static int
virNetClientSendPong(virNetClient *client)
{
    virNetMessageHeader hdr = {
        VIR_NET_PROGRAM_KEEPALIVE, VIR_NET_PROGRAM_VERSION, VIR_NET_KEEPALIVE_PONG,
        VIR_NET_MESSAGE, 0, VIR_NET_OK,
    };
    g_autoptr(GByteArray) msg = virNetMessageNew(&hdr);

    if (virNetMessageFinish(msg) < 0)
        return -1;
    return virNetSocketWriteMessage(client->sock, msg);
}


/* A frame that is not the awaited reply: answer keepalive pings, drop
 * the rest (events are not dispatched yet).  -1 if answering failed. */
static int
virNetClientHandleOther(virNetClient *client, const virNetMessageHeader *hdr)
{
    if (hdr->prog == VIR_NET_PROGRAM_KEEPALIVE && hdr->type == VIR_NET_MESSAGE) {
        if (hdr->proc == VIR_NET_KEEPALIVE_PING)
            return virNetClientSendPong(client);
        return 0;   /* a PONG: we never ping, nothing to do */
    }
    VIR_DEBUG("dropping frame prog=0x%x proc=%d type=%d serial=%u",
              hdr->prog, hdr->proc, hdr->type, hdr->serial);
    return 0;
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


/* Reads frames until the reply to call @serial of @prog/@proc.  Returns
 * 0, -1 when the call failed with the stream still in step, or -2 when
 * the stream itself failed. */
static int
virNetClientAwaitReply(virNetClient *client, guint32 prog, int proc, guint32 serial,
                       const char *retSig, virNetValue *ret)
{
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;
        int rc = virNetSocketReadMessage(client->sock, &hdr, &payload);

        if (rc == 0) {
            virReportError(VIR_ERR_RPC,
                           "the daemon closed the connection before replying to procedure %d",
                           proc);
            return -2;
        }
        if (rc < 0)
            return -2;
        if (hdr.prog == prog && hdr.type == VIR_NET_REPLY && hdr.serial == serial)
            return virNetClientHandleReply(&hdr, proc, payload, retSig, ret);
        if (virNetClientHandleOther(client, &hdr) < 0)
            return -2;
    }
}


int
virNetClientCall(virNetClient *client, guint32 prog, int proc,
                 const char *argsSig, const virNetValue *args,
                 const char *retSig, virNetValue *ret)
{
    virNetMessageHeader hdr = {
        prog, VIR_NET_PROGRAM_VERSION, proc, VIR_NET_CALL, 0, VIR_NET_OK,
    };
    g_autoptr(GByteArray) msg = NULL;
    int rc = -1;

    g_mutex_lock(&client->lock);
    if (g_atomic_int_get(&client->dead)) {
        virReportError(VIR_ERR_RPC, "%s", "the connection to the daemon is closed");
        goto cleanup;
    }
    hdr.serial = client->serial++;
    msg = virNetMessageNew(&hdr);
    if (virNetEncode(msg, argsSig, args) < 0 || virNetMessageFinish(msg) < 0)
        goto cleanup;   /* nothing sent: the connection is fine */
    if (virNetSocketWriteMessage(client->sock, msg) < 0)
        rc = -2;
    else
        rc = virNetClientAwaitReply(client, prog, proc, hdr.serial, retSig, ret);
    if (rc == -2) {
        /* A frame was lost or cut short: nothing later can be trusted. */
        virNetClientMarkDead(client);
        rc = -1;
    }

 cleanup:
    g_mutex_unlock(&client->lock);
    return rc;
}
