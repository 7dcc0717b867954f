/*
 * remote_dispatch.c: the server's handlers of the remote program
 *
 * Most procedures call one public function whose shape (what it takes
 * and returns) repeats: a domain and flags giving an int, a snapshot and
 * flags giving a string, ...  Each shape has one generic handler and the
 * table below names the function to call; only the procedures with a
 * shape of their own (opening, listings, info structs) have handlers.
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

/* ---- the connection ---- */

static int
remoteOpen(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    const char *asked = args[0].s && *args[0].s ? args[0].s
                                                : virNetServerDefaultURI(client->server);
    const char *name = virNetServerResolveURI(client->server, asked);
    bool ro = client->readonly || (args[1].u & VIR_NET_OPEN_RO);
    virConnectPtr conn;

    if (client->conn) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "connection already open");
        return -1;
    }
    if (!(conn = ro ? virConnectOpenReadOnly(name) : virConnectOpen(name)))
        return -1;
    g_mutex_lock(&client->lock);
    client->conn = conn;
    g_free(client->uri);
    client->uri = name != asked ? g_strdup(asked) : NULL;
    g_mutex_unlock(&client->lock);
    return 0;
}


static int
remoteAuthList(virNetServerClient *client G_GNUC_UNUSED, virNetValue *args G_GNUC_UNUSED,
               virNetValue *ret)
{
    ret[0].array.items = g_new0(virNetValue, 1);   /* REMOTE_AUTH_NONE */
    ret[0].array.n = 1;
    return 0;
}


static int
remoteSupportsFeature(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    /* Keepalive: the server answers pings (it sends none of its own).
     * Events per callback, yes; close callbacks, no (a client then does
     * without them). */
    if (args[0].i == VIR_DRV_FEATURE_PROGRAM_KEEPALIVE)
        client->keepalive = true;
    ret[0].i = args[0].i == VIR_DRV_FEATURE_PROGRAM_KEEPALIVE ||
               args[0].i == VIR_DRV_FEATURE_REMOTE ||
               args[0].i == VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK ||
               args[0].i == SNAPVIRT_FEATURE_VOL_SNAPSHOTS;
    return 0;
}


static int
remoteClose(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED,
            virNetValue *ret G_GNUC_UNUSED)
{
    virNetServerClientCloseConn(client);
    return 0;
}


static int
remoteGetType(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED, virNetValue *ret)
{
    const char *type = virConnectGetType(client->conn);

    return type ? (ret[0].s = g_strdup(type), 0) : -1;
}


static int
remoteGetVersion(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED, virNetValue *ret)
{
    unsigned long v = 0;

    if (virConnectGetVersion(client->conn, &v) < 0)
        return -1;
    ret[0].H = v;
    return 0;
}


static int
remoteGetLibVersion(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED,
                    virNetValue *ret)
{
    unsigned long v = 0;

    if (virConnectGetLibVersion(client->conn, &v) < 0)
        return -1;
    ret[0].H = v;
    return 0;
}


static int
remoteGetHostname(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED, virNetValue *ret)
{
    return (ret[0].s = virConnectGetHostname(client->conn)) ? 0 : -1;
}


static int
remoteGetURI(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED, virNetValue *ret)
{
    if (client->uri)
        return (ret[0].s = g_strdup(client->uri)), 0;
    return (ret[0].s = virConnectGetURI(client->conn)) ? 0 : -1;
}


static int
remoteIsSecure(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED, virNetValue *ret)
{
    ret[0].i = client->secure;   /* a UNIX socket or TLS */
    return 0;
}


static int
remoteNoop(virNetServerClient *client G_GNUC_UNUSED, virNetValue *args G_GNUC_UNUSED,
           virNetValue *ret G_GNUC_UNUSED)
{
    return 0;
}


/* ---- domains ---- */

static int
remoteRetDomain(virNetValue *ret, virDomainPtr dom)
{
    if (!dom)
        return -1;
    virNetValueSetDomain(&ret[0], dom);
    virObjectUnref(dom);
    return 0;
}






