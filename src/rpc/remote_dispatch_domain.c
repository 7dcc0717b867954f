/*
 * remote_dispatch_domain.c: the server's handlers of the connection,
 * domain and snapshot procedures (shapes: remote_dispatch.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"

#define VIR_FROM_THIS VIR_FROM_RPC


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
remoteSupportsFeature(virNetServerClient *client G_GNUC_UNUSED, virNetValue *args,
                      virNetValue *ret)
{
    /* Keepalive: the server answers pings (it sends none of its own).
     * Events per callback, yes; close callbacks, no (a client then does
     * without them). */
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
remoteCreateWithFlags(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainCreateWithFlags(dom, args[1].u);

    if (rc == 0) {
        /* The reply carries the domain with its new id. */
        virDomainPtr fresh = virDomainLookupByUUID(client->conn, args[0].dom.uuid);

        rc = remoteRetHandle(ret, fresh, remoteSetDomain);
    }
    virObjectUnref(dom);
    return rc;
}




static int
remoteListAllDomains(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(client->conn, args[0].i ? &doms : NULL, args[1].u);

    return remoteRetHandles(ret, (void **)doms, n, remoteSetDomain);
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
remoteListAllSnapshots(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots(dom, args[1].i ? &snaps : NULL, args[2].u);

    virObjectUnref(dom);
    return remoteRetHandles(ret, (void **)snaps, n, remoteSetSnapshot);
}


static int
remoteListAllChildren(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainSnapshotPtr snap = virNetValueGetSnapshot(client->conn, &args[0]);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainSnapshotListAllChildren(snap, args[1].i ? &snaps : NULL, args[2].u);

    virObjectUnref(snap);
    return remoteRetHandles(ret, (void **)snaps, n, remoteSetSnapshot);
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

const virNetHandler remoteDomainHandlers[] = {
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

const size_t remoteDomainHandlersCount = G_N_ELEMENTS(remoteDomainHandlers);
