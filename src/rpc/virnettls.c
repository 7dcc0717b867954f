/*
 * virnettls.c: x509 TLS for the remote protocol (gnutls)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <unistd.h>
#include <glib.h>
#include <gnutls/x509.h>

#include "virnettls.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_RPC

VIR_LOG_INIT("rpc.tls");

struct _virNetTLSContext {
    gnutls_certificate_credentials_t creds;
    bool server;
    char **allowedDNs;           /* NULL: any client the CA signed */
    bool noVerify;               /* client: do not check the server's certificate */
};


/* Loads the CA (and its CRL when @crl exists), the certificate and its key. */
static int
virNetTLSLoadFiles(virNetTLSContext *ctx, const char *ca, const char *crl,
                   const char *cert, const char *key)
{
    int rc;

    if ((rc = gnutls_certificate_allocate_credentials(&ctx->creds)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot allocate TLS credentials: %s",
                       gnutls_strerror(rc));
        return -1;
    }
    if ((rc = gnutls_certificate_set_x509_trust_file(ctx->creds, ca,
                                                     GNUTLS_X509_FMT_PEM)) <= 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to set x509 CA certificate: %s: %s",
                       ca, rc < 0 ? gnutls_strerror(rc) : "no certificate in it");
        return -1;
    }
    if (crl && g_file_test(crl, G_FILE_TEST_EXISTS) &&
        (rc = gnutls_certificate_set_x509_crl_file(ctx->creds, crl,
                                                   GNUTLS_X509_FMT_PEM)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to set x509 CRL: %s: %s", crl,
                       gnutls_strerror(rc));
        return -1;
    }
    if ((rc = gnutls_certificate_set_x509_key_file(ctx->creds, cert, key,
                                                   GNUTLS_X509_FMT_PEM)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Unable to set x509 key and certificate: %s, %s: %s", key, cert,
                       gnutls_strerror(rc));
        return -1;
    }
    return 0;
}


static int
virNetTLSLoad(virNetTLSContext *ctx, const char *pkidir, const char *role)
{
    g_autofree char *ca = g_build_filename(pkidir, "cacert.pem", NULL);
    g_autofree char *crl = g_build_filename(pkidir, "cacrl.pem", NULL);
    g_autofree char *certName = g_strdup_printf("%scert.pem", role);
    g_autofree char *keyName = g_strdup_printf("%skey.pem", role);
    g_autofree char *cert = g_build_filename(pkidir, certName, NULL);
    g_autofree char *key = g_build_filename(pkidir, keyName, NULL);

    return virNetTLSLoadFiles(ctx, ca, crl, cert, key);
}


virNetTLSContext *
virNetTLSContextNewServer(const char *pkidir, const char *const *allowedDNs)
{
    virNetTLSContext *ctx = g_new0(virNetTLSContext, 1);

    ctx->server = true;
    ctx->allowedDNs = allowedDNs ? g_strdupv((char **)allowedDNs) : NULL;
    if (virNetTLSLoad(ctx, pkidir, "server") < 0) {
        virNetTLSContextFree(ctx);
        return NULL;
    }
    return ctx;
}


virNetTLSContext *
virNetTLSContextNewClient(const char *pkidir)
{
    virNetTLSContext *ctx = g_new0(virNetTLSContext, 1);

    if (virNetTLSLoad(ctx, pkidir, "client") < 0) {
        virNetTLSContextFree(ctx);
        return NULL;
    }
    return ctx;
}


virNetTLSContext *
virNetTLSContextNewClientFiles(const char *ca, const char *crl, const char *cert,
                               const char *key)
{
    virNetTLSContext *ctx = g_new0(virNetTLSContext, 1);

    if (virNetTLSLoadFiles(ctx, ca, crl, cert, key) < 0) {
        virNetTLSContextFree(ctx);
        return NULL;
    }
    return ctx;
}


void
virNetTLSContextSetNoVerify(virNetTLSContext *ctx)
{
    ctx->noVerify = true;
}


void
virNetTLSContextFree(virNetTLSContext *ctx)
{
    if (!ctx)
        return;
    if (ctx->creds)
        gnutls_certificate_free_credentials(ctx->creds);
    g_strfreev(ctx->allowedDNs);
    g_free(ctx);
}