static int
remoteCreateWithFlags(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainCreateWithFlags(dom, args[1].u);

    if (rc == 0) {
        /* The reply carries the domain with its new id. */
        virDomainPtr fresh = virDomainLookupByUUID(client->conn, args[0].dom.uuid);

        rc = remoteRetDomain(ret, fresh);
    }
    virObjectUnref(dom);
    return rc;
}


static int
remoteListAllDomains(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(client->conn, args[0].i ? &doms : NULL, args[1].u);

    if (n < 0)
        return -1;
    ret[1].u = n;
    if (doms) {
        ret[0].array.items = g_new0(virNetValue, n ? n : 1);
        ret[0].array.n = n;
        for (int i = 0; i < n; i++) {
            virNetValueSetDomain(&ret[0].array.items[i], doms[i]);
            virObjectUnref(doms[i]);
        }
        free(doms);
    }
    return 0;
}


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


static int
listDefinedDomains(void *conn, char **names, int max)
{
    return virConnectListDefinedDomains(conn, names, max);
}


static int
remoteListDefinedDomains(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    return remoteRetNames(ret, args[0].i, listDefinedDomains, client->conn);
}


static int
remoteListDomains(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_autofree int *ids = NULL;
    int n;

    if (args[0].i < 0 || args[0].i > VIR_NET_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "%s", "maxids > REMOTE_DOMAIN_LIST_MAX");
        return -1;
    }
    ids = g_new0(int, args[0].i ? args[0].i : 1);
    if ((n = virConnectListDomains(client->conn, ids, args[0].i)) < 0)
        return -1;
    ret[0].array.items = g_new0(virNetValue, n ? n : 1);
    ret[0].array.n = n;
    for (int i = 0; i < n; i++)
        ret[0].array.items[i].i = ids[i];
    return 0;
}




static int
remoteGetInfo(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    virDomainInfo info;
    int rc = virDomainGetInfo(dom, &info);

    if (rc == 0) {
        ret[0].u = info.state;
        ret[1].H = info.maxMem;
        ret[2].H = info.memory;
        ret[3].u = info.nrVirtCpu;
        ret[4].H = info.cpuTime;
    }
    virObjectUnref(dom);
    return rc;
}


static int
remoteGetState(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainGetState(dom, &ret[0].i, &ret[1].i, args[1].u);

    virObjectUnref(dom);
    return rc;
}


static int
remoteGetAutostart(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainGetAutostart(dom, &ret[0].i);

    virObjectUnref(dom);
    return rc;
}


static int
remoteGetMaxMemory(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    unsigned long mem = virDomainGetMaxMemory(dom);

    virObjectUnref(dom);
    ret[0].H = mem;
    return mem ? 0 : -1;
}


static int
remoteGetOSType(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);

    ret[0].s = virDomainGetOSType(dom);
    virObjectUnref(dom);
    return ret[0].s ? 0 : -1;
}


static int
remoteSecurityLabel(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    virSecurityLabel label;
    int rc = virDomainGetSecurityLabel(dom, &label);

    if (rc == 0) {
        ret[0].s = g_strdup(label.label);
        ret[1].i = label.enforcing;
    }
    virObjectUnref(dom);
    return rc;
}


static int
remoteSecurityModel(virNetServerClient *client, virNetValue *args G_GNUC_UNUSED,
                    virNetValue *ret)
{
    virSecurityModel model;

    if (virNodeGetSecurityModel(client->conn, &model) < 0)
        return -1;
    ret[0].s = g_strdup(model.model);
    ret[1].s = g_strdup(model.doi);
    return 0;
}


/* ---- snapshots ---- */

