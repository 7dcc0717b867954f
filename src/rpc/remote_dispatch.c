/*
 * remote_dispatch.c: the server's dispatch of the remote, QEMU and
 * snapvirt programs
 *
 * Most procedures call one public function whose shape (what it takes
 * and returns) repeats: a domain and flags giving an int, a snapshot and
 * flags giving a string, ...  Each shape has one generic caller here; the
 * handler tables (remote_dispatch_domain.c, _storage.c, _block.c,
 * remote_events.c, snapvirt_dispatch.c) name the function to call, and
 * only the procedures with a shape of their own have handlers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "virnetserver.h"
#include "virnethandle.h"
#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"
#include <libvirt/libvirt-qemu.h>

#define VIR_FROM_THIS VIR_FROM_RPC

/* Handles are released with virObjectUnref, not the public Free calls,
 * which would reset the error a failed call left for the reply. */

/* ---- what several tables' handlers share ---- */

/* The name lists of the legacy calls: at most @max (refused beyond the
 * protocol's limit). */
int
remoteRetNames(virNetValue *ret, int max, int (*list)(void *obj, char **names, int max),
            void *obj)
{
    g_autofree char **names = NULL;
    int n;

    if (max < 0 || max > VIR_NET_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "%s", "maxnames > REMOTE_..._LIST_MAX");
        return -1;
    }
    names = g_new0(char *, max ? max : 1);
    if ((n = list(obj, names, max)) < 0)
        return -1;
    ret[0].array.items = g_new0(virNetValue, n ? n : 1);
    ret[0].array.n = n;
    for (int i = 0; i < n; i++)
        ret[0].array.items[i].s = names[i];   /* malloc'd by the API: the same heap */
    return 0;
}


void
remoteSetDomain(virNetValue *out, void *obj)
{
    virNetValueSetDomain(out, obj);
}


void
remoteSetSnapshot(virNetValue *out, void *obj)
{
    virNetValueSetSnapshot(out, obj);
}


void
remoteSetPool(virNetValue *out, void *obj)
{
    virNetValueSetPool(out, obj);
}


void
remoteSetVol(virNetValue *out, void *obj)
{
    virNetValueSetVol(out, obj);
}


void
remoteSetVolSnapshot(virNetValue *out, void *obj)
{
    virNetValueSetVolSnapshot(out, obj);
}


int
remoteRetHandle(virNetValue *ret, void *obj, remoteSetFunc set)
{
    if (!obj)
        return -1;
    set(&ret[0], obj);
    virObjectUnref(obj);
    return 0;
}


int
remoteRetHandles(virNetValue *ret, void **objs, int n, remoteSetFunc set)
{
    if (n < 0)
        return -1;
    ret[1].i = n;   /* the count (an int or an unsigned int on the wire) */
    if (!objs)
        return 0;
    ret[0].array.items = g_new0(virNetValue, n ? n : 1);
    ret[0].array.n = n;
    for (int i = 0; i < n; i++) {
        set(&ret[0].array.items[i], objs[i]);
        virObjectUnref(objs[i]);
    }
    free(objs);
    return 0;
}


/* ---- dispatch ---- */

static const virNetHandler *
remoteHandlerFind(int proc)
{
    const struct {
        const virNetHandler *table;
        size_t n;
    } tables[] = {
        { remoteDomainHandlers, remoteDomainHandlersCount },
        { remoteStorageHandlers, remoteStorageHandlersCount },
        { remoteBlockHandlers, remoteBlockHandlersCount },
        { remoteEventHandlers, remoteEventHandlersCount },
    };

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (size_t i = 0; i < tables[t].n; i++) {
            if (tables[t].table[i].proc == proc)
                return &tables[t].table[i];
        }
    }
    return NULL;
}


