/*
 * remote_call.h: the generic call of the remote driver
 *
 * One function calls any procedure of the table (remote_protocol.c) on a
 * remote connection: the C arguments follow in the order of the
 * procedure's argument signature, are converted by the signature itself
 * and sent; the reply is decoded by the return signature.  Helpers give
 * the reply the shape a driver method returns (nothing, an int, a string,
 * a new handle, a list of names or handles), so each method of
 * remote_driver.c is a line or two.
 *
 * Arguments by signature letter: i int, u unsigned int, H unsigned long
 * long (cast a bandwidth in unsigned long to it), s and S const char *
 * (S may be NULL), U const unsigned char * (16 bytes), D virDomainPtr,
 * O virDomainPtr or NULL, N virDomainSnapshotPtr, P virStoragePoolPtr,
 * V virStorageVolPtr, T two arguments: virTypedParameterPtr and int
 * (their number).
 *
 * Every function that can fail returns -1 (NULL) with an error reported:
 * the daemon's own (code, domain and message as it sent them) or
 * VIR_ERR_RPC / VIR_ERR_SYSTEM_ERROR for a broken connection.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "datatypes.h"
#include "remote_protocol.h"
#include "virnetclient.h"
#include "virnettls.h"

/* The most values a signature of the table has (NODE_GET_INFO: 8). */
#define REMOTE_VALUES_MAX 8

typedef struct _remoteEvents remoteEvents;

/* conn->privateData of a remote connection. */
typedef struct {
    virNetClient *client;
    char *type;            /* CONNECT_GET_TYPE's answer, fetched once: the
                            * caller of virConnectGetType borrows it for
                            * the life of the connection */
    bool secure;           /* the transport is: UNIX socket or TLS */
    bool encrypted;        /* TLS */
    virNetTLSContext *tls; /* the TLS session's credentials, or NULL */
    remoteEvents *events;  /* remote_driver_events.c */
    gint volSnapshots;     /* the daemon serves snapvirt's program: 1 yes,
                            * 0 no, -1 not asked yet (atomic) */
} remotePrivate;

/* Frees the connection's state and closes its socket; accepts NULL. */
void remotePrivateFree(remotePrivate *priv);

/* The decoded reply of one call: values of the procedure's return
 * signature (use g_auto(remoteReply) reply = { 0 }). */
typedef struct {
    const char *sig;                    /* its signature, once sent */
    virNetValue v[REMOTE_VALUES_MAX];
} remoteReply;

void remoteReplyClear(remoteReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(remoteReply, remoteReplyClear)

/* Calls @proc with @args (values of its argument signature); on success
 * @ret (REMOTE_VALUES_MAX zeroed values, cleared by the caller in any
 * case) holds the values of its return signature.  0 or -1. */
int remoteCall(virConnectPtr conn, int proc, const virNetValue *args, virNetValue *ret);

/* The same with the C arguments that follow; the reply in @reply. */
int remoteCallArgs(virConnectPtr conn, int proc, remoteReply *reply, ...);

/* Calls whose reply is nothing (0), one int (it), one string (the
 * caller's), a domain or a snapshot (a new handle on @conn). */
int remoteVoid(virConnectPtr conn, int proc, ...);
int remoteInt(virConnectPtr conn, int proc, ...);
char *remoteString(virConnectPtr conn, int proc, ...);
virDomainPtr remoteDomain(virConnectPtr conn, int proc, ...);
virDomainSnapshotPtr remoteSnapshot(virConnectPtr conn, int proc, ...);
virStoragePoolPtr remotePool(virConnectPtr conn, int proc, ...);
virStorageVolPtr remoteVol(virConnectPtr conn, int proc, ...);

/* -1 (VIR_ERR_RPC) when a caller's room for @max @what is more than the
 * protocol carries in one list. */
int remoteCheckListMax(int max, const char *what);

/* The reply's list of names (its first value) moved into @names, which
 * has room for @max of them: their number, or -1 if the daemon sent more. */
int remoteNamesCopy(remoteReply *reply, char **names, int max, const char *what);

/* Calls @proc (maxnames) -> names, a connection's list of @what. */
int remoteListNames(virConnectPtr conn, int proc, char **names, int maxnames,
                    const char *what);

/* Makes a new handle on @conn from a wire value. */
typedef void *(*remoteHandleFunc)(virConnectPtr conn, const virNetValue *v);
void *remoteDomainHandle(virConnectPtr conn, const virNetValue *v);
void *remoteSnapshotHandle(virConnectPtr conn, const virNetValue *v);
void *remotePoolHandle(virConnectPtr conn, const virNetValue *v);
void *remoteVolHandle(virConnectPtr conn, const virNetValue *v);

/* A LIST_ALL_* reply (a list of handles, then the count): the count,
 * with, when @handles is given, a new NULL-terminated array of new
 * handles made by @make. */
int remoteHandlesCopy(virConnectPtr conn, remoteReply *reply, void ***handles,
                      remoteHandleFunc make);

/* A string of the daemon's (NULL: "") into a caller's buffer of @size
 * bytes; -1 (VIR_ERR_RPC naming @what) if it does not fit. */
int remoteCopyChars(char *dst, size_t size, const char *src, const char *what);