static int
remoteRetSnapshots(virNetValue *ret, virDomainSnapshotPtr *snaps, int n)
{
    if (n < 0)
        return -1;
    ret[1].i = n;
    if (snaps) {
        ret[0].array.items = g_new0(virNetValue, n ? n : 1);
        ret[0].array.n = n;
        for (int i = 0; i < n; i++) {
            virNetValueSetSnapshot(&ret[0].array.items[i], snaps[i]);
            virObjectUnref(snaps[i]);
        }
        free(snaps);
    }
    return 0;
}


static int
remoteListAllSnapshots(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots(dom, args[1].i ? &snaps : NULL, args[2].u);

    virObjectUnref(dom);
    return remoteRetSnapshots(ret, snaps, n);
}


static int
remoteListAllChildren(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainSnapshotPtr snap = virNetValueGetSnapshot(client->conn, &args[0]);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainSnapshotListAllChildren(snap, args[1].i ? &snaps : NULL, args[2].u);

    virObjectUnref(snap);
    return remoteRetSnapshots(ret, snaps, n);
}


typedef struct {
    void *obj;
    unsigned int flags;
} remoteListCtx;


static int
listSnapshotNames(void *opaque, char **names, int max)
{
    remoteListCtx *ctx = opaque;

    return virDomainSnapshotListNames(ctx->obj, names, max, ctx->flags);
}


static int
listChildrenNames(void *opaque, char **names, int max)
{
    remoteListCtx *ctx = opaque;

    return virDomainSnapshotListChildrenNames(ctx->obj, names, max, ctx->flags);
}


static int
remoteSnapshotListNames(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    remoteListCtx ctx = { virNetValueGetDomain(client->conn, &args[0]), args[2].u };
    int rc = remoteRetNames(ret, args[1].i, listSnapshotNames, &ctx);

    virObjectUnref(ctx.obj);
    return rc;
}


static int
remoteSnapshotListChildrenNames(virNetServerClient *client, virNetValue *args,
                                virNetValue *ret)
{
    remoteListCtx ctx = { virNetValueGetSnapshot(client->conn, &args[0]), args[2].u };
    int rc = remoteRetNames(ret, args[1].i, listChildrenNames, &ctx);

    virObjectUnref(ctx.obj);
    return rc;
}


/* ---- the table ---- */