/* Calls @h's function of a shape that starts with a domain. */
static int
remoteCallDomainShape(const virNetHandler *h, virDomainPtr dom, virNetValue *args,
                      virNetValue *ret)
{
    virDomainSnapshotPtr snap = NULL;

    switch (h->shape) {
    case SHAPE_DOM_VOID:
        return h->fn.domInt(dom) < 0 ? -1 : 0;
    case SHAPE_DOM_INT:
        return (ret[0].i = h->fn.domInt(dom)) < 0 ? -1 : 0;
    case SHAPE_DOM_FLAGS_VOID:
        return h->fn.domFlagsInt(dom, args[1].u) < 0 ? -1 : 0;
    case SHAPE_DOM_FLAGS_INT:
        return (ret[0].i = h->fn.domFlagsInt(dom, args[1].u)) < 0 ? -1 : 0;
    case SHAPE_DOM_FLAGS_STR:
        return (ret[0].s = h->fn.domFlagsStr(dom, args[1].u)) ? 0 : -1;
    case SHAPE_DOM_FLAGS_SNAP:
        snap = h->fn.domFlagsSnap(dom, args[1].u);
        break;
    case SHAPE_DOM_STR_FLAGS_SNAP:
        snap = h->fn.domStrFlagsSnap(dom, args[1].s, args[2].u);
        break;
    case SHAPE_DOM_STR_FLAGS_VOID:
        return h->fn.domStrFlagsInt(dom, args[1].s, args[2].u) < 0 ? -1 : 0;
    case SHAPE_DOM_STR_BW_FLAGS_VOID:
        return h->fn.domStrBwFlagsInt(dom, args[1].s, args[2].H, args[3].u) < 0 ? -1 : 0;
    default:
        g_assert_not_reached();
    }
    if (!snap)
        return -1;
    virNetValueSetSnapshot(&ret[0], snap);
    virObjectUnref(snap);
    return 0;
}


static int
remoteCallSnapshotShape(const virNetHandler *h, virDomainSnapshotPtr snap,
                        virNetValue *args, virNetValue *ret)
{
    virDomainSnapshotPtr other;

    switch (h->shape) {
    case SHAPE_SNAP_FLAGS_VOID:
        return h->fn.snapFlagsInt(snap, args[1].u) < 0 ? -1 : 0;
    case SHAPE_SNAP_FLAGS_INT:
        return (ret[0].i = h->fn.snapFlagsInt(snap, args[1].u)) < 0 ? -1 : 0;
    case SHAPE_SNAP_FLAGS_STR:
        return (ret[0].s = h->fn.snapFlagsStr(snap, args[1].u)) ? 0 : -1;
    case SHAPE_SNAP_FLAGS_SNAP:
        if (!(other = h->fn.snapFlagsSnap(snap, args[1].u)))
            return -1;
        virNetValueSetSnapshot(&ret[0], other);
        virObjectUnref(other);
        return 0;
    default:
        g_assert_not_reached();
    }
}


static int
remoteCallStorageShape(virNetServerClient *client, const virNetHandler *h,
                       virNetValue *args, virNetValue *ret)
{
    virStoragePoolPtr pool = NULL;
    virStorageVolPtr vol = NULL;
    int rc = -1;

    switch (h->shape) {
    case SHAPE_POOL_VOID:
    case SHAPE_POOL_INT:
    case SHAPE_POOL_FLAGS_VOID:
    case SHAPE_POOL_FLAGS_STR:
        pool = virNetValueGetPool(client->conn, &args[0]);
        if (h->shape == SHAPE_POOL_VOID)
            rc = h->fn.poolInt(pool) < 0 ? -1 : 0;
        else if (h->shape == SHAPE_POOL_INT)
            rc = (ret[0].i = h->fn.poolInt(pool)) < 0 ? -1 : 0;
        else if (h->shape == SHAPE_POOL_FLAGS_VOID)
            rc = h->fn.poolFlagsInt(pool, args[1].u) < 0 ? -1 : 0;
        else
            rc = (ret[0].s = h->fn.poolFlagsStr(pool, args[1].u)) ? 0 : -1;
        virObjectUnref(pool);
        return rc;
    default:
        vol = virNetValueGetVol(client->conn, &args[0]);
        if (h->shape == SHAPE_VOL_FLAGS_VOID)
            rc = h->fn.volFlagsInt(vol, args[1].u) < 0 ? -1 : 0;
        else if (h->shape == SHAPE_VOL_FLAGS_STR)
            rc = (ret[0].s = h->fn.volFlagsStr(vol, args[1].u)) ? 0 : -1;
        else
            rc = (ret[0].s = h->fn.volStr(vol)) ? 0 : -1;
        virObjectUnref(vol);
        return rc;
    }
}


