/*
 * virnetmessage.c: frames of libvirt's RPC protocol and their sockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include "virnetmessage.h"
#include "virnetxdr.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* remote_error: code, domain, message, level, dom, str1, str2, str3,
 * int1, int2, net */
#define VIR_NET_ERROR_SIG "iiSiOSSSiiW"


GByteArray *
virNetMessageNew(const virNetMessageHeader *hdr)
{
    GByteArray *msg = g_byte_array_sized_new(256);
    virNetValue v[7] = {
        { .u = 0 },                  /* length, written by Finish */
        { .u = hdr->prog }, { .u = hdr->vers }, { .i = hdr->proc },
        { .i = hdr->type }, { .u = hdr->serial }, { .i = hdr->status },
    };

    virNetEncode(msg, "uuuiiui", v);
    return msg;
}


int
virNetMessageFinish(GByteArray *msg)
{
    guint32 be = GUINT32_TO_BE(msg->len);

    if (msg->len - 4 > VIR_NET_MESSAGE_MAX) {
        virReportError(VIR_ERR_RPC, "message of %u bytes is longer than the protocol allows",
                       msg->len - 4);
        return -1;
    }
    memcpy(msg->data, &be, 4);
    return 0;
}


int
virNetMessageDecodeHeader(const guint8 *data, size_t len, virNetMessageHeader *hdr)
{
    virNetValue v[6] = { { .u = 0 } };

    if (len < VIR_NET_MESSAGE_HEADER_LEN ||
        virNetDecode(data, VIR_NET_MESSAGE_HEADER_LEN, "uuiiui", v) < 0) {
        virReportError(VIR_ERR_RPC, "%s", "Unable to decode message header");
        return -1;
    }
    hdr->prog = v[0].u;
    hdr->vers = v[1].u;
    hdr->proc = v[2].i;
    hdr->type = v[3].i;
    hdr->serial = v[4].u;
    hdr->status = v[5].i;
    return 0;
}


void
virNetMessageEncodeError(GByteArray *msg)
{
    const virError *err;
    virNetValue v[11] = { { .u = 0 } };

    virErrorEnsureSet();
    err = virErrorPeek();
    v[0].i = err->code;
    v[1].i = err->domain;
    v[2].s = err->message;
    v[3].i = err->level;
    v[5].s = err->str1;
    v[6].s = err->str2;
    v[7].s = err->str3;
    v[8].i = err->int1;
    v[9].i = err->int2;
    virNetEncode(msg, VIR_NET_ERROR_SIG, v);
}


void
virNetMessageRaiseError(const guint8 *payload, size_t len)
{
    virNetValue v[11] = { { .u = 0 } };
    virError err = { 0 };

    if (virNetDecode(payload, len, VIR_NET_ERROR_SIG, v) < 0) {
        virNetValuesClear(VIR_NET_ERROR_SIG, v);
        return;   /* reported */
    }
    /* Everything the daemon said, so the error reads as it would there. */
    err.code = v[0].i;
    err.domain = v[1].i;
    err.message = v[2].s ? v[2].s : (char *)"unknown error";
    err.level = v[3].i;
    err.str1 = v[5].s;
    err.str2 = v[6].s;
    err.str3 = v[7].s;
    err.int1 = v[8].i;
    err.int2 = v[9].i;
    if ((err.domain == VIR_FROM_REMOTE || err.domain == VIR_FROM_RPC) &&
        err.code == VIR_ERR_RPC && g_str_has_prefix(err.message, "unknown procedure"))
        err.code = VIR_ERR_NO_SUPPORT;
    virErrorRaiseCopy(&err);
    virNetValuesClear(VIR_NET_ERROR_SIG, v);
}


/* ---- sockets ---- */

struct _virNetSocket {
    int fd;
    gnutls_session_t tls;        /* NULL: plain */
    GMutex writeLock;
};


virNetSocket *
virNetSocketNew(int fd)
{
    virNetSocket *sock = g_new0(virNetSocket, 1);

    sock->fd = fd;
    g_mutex_init(&sock->writeLock);
    return sock;
}


void
virNetSocketFree(virNetSocket *sock)
{
    if (!sock)
        return;
    if (sock->tls)
        gnutls_deinit(sock->tls);
    if (sock->fd >= 0)
        close(sock->fd);
    g_mutex_clear(&sock->writeLock);
    g_free(sock);
}


