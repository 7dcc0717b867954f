/*
 * virnettls.h: x509 TLS for the remote protocol, as libvirt does it
 *
 * Both sides present certificates signed by one CA.  The server checks
 * the client's certificate (and, if given, its distinguished name against
 * an allow-list of glob patterns), then sends one byte, 1, inside TLS:
 * libvirt's clients wait for that byte before any RPC.  The client checks
 * the server's certificate and that it is issued for the host name it
 * dialled.  (Facts: ../shared/reference/wire-qmp-qemuimg-facts.md, D.3.)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <gnutls/gnutls.h>

typedef struct _virNetTLSContext virNetTLSContext;

/* Files of a PKI folder, libvirt's names:
 *   server: cacert.pem, servercert.pem, serverkey.pem
 *   client: cacert.pem, clientcert.pem, clientkey.pem
 * and cacrl.pem (either side, optional). */
virNetTLSContext *virNetTLSContextNewServer(const char *pkidir,
                                            const char *const *allowedDNs);
virNetTLSContext *virNetTLSContextNewClient(const char *pkidir);
/* A client's files named one by one (libvirt's default locations are
 * spread over /etc/pki/CA and /etc/pki/libvirt); @crl may be NULL or
 * missing. */
virNetTLSContext *virNetTLSContextNewClientFiles(const char *ca, const char *crl,
                                                 const char *cert, const char *key);
/* A client that does not check the server's certificate (URI parameter
 * no_verify=1): the handshake and the confirmation byte still happen. */
void virNetTLSContextSetNoVerify(virNetTLSContext *ctx);
void virNetTLSContextFree(virNetTLSContext *ctx);

/* Runs the handshake on connected socket @fd and checks the peer.  A
 * server then sends the confirmation byte; a client (with @hostname, the
 * name its certificate must carry) reads it.  Returns a session or NULL
 * (reported: VIR_ERR_AUTH_FAILED / VIR_ERR_SYSTEM_ERROR naming what was
 * wrong). */
gnutls_session_t virNetTLSSessionNew(virNetTLSContext *ctx, int fd, const char *hostname);