/* The DN of the peer's certificate, if it is on the allow-list. */
static int
virNetTLSCheckDN(virNetTLSContext *ctx, gnutls_session_t session)
{
    const gnutls_datum_t *certs;
    unsigned int n = 0;
    gnutls_x509_crt_t crt = NULL;
    char dn[1024];
    size_t len = sizeof(dn);
    int ret = -1;

    if (!(certs = gnutls_certificate_get_peers(session, &n)) || n == 0) {
        virReportError(VIR_ERR_AUTH_FAILED, "%s", "the peer sent no certificate");
        return -1;
    }
    if (gnutls_x509_crt_init(&crt) < 0 ||
        gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) < 0 ||
        gnutls_x509_crt_get_dn(crt, dn, &len) < 0) {
        virReportError(VIR_ERR_AUTH_FAILED, "%s", "cannot read the peer's certificate");
        goto cleanup;
    }
    for (size_t i = 0; ctx->allowedDNs[i]; i++) {
        if (g_pattern_match_simple(ctx->allowedDNs[i], dn)) {
            ret = 0;
            goto cleanup;
        }
    }
    virReportError(VIR_ERR_AUTH_FAILED,
                   "Client's Distinguished Name is not on the list of allowed clients: '%s'",
                   dn);
 cleanup:
    if (crt)
        gnutls_x509_crt_deinit(crt);
    return ret;
}


/* Checks the peer's certificate chain (and a server's host name). */
static int
virNetTLSVerify(virNetTLSContext *ctx, gnutls_session_t session, const char *hostname)
{
    unsigned int status = 0;
    int rc = hostname ? gnutls_certificate_verify_peers3(session, hostname, &status)
                      : gnutls_certificate_verify_peers2(session, &status);

    if (rc < 0 || status != 0) {
        gnutls_datum_t why = { NULL, 0 };

        if (rc >= 0)
            gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &why, 0);
        virReportError(VIR_ERR_AUTH_FAILED, "The %s certificate is not trusted: %s",
                       ctx->server ? "client" : "server",
                       rc < 0 ? gnutls_strerror(rc) : (const char *)why.data);
        gnutls_free(why.data);
        return -1;
    }
    return ctx->server && ctx->allowedDNs ? virNetTLSCheckDN(ctx, session) : 0;
}


gnutls_session_t
virNetTLSSessionNew(virNetTLSContext *ctx, int fd, const char *hostname)
{
    gnutls_session_t session = NULL;
    unsigned char confirm = 1;
    int rc;

    /* A peer gone away must fail a write, not raise SIGPIPE (as the
     * plain sockets' MSG_NOSIGNAL). */
    if ((rc = gnutls_init(&session, (ctx->server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
                                    GNUTLS_NO_SIGNAL)) < 0 ||
        (rc = gnutls_set_default_priority(session)) < 0 ||
        (rc = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, ctx->creds)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot set up a TLS session: %s",
                       gnutls_strerror(rc));
        goto error;
    }
    if (ctx->server)
        gnutls_certificate_server_set_request(session, GNUTLS_CERT_REQUIRE);
    else if (hostname)
        gnutls_server_name_set(session, GNUTLS_NAME_DNS, hostname, strlen(hostname));
    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, 30 * 1000);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0) {
        virReportError(VIR_ERR_AUTH_FAILED, "TLS handshake failed: %s", gnutls_strerror(rc));
        goto error;
    }
    if (!ctx->noVerify && virNetTLSVerify(ctx, session, ctx->server ? NULL : hostname) < 0)
        goto error;
    if (ctx->server) {
        if (gnutls_record_send(session, &confirm, 1) != 1) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "%s", "cannot confirm the TLS session");
            goto error;
        }
    } else if (gnutls_record_recv(session, &confirm, 1) != 1 || confirm != 1) {
        virReportError(VIR_ERR_AUTH_FAILED, "%s",
                       "Unable to read TLS confirmation: the server refused us");
        goto error;
    }
    return session;

 error:
    if (session)
        gnutls_deinit(session);
    return NULL;
}
