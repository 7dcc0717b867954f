/*
 * remote_transport.c: where the remote driver connects, and how
 *
 *   DRIVER+unix:///PATH[?socket=S]   a UNIX socket (remote_uri.c finds it)
 *   DRIVER+tcp://[HOST][:PORT]/PATH  plain TCP, port 16509 by default
 *   DRIVER+tls://[HOST][:PORT]/PATH  x509 TLS over TCP, port 16514
 *
 * HOST defaults to localhost.  TLS takes the CA, the client certificate
 * and its key from ?pkipath=DIR (cacert.pem, cacrl.pem if present,
 * clientcert.pem, clientkey.pem), else from libvirt's default places:
 * for root /etc/pki/CA/cacert.pem (and cacrl.pem),
 * /etc/pki/libvirt/clientcert.pem and
 * /etc/pki/libvirt/private/clientkey.pem; for anyone else the same
 * names under $HOME/.pki/libvirt/ where they exist (the CA and the CRL
 * each on its own, the certificate and key only as a pair), else the
 * system ones (reference D.3).  The server's certificate must be signed
 * by the CA and name HOST, unless ?no_verify=1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include "remote_driver_impl.h"
#include "remote_uri.h"
#include "virnettls.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

VIR_LOG_INIT("rpc.remote_transport");

#define REMOTE_TCP_PORT 16509
#define REMOTE_TLS_PORT 16514

#define REMOTE_PKI_CA_DIR "/etc/pki/CA"
#define REMOTE_PKI_DIR "/etc/pki/libvirt"


static virNetClient *
remoteTransportUNIX(virConnectPtr conn, unsigned int flags)
{
    g_autofree char *path = NULL;

    if (conn->uri->server && *conn->uri->server) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "URI '%s' names host '%s', but the unix transport only reaches "
                       "this host", conn->uri->text, conn->uri->server);
        return NULL;
    }
    if (!(path = remoteURISocketPath(conn->uri, flags & VIR_CONNECT_RO)))
        return NULL;
    VIR_DEBUG("socket=%s", path);
    return virNetClientNewUNIX(path);
}


/* The client's TLS files: see the top of the file. */
typedef struct {
    char *ca, *crl, *cert, *key;
} remoteTLSFiles;

static void
remoteTLSFilesClear(remoteTLSFiles *f)
{
    g_free(f->ca);
    g_free(f->crl);
    g_free(f->cert);
    g_free(f->key);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(remoteTLSFiles, remoteTLSFilesClear)


/* @user/@name if it exists, else @fallback (a new string). */
static char *
remoteTLSPick(const char *user, const char *name, const char *fallback)
{
    g_autofree char *path = user ? g_build_filename(user, name, NULL) : NULL;

    if (path && g_file_test(path, G_FILE_TEST_EXISTS))
        return g_steal_pointer(&path);
    return g_strdup(fallback);
}


static void
remoteTLSLocate(const virURI *uri, remoteTLSFiles *f)
{
    const char *pkipath = virURIGetParam(uri, "pkipath");
    g_autofree char *user = NULL;
    g_autofree char *userCert = NULL;
    g_autofree char *userKey = NULL;

    if (pkipath && *pkipath) {
        f->ca = g_build_filename(pkipath, "cacert.pem", NULL);
        f->crl = g_build_filename(pkipath, "cacrl.pem", NULL);
        f->cert = g_build_filename(pkipath, "clientcert.pem", NULL);
        f->key = g_build_filename(pkipath, "clientkey.pem", NULL);
        return;
    }
    if (geteuid() != 0) {
        const char *home = g_getenv("HOME");

        user = g_build_filename(home && *home ? home : g_get_home_dir(),
                                ".pki", "libvirt", NULL);
    }
    f->ca = remoteTLSPick(user, "cacert.pem", REMOTE_PKI_CA_DIR "/cacert.pem");
    f->crl = remoteTLSPick(user, "cacrl.pem", REMOTE_PKI_CA_DIR "/cacrl.pem");
    if (user) {
        userCert = g_build_filename(user, "clientcert.pem", NULL);
        userKey = g_build_filename(user, "clientkey.pem", NULL);
    }
    if (userCert && g_file_test(userCert, G_FILE_TEST_EXISTS) &&
        g_file_test(userKey, G_FILE_TEST_EXISTS)) {
        f->cert = g_steal_pointer(&userCert);
        f->key = g_steal_pointer(&userKey);
    } else {
        f->cert = g_strdup(REMOTE_PKI_DIR "/clientcert.pem");
        f->key = g_strdup(REMOTE_PKI_DIR "/private/clientkey.pem");
    }
}


/* Whether the URI parameter @name is set to something true ("1"). */
static bool
remoteURIFlag(const virURI *uri, const char *name)
{
    const char *v = virURIGetParam(uri, name);

    return v && *v && STRNEQ(v, "0");
}


/* Speaks TLS over the connected @sock to @host (priv keeps the context,
 * which the session uses to its end). */
static int
remoteTransportTLS(virConnectPtr conn, remotePrivate *priv, virNetSocket *sock,
                   const char *host)
{
    g_auto(remoteTLSFiles) files = { 0 };
    gnutls_session_t session;

    remoteTLSLocate(conn->uri, &files);
    VIR_DEBUG("TLS: ca=%s cert=%s key=%s", files.ca, files.cert, files.key);
    if (!(priv->tls = virNetTLSContextNewClientFiles(files.ca, files.crl, files.cert,
                                                     files.key)))
        return -1;
    if (remoteURIFlag(conn->uri, "no_verify"))
        virNetTLSContextSetNoVerify(priv->tls);
    if (!(session = virNetTLSSessionNew(priv->tls, virNetSocketFD(sock), host)))
        return -1;
    virNetSocketSetTLS(sock, session);
    return 0;
}


virNetClient *
remoteTransportConnect(virConnectPtr conn, remotePrivate *priv, const char *transport,
                       unsigned int flags)
{
    const char *host = conn->uri->server && *conn->uri->server ? conn->uri->server
                                                               : "localhost";
    bool tls = STREQ(transport, "tls");
    g_autoptr(virNetSocket) sock = NULL;

    if (STREQ(transport, "unix")) {
        priv->secure = true;
        return remoteTransportUNIX(conn, flags);
    }
    if (!tls && STRNEQ(transport, "tcp")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "transport '%s' of URI '%s' is not supported (unix, tcp or tls)",
                       transport, conn->uri->text);
        return NULL;
    }
    if (!(sock = virNetSocketConnectTCP(host, conn->uri->port > 0 ? conn->uri->port :
                                        tls ? REMOTE_TLS_PORT : REMOTE_TCP_PORT)))
        return NULL;
    if (tls && remoteTransportTLS(conn, priv, sock, host) < 0)
        return NULL;
    priv->secure = priv->encrypted = tls;
    return virNetClientNew(g_steal_pointer(&sock));
}