static int
remoteCallConnShape(virConnectPtr conn, const virNetHandler *h, virNetValue *args,
                    virNetValue *ret)
{
    virDomainPtr dom;
    virStoragePoolPtr pool;
    virStorageVolPtr vol;

    switch (h->shape) {
    case SHAPE_CONN_INT:
        return (ret[0].i = h->fn.connInt(conn)) < 0 ? -1 : 0;
    case SHAPE_CONN_STR_DOM:
        dom = h->fn.connStrDom(conn, args[0].s);
        return remoteRetHandle(ret, dom, remoteSetDomain);
    case SHAPE_CONN_INT_DOM:
        dom = h->fn.connIntDom(conn, args[0].i);
        return remoteRetHandle(ret, dom, remoteSetDomain);
    case SHAPE_CONN_UUID_DOM:
        dom = h->fn.connUUIDDom(conn, args[0].uuid);
        return remoteRetHandle(ret, dom, remoteSetDomain);
    case SHAPE_CONN_STR_FLAGS_DOM:
        dom = h->fn.connStrFlagsDom(conn, args[0].s, args[1].u);
        return remoteRetHandle(ret, dom, remoteSetDomain);
    case SHAPE_CONN_STR_POOL:
        pool = h->fn.connStrPool(conn, args[0].s);
        return remoteRetHandle(ret, pool, remoteSetPool);
    case SHAPE_CONN_UUID_POOL:
        pool = h->fn.connUUIDPool(conn, args[0].uuid);
        return remoteRetHandle(ret, pool, remoteSetPool);
    case SHAPE_CONN_STR_FLAGS_POOL:
        pool = h->fn.connStrFlagsPool(conn, args[0].s, args[1].u);
        return remoteRetHandle(ret, pool, remoteSetPool);
    case SHAPE_CONN_STR_VOL:
        vol = h->fn.connStrVol(conn, args[0].s);
        return remoteRetHandle(ret, vol, remoteSetVol);
    default:
        g_assert_not_reached();
    }
}


static int
remoteCallHandler(virNetServerClient *client, const virNetHandler *h, virNetValue *args,
                  virNetValue *ret)
{
    virDomainPtr dom;
    virDomainSnapshotPtr snap;
    int rc;

    switch (h->shape) {
    case SHAPE_CUSTOM:
        return h->fn.custom(client, args, ret);
    case SHAPE_CONN_INT:
    case SHAPE_CONN_STR_DOM:
    case SHAPE_CONN_INT_DOM:
    case SHAPE_CONN_UUID_DOM:
    case SHAPE_CONN_STR_FLAGS_DOM:
    case SHAPE_CONN_STR_POOL:
    case SHAPE_CONN_UUID_POOL:
    case SHAPE_CONN_STR_FLAGS_POOL:
    case SHAPE_CONN_STR_VOL:
        return remoteCallConnShape(client->conn, h, args, ret);
    case SHAPE_POOL_VOID:
    case SHAPE_POOL_INT:
    case SHAPE_POOL_FLAGS_VOID:
    case SHAPE_POOL_FLAGS_STR:
    case SHAPE_VOL_FLAGS_VOID:
    case SHAPE_VOL_FLAGS_STR:
    case SHAPE_VOL_STR:
        return remoteCallStorageShape(client, h, args, ret);
    case SHAPE_SNAP_FLAGS_VOID:
    case SHAPE_SNAP_FLAGS_INT:
    case SHAPE_SNAP_FLAGS_STR:
    case SHAPE_SNAP_FLAGS_SNAP:
        snap = virNetValueGetSnapshot(client->conn, &args[0]);
        rc = remoteCallSnapshotShape(h, snap, args, ret);
        virObjectUnref(snap);
        return rc;
    default:
        dom = virNetValueGetDomain(client->conn, &args[0]);
        rc = remoteCallDomainShape(h, dom, args, ret);
        virObjectUnref(dom);
        return rc;
    }
}


