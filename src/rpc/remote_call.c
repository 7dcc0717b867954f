/*
 * remote_call.c: the generic call of the remote driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>

#include "remote_driver_impl.h"
#include "virnethandle.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE


void
remotePrivateFree(remotePrivate *priv)
{
    if (!priv)
        return;
    virNetClientFree(priv->client);   /* first: stops its reader thread */
    remoteEventsFree(priv->events);
    virNetTLSContextFree(priv->tls);
    g_free(priv->type);
    g_free(priv);
}


/* ---- the generic call ---- */

void
remoteReplyClear(remoteReply *reply)
{
    if (reply->sig)
        virNetValuesClear(reply->sig, reply->v);
    reply->sig = NULL;
}


/* The table's entry for @proc. */
static const virNetProcedure *
remoteProcedure(int proc)
{
    const virNetProcedure *p = virNetRemoteProcedureFind(proc);

    /* Every procedure used here is in the table: a programming error if not. */
    g_assert(p);
    g_assert(virNetSignatureLength(p->args) <= REMOTE_VALUES_MAX &&
             virNetSignatureLength(p->ret) <= REMOTE_VALUES_MAX);
    return p;
}


int
remoteCall(virConnectPtr conn, int proc, const virNetValue *args, virNetValue *ret)
{
    remotePrivate *priv = conn->privateData;
    const virNetProcedure *p = remoteProcedure(proc);

    return virNetClientCall(priv->client, VIR_NET_PROGRAM_REMOTE, proc,
                            p->args, args, p->ret, ret);
}


/* A deep copy of @n typed parameters (the values own theirs). */
static virTypedParameterPtr
remoteTypedParamsCopy(const virTypedParameter *params, int n)
{
    virTypedParameterPtr copy = g_new0(virTypedParameter, n ? n : 1);

    for (int i = 0; i < n; i++) {
        copy[i] = params[i];
        if (params[i].type == VIR_TYPED_PARAM_STRING)
            copy[i].value.s = g_strdup(params[i].value.s);
    }
    return copy;
}


/* The C arguments @ap, in the order and of the types the argument
 * signature @sig names (see remote_call.h), into @args (owned copies). */
static void
remoteArgsFill(const char *sig, virNetValue *args, va_list ap)
{
    for (size_t k = 0; sig[k]; k++) {
        switch (sig[k]) {
        case 'i': args[k].i = va_arg(ap, int); break;
        case 'u': args[k].u = va_arg(ap, unsigned int); break;
        case 'H': args[k].H = va_arg(ap, unsigned long long); break;
        case 's': case 'S': args[k].s = g_strdup(va_arg(ap, const char *)); break;
        case 'U': memcpy(args[k].uuid, va_arg(ap, const unsigned char *), VIR_NET_UUID_LEN); break;
        case 'D': case 'O': virNetValueSetDomain(&args[k], va_arg(ap, virDomainPtr)); break;
        case 'N': virNetValueSetSnapshot(&args[k], va_arg(ap, virDomainSnapshotPtr)); break;
        case 'P': virNetValueSetPool(&args[k], va_arg(ap, virStoragePoolPtr)); break;
        case 'V': virNetValueSetVol(&args[k], va_arg(ap, virStorageVolPtr)); break;
        case 'T': {
            const virTypedParameter *params = va_arg(ap, virTypedParameterPtr);

            args[k].params.n = va_arg(ap, int);
            args[k].params.params = remoteTypedParamsCopy(params, args[k].params.n);
            break;
        }
        default: g_assert_not_reached();   /* no argument of the table has it */
        }
    }
}


static int
remoteCallVa(virConnectPtr conn, int proc, remoteReply *reply, va_list ap)
{
    const virNetProcedure *p = remoteProcedure(proc);
    virNetValue args[REMOTE_VALUES_MAX] = { { .u = 0 } };
    int rc;

    remoteArgsFill(p->args, args, ap);
    reply->sig = p->ret;
    rc = remoteCall(conn, proc, args, reply->v);
    virNetValuesClear(p->args, args);
    return rc;
}