static const virNetHandler remoteHandlers[] = {
    CUSTOM(CONNECT_OPEN, remoteOpen, true),
    CUSTOM(CONNECT_CLOSE, remoteClose, true),
    CUSTOM(CONNECT_GET_TYPE, remoteGetType, false),
    CUSTOM(CONNECT_GET_VERSION, remoteGetVersion, false),
    SHAPED(DOMAIN_CREATE, SHAPE_DOM_VOID, domInt, virDomainCreate),
    SHAPED(DOMAIN_CREATE_XML, SHAPE_CONN_STR_FLAGS_DOM, connStrFlagsDom, virDomainCreateXML),
    SHAPED(DOMAIN_DEFINE_XML, SHAPE_CONN_STR_DOM, connStrDom, virDomainDefineXML),
    SHAPED(DOMAIN_DESTROY, SHAPE_DOM_VOID, domInt, virDomainDestroy),
    SHAPED(DOMAIN_GET_XML_DESC, SHAPE_DOM_FLAGS_STR, domFlagsStr, virDomainGetXMLDesc),
    CUSTOM(DOMAIN_GET_AUTOSTART, remoteGetAutostart, false),
    CUSTOM(DOMAIN_GET_INFO, remoteGetInfo, false),
    CUSTOM(DOMAIN_GET_MAX_MEMORY, remoteGetMaxMemory, false),
    CUSTOM(DOMAIN_GET_OS_TYPE, remoteGetOSType, false),
    CUSTOM(CONNECT_LIST_DEFINED_DOMAINS, remoteListDefinedDomains, false),
    SHAPED(DOMAIN_LOOKUP_BY_ID, SHAPE_CONN_INT_DOM, connIntDom, virDomainLookupByID),
    SHAPED(DOMAIN_LOOKUP_BY_NAME, SHAPE_CONN_STR_DOM, connStrDom, virDomainLookupByName),
    SHAPED(DOMAIN_LOOKUP_BY_UUID, SHAPE_CONN_UUID_DOM, connUUIDDom, virDomainLookupByUUID),
    SHAPED(CONNECT_NUM_OF_DEFINED_DOMAINS, SHAPE_CONN_INT, connInt,
           virConnectNumOfDefinedDomains),
    SHAPED(DOMAIN_RESUME, SHAPE_DOM_VOID, domInt, virDomainResume),
    SHAPED(DOMAIN_SUSPEND, SHAPE_DOM_VOID, domInt, virDomainSuspend),
    SHAPED(DOMAIN_UNDEFINE, SHAPE_DOM_VOID, domInt, virDomainUndefine),
    CUSTOM(CONNECT_LIST_DOMAINS, remoteListDomains, false),
    SHAPED(CONNECT_NUM_OF_DOMAINS, SHAPE_CONN_INT, connInt, virConnectNumOfDomains),
    CUSTOM(CONNECT_GET_HOSTNAME, remoteGetHostname, false),
    CUSTOM(CONNECT_SUPPORTS_FEATURE, remoteSupportsFeature, true),
    CUSTOM(AUTH_LIST, remoteAuthList, true),
    CUSTOM(CONNECT_GET_URI, remoteGetURI, false),
    CUSTOM(DOMAIN_GET_SECURITY_LABEL, remoteSecurityLabel, false),
    CUSTOM(NODE_GET_SECURITY_MODEL, remoteSecurityModel, false),
    CUSTOM(CONNECT_IS_SECURE, remoteIsSecure, false),
    SHAPED(DOMAIN_IS_ACTIVE, SHAPE_DOM_INT, domInt, virDomainIsActive),
    SHAPED(DOMAIN_IS_PERSISTENT, SHAPE_DOM_INT, domInt, virDomainIsPersistent),
    CUSTOM(CONNECT_GET_LIB_VERSION, remoteGetLibVersion, false),
    SHAPED(DOMAIN_HAS_MANAGED_SAVE_IMAGE, SHAPE_DOM_FLAGS_INT, domFlagsInt,
           virDomainHasManagedSaveImage),
    SHAPED(DOMAIN_SNAPSHOT_CREATE_XML, SHAPE_DOM_STR_FLAGS_SNAP, domStrFlagsSnap,
           virDomainSnapshotCreateXML),
    SHAPED(DOMAIN_SNAPSHOT_GET_XML_DESC, SHAPE_SNAP_FLAGS_STR, snapFlagsStr,
           virDomainSnapshotGetXMLDesc),
    SHAPED(DOMAIN_SNAPSHOT_NUM, SHAPE_DOM_FLAGS_INT, domFlagsInt, virDomainSnapshotNum),
    CUSTOM(DOMAIN_SNAPSHOT_LIST_NAMES, remoteSnapshotListNames, false),
    SHAPED(DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, SHAPE_DOM_STR_FLAGS_SNAP, domStrFlagsSnap,
           virDomainSnapshotLookupByName),
    SHAPED(DOMAIN_HAS_CURRENT_SNAPSHOT, SHAPE_DOM_FLAGS_INT, domFlagsInt,
           virDomainHasCurrentSnapshot),
    SHAPED(DOMAIN_SNAPSHOT_CURRENT, SHAPE_DOM_FLAGS_SNAP, domFlagsSnap,
           virDomainSnapshotCurrent),
    SHAPED(DOMAIN_REVERT_TO_SNAPSHOT, SHAPE_SNAP_FLAGS_VOID, snapFlagsInt,
           virDomainRevertToSnapshot),
    SHAPED(DOMAIN_SNAPSHOT_DELETE, SHAPE_SNAP_FLAGS_VOID, snapFlagsInt,
           virDomainSnapshotDelete),
    CUSTOM(DOMAIN_CREATE_WITH_FLAGS, remoteCreateWithFlags, false),
    CUSTOM(DOMAIN_GET_STATE, remoteGetState, false),
    SHAPED(DOMAIN_UNDEFINE_FLAGS, SHAPE_DOM_FLAGS_VOID, domFlagsInt, virDomainUndefineFlags),
    SHAPED(DOMAIN_DESTROY_FLAGS, SHAPE_DOM_FLAGS_VOID, domFlagsInt, virDomainDestroyFlags),
    SHAPED(DOMAIN_SNAPSHOT_GET_PARENT, SHAPE_SNAP_FLAGS_SNAP, snapFlagsSnap,
           virDomainSnapshotGetParent),
    SHAPED(DOMAIN_SNAPSHOT_NUM_CHILDREN, SHAPE_SNAP_FLAGS_INT, snapFlagsInt,
           virDomainSnapshotNumChildren),
    CUSTOM(DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES, remoteSnapshotListChildrenNames, false),
    SHAPED(DOMAIN_SNAPSHOT_IS_CURRENT, SHAPE_SNAP_FLAGS_INT, snapFlagsInt,
           virDomainSnapshotIsCurrent),
    SHAPED(DOMAIN_SNAPSHOT_HAS_METADATA, SHAPE_SNAP_FLAGS_INT, snapFlagsInt,
           virDomainSnapshotHasMetadata),
    CUSTOM(CONNECT_LIST_ALL_DOMAINS, remoteListAllDomains, false),
    CUSTOM(DOMAIN_LIST_ALL_SNAPSHOTS, remoteListAllSnapshots, false),
    CUSTOM(DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN, remoteListAllChildren, false),
    SHAPED(DOMAIN_DEFINE_XML_FLAGS, SHAPE_CONN_STR_FLAGS_DOM, connStrFlagsDom,
           virDomainDefineXMLFlags),
    CUSTOM(CONNECT_REGISTER_CLOSE_CALLBACK, remoteNoop, false),
    CUSTOM(CONNECT_UNREGISTER_CLOSE_CALLBACK, remoteNoop, false),
};


