/*
 * virnetmessage.h: frames of libvirt's RPC protocol and the sockets
 * that carry them
 *
 * A frame is a 4-byte length (counting itself), a 24-byte header and a
 * payload (see ../shared/reference/wire-qmp-qemuimg-facts.md, A.1-A.5).
 * A virNetSocket reads and writes whole frames on a connected stream
 * socket; writes are serialised, so replies and events from different
 * threads never interleave.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <gnutls/gnutls.h>

#define VIR_NET_PROGRAM_REMOTE 0x20008086
#define VIR_NET_PROGRAM_QEMU 0x20008087
#define VIR_NET_PROGRAM_KEEPALIVE 0x6b656570
#define VIR_NET_PROGRAM_SNAPVIRT 0x736e6170   /* "snap": snapvirt's own */
#define VIR_NET_PROGRAM_VERSION 1

#define VIR_NET_MESSAGE_HEADER_LEN 24
#define VIR_NET_MESSAGE_MAX 33554432     /* header + payload */

#define VIR_NET_KEEPALIVE_PING 1
#define VIR_NET_KEEPALIVE_PONG 2

typedef enum {
    VIR_NET_CALL = 0,
    VIR_NET_REPLY = 1,
    VIR_NET_MESSAGE = 2,
    VIR_NET_STREAM = 3,
    VIR_NET_CALL_WITH_FDS = 4,
    VIR_NET_REPLY_WITH_FDS = 5,
    VIR_NET_STREAM_HOLE = 6,
} virNetMessageType;

typedef enum {
    VIR_NET_OK = 0,
    VIR_NET_ERROR = 1,
    VIR_NET_CONTINUE = 2,
} virNetMessageStatus;

typedef struct {
    guint32 prog;
    guint32 vers;
    gint32 proc;
    gint32 type;                 /* virNetMessageType */
    guint32 serial;
    gint32 status;               /* virNetMessageStatus */
} virNetMessageHeader;

/* A new frame holding @hdr, ready for the payload to be appended. */
GByteArray *virNetMessageNew(const virNetMessageHeader *hdr);
/* Writes the length word of @msg; -1 (VIR_ERR_RPC) if it is too big. */
int virNetMessageFinish(GByteArray *msg);
/* Reads the header of a frame whose length word is stripped. */
int virNetMessageDecodeHeader(const guint8 *data, size_t len, virNetMessageHeader *hdr);

/* The payload of an error reply made from the thread's last error. */
void virNetMessageEncodeError(GByteArray *msg);
/* Raises the error in @payload as the thread's last error, with
 * "unknown procedure" errors turned into VIR_ERR_NO_SUPPORT (as libvirt's
 * client does, so that callers' fallbacks work). */
void virNetMessageRaiseError(const guint8 *payload, size_t len);


typedef struct _virNetSocket virNetSocket;

/* Takes over @fd, a connected stream socket. */
virNetSocket *virNetSocketNew(int fd);
void virNetSocketFree(virNetSocket *sock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetSocket, virNetSocketFree)
/* Connects to the UNIX socket at @path (VIR_ERR_SYSTEM_ERROR naming it). */
virNetSocket *virNetSocketConnectUNIX(const char *path);
/* Connects to TCP @port of @host (a name or an address; each address it
 * resolves to is tried in turn): VIR_ERR_SYSTEM_ERROR naming host and
 * port when none answers. */
virNetSocket *virNetSocketConnectTCP(const char *host, int port);
int virNetSocketFD(virNetSocket *sock);
/* From now on the socket speaks through @session (taken over). */
void virNetSocketSetTLS(virNetSocket *sock, gnutls_session_t session);
/* Shuts the socket down both ways: a reader blocked in it returns. */
void virNetSocketShutdown(virNetSocket *sock);

/* Reads one frame: its header and payload (without the header).
 * Returns 1, 0 at a clean end of stream before a frame, or -1 (reported:
 * a broken frame or a read error). */
int virNetSocketReadMessage(virNetSocket *sock, virNetMessageHeader *hdr,
                            GByteArray **payload);
/* Writes a finished frame whole (serialised with other writers). */
int virNetSocketWriteMessage(virNetSocket *sock, GByteArray *msg);