/* In a function (..., int proc, ...): the call with its own arguments. */
#define REMOTE_CALL_VA(rc, conn, proc, reply) \
    do { \
        va_list _ap; \
        va_start(_ap, proc); \
        rc = remoteCallVa(conn, proc, reply, _ap); \
        va_end(_ap); \
    } while (0)


int
remoteCallArgs(virConnectPtr conn, int proc, remoteReply *reply, ...)
{
    int rc;
    va_list ap;

    va_start(ap, reply);
    rc = remoteCallVa(conn, proc, reply, ap);
    va_end(ap);
    return rc;
}


/* ---- shapes of replies ---- */

int
remoteVoid(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc;
}


int
remoteInt(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? -1 : reply.v[0].i;
}


char *
remoteString(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? NULL : g_steal_pointer(&reply.v[0].s);
}


virDomainPtr
remoteDomain(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? NULL : virNetValueGetDomain(conn, &reply.v[0]);
}


virDomainSnapshotPtr
remoteSnapshot(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? NULL : virNetValueGetSnapshot(conn, &reply.v[0]);
}


virStoragePoolPtr
remotePool(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? NULL : virNetValueGetPool(conn, &reply.v[0]);
}


virStorageVolPtr
remoteVol(virConnectPtr conn, int proc, ...)
{
    g_auto(remoteReply) reply = { 0 };
    int rc;

    REMOTE_CALL_VA(rc, conn, proc, &reply);
    return rc < 0 ? NULL : virNetValueGetVol(conn, &reply.v[0]);
}


int
remoteCheckListMax(int max, const char *what)
{
    if (max > VIR_NET_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "too many remote %s requested: %d > %d",
                       what, max, VIR_NET_LIST_MAX);
        return -1;
    }
    return 0;
}


int
remoteNamesCopy(remoteReply *reply, char **names, int max, const char *what)
{
    virNetValue *list = &reply->v[0];

    if (list->array.n > (guint32)max) {
        virReportError(VIR_ERR_RPC, "too many remote %s: %u > %d", what, list->array.n, max);
        return -1;
    }
    for (guint32 k = 0; k < list->array.n; k++)
        names[k] = g_steal_pointer(&list->array.items[k].s);
    return list->array.n;
}


int
remoteListNames(virConnectPtr conn, int proc, char **names, int maxnames, const char *what)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCheckListMax(maxnames, what) < 0 ||
        remoteCallArgs(conn, proc, &reply, maxnames) < 0)
        return -1;
    return remoteNamesCopy(&reply, names, maxnames, what);
}


void *
remoteDomainHandle(virConnectPtr conn, const virNetValue *v)
{
    return virNetValueGetDomain(conn, v);
}


void *
remoteSnapshotHandle(virConnectPtr conn, const virNetValue *v)
{
    return virNetValueGetSnapshot(conn, v);
}


void *
remotePoolHandle(virConnectPtr conn, const virNetValue *v)
{
    return virNetValueGetPool(conn, v);
}


void *
remoteVolHandle(virConnectPtr conn, const virNetValue *v)
{
    return virNetValueGetVol(conn, v);
}


int
remoteHandlesCopy(virConnectPtr conn, remoteReply *reply, void ***handles,
                  remoteHandleFunc make)
{
    const virNetValue *list = &reply->v[0];
    void **out;

    if (!handles)
        return reply->v[1].i;
    out = g_new0(void *, list->array.n + 1);
    for (guint32 k = 0; k < list->array.n; k++)
        out[k] = make(conn, &list->array.items[k]);
    *handles = out;
    return list->array.n;
}


int
remoteCopyChars(char *dst, size_t size, const char *src, const char *what)
{
    if (!src)
        src = "";
    if (strlen(src) >= size) {
        virReportError(VIR_ERR_RPC, "%s from the daemon is too long (%zu bytes)",
                       what, strlen(src));
        return -1;
    }
    g_strlcpy(dst, src, size);
    return 0;
}