/* Decodes @payload by @proc's signature, runs @h and encodes its return
 * value into @reply. */
static int
remoteDispatch(virNetServerClient *client, const virNetProcedure *proc,
               const virNetHandler *h, const GByteArray *payload, GByteArray *reply)
{
    g_autofree virNetValue *args = NULL;
    g_autofree virNetValue *ret = NULL;
    int rc = -1;

    if (!client->conn && !h->beforeOpen) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "connection not open");
        return -1;
    }
    args = g_new0(virNetValue, virNetSignatureLength(proc->args) + 1);
    ret = g_new0(virNetValue, virNetSignatureLength(proc->ret) + 1);
    if (virNetDecode(payload->data, payload->len, proc->args, args) == 0 &&
        remoteCallHandler(client, h, args, ret) == 0)
        rc = virNetEncode(reply, proc->ret, ret);
    virNetValuesClear(proc->args, args);
    virNetValuesClear(proc->ret, ret);
    return rc;
}


int
virNetServerDispatchRemote(virNetServerClient *client, const virNetMessageHeader *hdr,
                           const GByteArray *payload, GByteArray *reply)
{
    const virNetProcedure *proc = virNetRemoteProcedureFind(hdr->proc);
    const virNetHandler *h = proc ? remoteHandlerFind(hdr->proc) : NULL;

    if (!h) {
        virReportError(VIR_ERR_RPC, "unknown procedure: %d", hdr->proc);
        return -1;
    }
    return remoteDispatch(client, proc, h, payload, reply);
}


/* ---- snapvirt's program ---- */

int
virNetServerDispatchSnapvirt(virNetServerClient *client, const virNetMessageHeader *hdr,
                             const GByteArray *payload, GByteArray *reply)
{
    const virNetProcedure *proc = virNetSnapvirtProcedureFind(hdr->proc);
    const virNetHandler *h = NULL;

    for (size_t i = 0; proc && !h && i < snapvirtHandlersCount; i++) {
        if (snapvirtHandlers[i].proc == hdr->proc)
            h = &snapvirtHandlers[i];
    }
    if (!h) {
        virReportError(VIR_ERR_RPC, "unknown procedure: %d", hdr->proc);
        return -1;
    }
    return remoteDispatch(client, proc, h, payload, reply);
}


/* ---- the QEMU program ---- */

static int
qemuMonitorCommandHandler(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainQemuMonitorCommand(dom, args[1].s, &ret[0].s, args[2].u);

    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


int
virNetServerDispatchQemu(virNetServerClient *client, const virNetMessageHeader *hdr,
                         const GByteArray *payload, GByteArray *reply)
{
    static const virNetProcedure monitorCommand = {
        QEMU_PROC_DOMAIN_MONITOR_COMMAND, "DOMAIN_MONITOR_COMMAND", "Dsu", "s"
    };
    static const virNetHandler handler = {
        QEMU_PROC_DOMAIN_MONITOR_COMMAND, SHAPE_CUSTOM, false,
        { .custom = qemuMonitorCommandHandler }
    };

    if (hdr->proc != QEMU_PROC_DOMAIN_MONITOR_COMMAND) {
        virReportError(VIR_ERR_RPC, "unknown procedure: %d", hdr->proc);
        return -1;
    }
    return remoteDispatch(client, &monitorCommand, &handler, payload, reply);
}