static const virNetHandler *
remoteHandlerFind(int proc)
{
    const struct {
        const virNetHandler *table;
        size_t n;
    } tables[] = {
        { remoteHandlers, G_N_ELEMENTS(remoteHandlers) },
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


/* Sets ret[0] to @obj's wire form and drops the reference (the setter
 * matches the object's type: virNetValueSetDomain and the others). */
#define REMOTE_RET(ret, obj, setter) \
    ((obj) ? (setter(&(ret)[0], (obj)), virObjectUnref(obj), 0) : -1)

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
        return REMOTE_RET(ret, dom, virNetValueSetDomain);
    case SHAPE_CONN_INT_DOM:
        dom = h->fn.connIntDom(conn, args[0].i);
        return REMOTE_RET(ret, dom, virNetValueSetDomain);
    case SHAPE_CONN_UUID_DOM:
        dom = h->fn.connUUIDDom(conn, args[0].uuid);
        return REMOTE_RET(ret, dom, virNetValueSetDomain);
    case SHAPE_CONN_STR_FLAGS_DOM:
        dom = h->fn.connStrFlagsDom(conn, args[0].s, args[1].u);
        return REMOTE_RET(ret, dom, virNetValueSetDomain);
    case SHAPE_CONN_STR_POOL:
        pool = h->fn.connStrPool(conn, args[0].s);
        return REMOTE_RET(ret, pool, virNetValueSetPool);
    case SHAPE_CONN_UUID_POOL:
        pool = h->fn.connUUIDPool(conn, args[0].uuid);
        return REMOTE_RET(ret, pool, virNetValueSetPool);
    case SHAPE_CONN_STR_FLAGS_POOL:
        pool = h->fn.connStrFlagsPool(conn, args[0].s, args[1].u);
        return REMOTE_RET(ret, pool, virNetValueSetPool);
    case SHAPE_CONN_STR_VOL:
        vol = h->fn.connStrVol(conn, args[0].s);
        return REMOTE_RET(ret, vol, virNetValueSetVol);
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