virNetSocket *
virNetSocketConnectUNIX(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INVALID_ARG, "socket path '%s' is too long", path);
        return NULL;
    }
    strcpy(addr.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        virReportSystemError(errno, "%s", "cannot create a UNIX socket");
        return NULL;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        virReportSystemError(errno, "Failed to connect socket to '%s'", path);
        close(fd);
        return NULL;
    }
    return virNetSocketNew(fd);
}


virNetSocket *
virNetSocketConnectTCP(const char *host, int port)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    g_autofree char *service = g_strdup_printf("%d", port);
    int err = 0;
    int rc;

    if ((rc = getaddrinfo(host, service, &hints, &ai)) != 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to resolve address '%s' service '%s': %s",
                       host, service, gai_strerror(rc));
        return NULL;
    }
    for (struct addrinfo *a = ai; a; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);

        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            int one = 1;

            freeaddrinfo(ai);
            /* Calls are small frames that wait for their reply. */
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            return virNetSocketNew(fd);
        }
        err = errno;
        close(fd);
    }
    freeaddrinfo(ai);
    virReportSystemError(err, "unable to connect to server at '%s:%d'", host, port);
    return NULL;
}


int
virNetSocketFD(virNetSocket *sock)
{
    return sock->fd;
}


void
virNetSocketSetTLS(virNetSocket *sock, gnutls_session_t session)
{
    sock->tls = session;
}


/* One read or write on the socket, plain or TLS: bytes, 0 at the end,
 * -1 with errno set. */
static ssize_t
virNetSocketIO(virNetSocket *sock, void *buf, size_t len, bool write)
{
    ssize_t n;

    if (!sock->tls) {
        return write ? send(sock->fd, buf, len, MSG_NOSIGNAL)
                     : read(sock->fd, buf, len);
    }
    do {
        n = write ? gnutls_record_send(sock->tls, buf, len)
                  : gnutls_record_recv(sock->tls, buf, len);
    } while (n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_AGAIN);
    if (n == GNUTLS_E_PREMATURE_TERMINATION)
        return 0;
    if (n < 0) {
        errno = EIO;
        return -1;
    }
    return n;
}


void
virNetSocketShutdown(virNetSocket *sock)
{
    shutdown(sock->fd, SHUT_RDWR);
}


/* Reads exactly @len bytes: 1, 0 at end of stream before any, -1. */
static int
virNetSocketReadFull(virNetSocket *sock, void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = virNetSocketIO(sock, (char *)buf + done, len - done, false);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "%s", "Cannot recv data");
            return -1;
        }
        if (n == 0) {
            if (done == 0)
                return 0;
            virReportError(VIR_ERR_RPC, "%s", "End of file while reading data");
            return -1;
        }
        done += n;
    }
    return 1;
}


int
virNetSocketReadMessage(virNetSocket *sock, virNetMessageHeader *hdr, GByteArray **payload)
{
    guint32 len;
    g_autoptr(GByteArray) body = NULL;
    int rc;

    if ((rc = virNetSocketReadFull(sock, &len, 4)) <= 0)
        return rc;
    len = GUINT32_FROM_BE(len);
    if (len < 4 + VIR_NET_MESSAGE_HEADER_LEN) {
        virReportError(VIR_ERR_RPC, "packet of %u bytes received is too small, want at least %d",
                       len, 4 + VIR_NET_MESSAGE_HEADER_LEN);
        return -1;
    }
    if (len > 4 + VIR_NET_MESSAGE_MAX) {
        virReportError(VIR_ERR_RPC, "packet of %u bytes received is too large, want at most %d",
                       len, 4 + VIR_NET_MESSAGE_MAX);
        return -1;
    }
    body = g_byte_array_sized_new(len - 4);
    g_byte_array_set_size(body, len - 4);
    if ((rc = virNetSocketReadFull(sock, body->data, body->len)) <= 0) {
        if (rc == 0)   /* the stream ended right after the length word */
            virReportError(VIR_ERR_RPC, "%s", "End of file while reading data");
        return -1;
    }
    if (virNetMessageDecodeHeader(body->data, body->len, hdr) < 0)
        return -1;
    g_byte_array_remove_range(body, 0, VIR_NET_MESSAGE_HEADER_LEN);
    *payload = g_steal_pointer(&body);
    return 1;
}


int
virNetSocketWriteMessage(virNetSocket *sock, GByteArray *msg)
{
    size_t done = 0;
    int ret = 0;

    g_mutex_lock(&sock->writeLock);
    while (done < msg->len) {
        ssize_t n = virNetSocketIO(sock, msg->data + done, msg->len - done, true);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "%s", "Cannot write data");
            ret = -1;
            break;
        }
        done += n;
    }
    g_mutex_unlock(&sock->writeLock);
    return ret;
}
