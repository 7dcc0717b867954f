/*
 * remote_driver.c: the remote driver, a hypervisor driver that forwards
 * each call over libvirt's remote protocol (program 0x20008086)
 *
 * This file: opening and closing connections, the connection, domain
 * and snapshot methods, and the tables; the rest is in the files
 * remote_driver_impl.h lists.
 *
 * Every method is one call of the procedure table (remote_protocol.c)
 * through the generic call of remote_call.h: the arguments in the order
 * of the procedure's signature, and a helper for the shape of the reply
 * (an int, a string, a handle, a list).  So a method is a line or two;
 * only the replies that fill a caller's structure take more.
 *
 * Errors: those the daemon sends are raised as it sent them (code,
 * domain, message); the driver's own (URIs, authentication) are
 * VIR_FROM_REMOTE; a broken connection is VIR_FROM_RPC.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_driver.h"
#include "remote_driver_impl.h"
#include "remote_driver_volsnapshot.h"
#include "remote_uri.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

VIR_LOG_INIT("rpc.remote_driver");

/* remote_auth_type */
#define REMOTE_AUTH_NONE 0


/* ---- connections ---- */

static const char *
remoteAuthTypeName(int type)
{
    static const char *const names[] = { "none", "sasl", "polkit" };

    return type >= 0 && type < (int)G_N_ELEMENTS(names) ? names[type] : "unknown";
}


/* AUTH_LIST: only "none" is supported so far.  A daemon that does not
 * know the procedure asks for no authentication either. */
static int
remoteAuthenticate(virConnectPtr conn)
{
    g_auto(remoteReply) reply = { 0 };
    const virNetValue *types = &reply.v[0];
    int type;

    if (remoteCallArgs(conn, REMOTE_PROC_AUTH_LIST, &reply) < 0) {
        const virError *err = virErrorPeek();

        if (!err || err->code != VIR_ERR_NO_SUPPORT)
            return -1;
        virResetLastError();
        return 0;
    }
    if (types->array.n == 0 || (type = types->array.items[0].i) == REMOTE_AUTH_NONE)
        return 0;
    virReportError(VIR_ERR_AUTH_FAILED,
                   "the daemon at '%s' requires %s authentication (type %d), which "
                   "snapvirt's remote driver does not support yet",
                   conn->uri->text, remoteAuthTypeName(type), type);
    return -1;
}


static virDrvOpenStatus
remoteConnectOpen(virConnectPtr conn, virConnectAuthPtr auth G_GNUC_UNUSED,
                  unsigned int flags)
{
    g_autofree char *driver = NULL;
    g_autofree char *transport = NULL;
    g_autofree char *name = NULL;
    remotePrivate *priv;

    virCheckFlags(VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, VIR_DRV_OPEN_ERROR);
    if (!remoteURISplitScheme(conn->uri->scheme, &driver, &transport))
        return VIR_DRV_OPEN_DECLINED;
    name = remoteURIOpenName(conn->uri);
    VIR_DEBUG("transport=%s name=%s", transport, name);

    conn->privateData = priv = g_new0(remotePrivate, 1);
    priv->volSnapshots = -1;   /* ask when first needed */
    priv->events = remoteEventsNew();
    if (!(priv->client = remoteTransportConnect(conn, priv, transport, flags)) ||
        remoteAuthenticate(conn) < 0 ||
        remoteVoid(conn, REMOTE_PROC_CONNECT_OPEN, name,
                   (flags & VIR_CONNECT_RO) ? VIR_NET_OPEN_RO : 0) < 0 ||
        remoteEventsOpen(conn) < 0) {
        remotePrivateFree(priv);
        conn->privateData = NULL;
        return VIR_DRV_OPEN_ERROR;
    }
    return VIR_DRV_OPEN_SUCCESS;
}


/* Tells the daemon, then closes the socket.  Runs when the last
 * reference goes, maybe inside another call: the thread's error is left
 * as it was. */
static int
remoteConnectClose(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;
    virErrorPtr saved;
    int ret = 0;

    if (!priv)
        return 0;
    virErrorPreserveLast(&saved);
    remoteEventsClose(conn);
    if (virNetClientIsOpen(priv->client) &&
        remoteVoid(conn, REMOTE_PROC_CONNECT_CLOSE) < 0)
        ret = -1;
    if (saved)
        virErrorRestore(&saved);
    else
        virResetLastError();
    remotePrivateFree(priv);
    conn->privateData = NULL;
    return ret;
}


static const char *
remoteConnectGetType(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;
    char *type = g_atomic_pointer_get(&priv->type);

    if (type)
        return type;
    if (!(type = remoteString(conn, REMOTE_PROC_CONNECT_GET_TYPE)))
        return NULL;
    if (!g_atomic_pointer_compare_and_exchange(&priv->type, NULL, type))
        g_free(type);   /* another thread cached it first */
    return g_atomic_pointer_get(&priv->type);
}


static int
remoteConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(conn, REMOTE_PROC_CONNECT_GET_VERSION, &reply) < 0)
        return -1;
    *hvVer = reply.v[0].H;
    return 0;
}


static char *
remoteConnectGetHostname(virConnectPtr conn)
{
    return remoteString(conn, REMOTE_PROC_CONNECT_GET_HOSTNAME);
}


static int
remoteConnectIsAlive(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;

    return virNetClientIsOpen(priv->client) ? 1 : 0;
}


/* libvirt's semantics: 1 when the daemon does not do keepalive (it
 * answers no to feature 10), after which nothing changes. */
static int
remoteConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    remotePrivate *priv = conn->privateData;
    int supported;

    if (interval > 0) {
        supported = remoteInt(conn, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                              VIR_DRV_FEATURE_PROGRAM_KEEPALIVE);
        if (supported < 0) {
            if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT)
                return -1;
            virResetLastError();
            supported = 0;
        }
        if (!supported)
            return 1;
    }
    virNetClientSetKeepAlive(priv->client, interval, count);
    return 0;
}


/* The daemon's library version (libvirt's client asks too), in
 * major * 1,000,000 + minor * 1,000 + micro. */
static int
remoteConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(conn, REMOTE_PROC_CONNECT_GET_LIB_VERSION, &reply) < 0)
        return -1;
    *libVer = reply.v[0].H;
    return 0;
}


/* Secure: the transport is (a UNIX socket, TLS) and so is the daemon's
 * side as it says; encrypted: the transport is TLS and the daemon's side
 * is secure. */
static int
remoteConnectIsSecureOrEncrypted(virConnectPtr conn, bool transport)
{
    int secure;

    if (!transport)
        return 0;
    if ((secure = remoteInt(conn, REMOTE_PROC_CONNECT_IS_SECURE)) < 0)
        return -1;
    return secure != 0;
}


static int
remoteConnectIsEncrypted(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;

    return remoteConnectIsSecureOrEncrypted(conn, priv->encrypted);
}


static int
remoteConnectIsSecure(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;

    return remoteConnectIsSecureOrEncrypted(conn, priv->secure);
}


static int
remoteNodeGetSecurityModel(virConnectPtr conn, virSecurityModelPtr secmodel)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(conn, REMOTE_PROC_NODE_GET_SECURITY_MODEL, &reply) < 0 ||
        remoteCopyChars(secmodel->model, sizeof(secmodel->model), reply.v[0].s,
                        "security model") < 0 ||
        remoteCopyChars(secmodel->doi, sizeof(secmodel->doi), reply.v[1].s,
                        "security DOI") < 0)
        return -1;
    return 0;
}


/* ---- domain lists ---- */

static int
remoteConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(conn, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, &reply,
                       domains != NULL, flags) < 0)
        return -1;
    return remoteHandlesCopy(conn, &reply, (void ***)domains, remoteDomainHandle);
}


static int
remoteConnectNumOfDomains(virConnectPtr conn)
{
    return remoteInt(conn, REMOTE_PROC_CONNECT_NUM_OF_DOMAINS);
}


static int
remoteConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    g_auto(remoteReply) reply = { 0 };
    const virNetValue *list = &reply.v[0];

    if (remoteCheckListMax(maxids, "domain IDs") < 0 ||
        remoteCallArgs(conn, REMOTE_PROC_CONNECT_LIST_DOMAINS, &reply, maxids) < 0)
        return -1;
    if (list->array.n > (guint32)maxids) {
        virReportError(VIR_ERR_RPC, "too many remote domain IDs: %u > %d",
                       list->array.n, maxids);
        return -1;
    }
    for (guint32 k = 0; k < list->array.n; k++)
        ids[k] = list->array.items[k].i;
    return list->array.n;
}


static int
remoteConnectNumOfDefinedDomains(virConnectPtr conn)
{
    return remoteInt(conn, REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS);
}


static int
remoteConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    return remoteListNames(conn, REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS, names, maxnames,
                           "domain names");
}


/* ---- domains ---- */

static virDomainPtr
remoteDomainLookupByID(virConnectPtr conn, int id)
{
    return remoteDomain(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, id);
}


static virDomainPtr
remoteDomainLookupByName(virConnectPtr conn, const char *name)
{
    return remoteDomain(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, name);
}


static virDomainPtr
remoteDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    return remoteDomain(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID, uuid);
}


static virDomainPtr
remoteDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    return remoteDomain(conn, REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS, xml, flags);
}


static int
remoteDomainUndefineFlags(virDomainPtr dom, unsigned int flags)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, dom, flags);
}


static virDomainPtr
remoteDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    return remoteDomain(conn, REMOTE_PROC_DOMAIN_CREATE_XML, xml, flags);
}


/* The reply names the started domain: the handle takes its new id. */
static int
remoteDomainCreateWithFlags(virDomainPtr dom, unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, &reply,
                       dom, flags) < 0)
        return -1;
    dom->id = reply.v[0].dom.id;
    return 0;
}


/* A stopped domain has no id: the handle forgets it. */
static int
remoteDomainDestroyFlags(virDomainPtr dom, unsigned int flags)
{
    if (remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_DESTROY_FLAGS, dom, flags) < 0)
        return -1;
    dom->id = -1;
    return 0;
}


static int
remoteDomainSuspend(virDomainPtr dom)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_SUSPEND, dom);
}


static int
remoteDomainResume(virDomainPtr dom)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_RESUME, dom);
}


static int
remoteDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_INFO, &reply, dom) < 0)
        return -1;
    info->state = reply.v[0].u;
    info->maxMem = reply.v[1].H;
    info->memory = reply.v[2].H;
    info->nrVirtCpu = reply.v[3].u;
    info->cpuTime = reply.v[4].H;
    return 0;
}


static int
remoteDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_STATE, &reply, dom, flags) < 0)
        return -1;
    *state = reply.v[0].i;
    if (reason)
        *reason = reply.v[1].i;
    return 0;
}


static char *
remoteDomainGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    return remoteString(dom->conn, REMOTE_PROC_DOMAIN_GET_XML_DESC, dom, flags);
}


static char *
remoteDomainGetOSType(virDomainPtr dom)
{
    return remoteString(dom->conn, REMOTE_PROC_DOMAIN_GET_OS_TYPE, dom);
}


/* KiB, or 0 after an error. */
static unsigned long long
remoteDomainGetMaxMemory(virDomainPtr dom)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_MAX_MEMORY, &reply, dom) < 0)
        return 0;
    return reply.v[0].H;
}


static int
remoteDomainIsActive(virDomainPtr dom)
{
    return remoteInt(dom->conn, REMOTE_PROC_DOMAIN_IS_ACTIVE, dom);
}


static int
remoteDomainIsPersistent(virDomainPtr dom)
{
    return remoteInt(dom->conn, REMOTE_PROC_DOMAIN_IS_PERSISTENT, dom);
}


static int
remoteDomainGetAutostart(virDomainPtr dom, int *autostart)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_AUTOSTART, &reply, dom) < 0)
        return -1;
    *autostart = reply.v[0].i;
    return 0;
}


static int
remoteDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    return remoteInt(dom->conn, REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE, dom, flags);
}


static int
remoteDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL, &reply, dom) < 0 ||
        remoteCopyChars(seclabel->label, sizeof(seclabel->label), reply.v[0].s,
                        "security label") < 0)
        return -1;
    seclabel->enforcing = reply.v[1].i;
    return 0;
}


/* ---- snapshots ---- */

#define SNAP_CONN(snap) ((snap)->domain->conn)

static virDomainSnapshotPtr
remoteDomainSnapshotCreateXML(virDomainPtr dom, const char *xml, unsigned int flags)
{
    return remoteSnapshot(dom->conn, REMOTE_PROC_DOMAIN_SNAPSHOT_CREATE_XML, dom, xml, flags);
}


static char *
remoteDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteString(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_GET_XML_DESC, snap, flags);
}


static int
remoteDomainSnapshotNum(virDomainPtr dom, unsigned int flags)
{
    return remoteInt(dom->conn, REMOTE_PROC_DOMAIN_SNAPSHOT_NUM, dom, flags);
}


static int
remoteDomainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                              unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCheckListMax(nameslen, "snapshot names") < 0 ||
        remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES, &reply,
                       dom, nameslen, flags) < 0)
        return -1;
    return remoteNamesCopy(&reply, names, nameslen, "snapshot names");
}


static int
remoteDomainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                             unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_LIST_ALL_SNAPSHOTS, &reply,
                       dom, snaps != NULL, flags) < 0)
        return -1;
    return remoteHandlesCopy(dom->conn, &reply, (void ***)snaps, remoteSnapshotHandle);
}


static int
remoteDomainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteInt(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_NUM_CHILDREN, snap, flags);
}


static int
remoteDomainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names,
                                      int nameslen, unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCheckListMax(nameslen, "snapshot names") < 0 ||
        remoteCallArgs(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES,
                       &reply, snap, nameslen, flags) < 0)
        return -1;
    return remoteNamesCopy(&reply, names, nameslen, "snapshot names");
}


static int
remoteDomainSnapshotListAllChildren(virDomainSnapshotPtr snap, virDomainSnapshotPtr **snaps,
                                    unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN,
                       &reply, snap, snaps != NULL, flags) < 0)
        return -1;
    return remoteHandlesCopy(SNAP_CONN(snap), &reply, (void ***)snaps, remoteSnapshotHandle);
}


static virDomainSnapshotPtr
remoteDomainSnapshotLookupByName(virDomainPtr dom, const char *name, unsigned int flags)
{
    return remoteSnapshot(dom->conn, REMOTE_PROC_DOMAIN_SNAPSHOT_LOOKUP_BY_NAME,
                          dom, name, flags);
}


static int
remoteDomainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags)
{
    return remoteInt(dom->conn, REMOTE_PROC_DOMAIN_HAS_CURRENT_SNAPSHOT, dom, flags);
}


static virDomainSnapshotPtr
remoteDomainSnapshotCurrent(virDomainPtr dom, unsigned int flags)
{
    return remoteSnapshot(dom->conn, REMOTE_PROC_DOMAIN_SNAPSHOT_CURRENT, dom, flags);
}


static virDomainSnapshotPtr
remoteDomainSnapshotGetParent(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteSnapshot(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_GET_PARENT, snap, flags);
}


static int
remoteDomainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteInt(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_IS_CURRENT, snap, flags);
}


static int
remoteDomainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteInt(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_HAS_METADATA, snap, flags);
}


static int
remoteDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteVoid(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_REVERT_TO_SNAPSHOT, snap, flags);
}


static int
remoteDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags)
{
    return remoteVoid(SNAP_CONN(snap), REMOTE_PROC_DOMAIN_SNAPSHOT_DELETE, snap, flags);
}


/* ---- registration ---- */

static virHypervisorDriver remoteHypervisorDriver = {
    .name = "remote",
    .errorDomain = VIR_FROM_REMOTE,
    .remote = true,   /* flags go to the daemon, whose driver checks them */
    .connectOpen = remoteConnectOpen,
    .connectClose = remoteConnectClose,
    .connectGetType = remoteConnectGetType,
    .connectGetVersion = remoteConnectGetVersion,
    .connectGetLibVersion = remoteConnectGetLibVersion,
    .connectGetHostname = remoteConnectGetHostname,
    .connectIsAlive = remoteConnectIsAlive,
    .connectSetKeepAlive = remoteConnectSetKeepAlive,
    .connectIsEncrypted = remoteConnectIsEncrypted,
    .connectIsSecure = remoteConnectIsSecure,
    .nodeGetSecurityModel = remoteNodeGetSecurityModel,
    .connectListAllDomains = remoteConnectListAllDomains,
    .connectNumOfDomains = remoteConnectNumOfDomains,
    .connectListDomains = remoteConnectListDomains,
    .connectNumOfDefinedDomains = remoteConnectNumOfDefinedDomains,
    .connectListDefinedDomains = remoteConnectListDefinedDomains,
    .domainLookupByID = remoteDomainLookupByID,
    .domainLookupByName = remoteDomainLookupByName,
    .domainLookupByUUID = remoteDomainLookupByUUID,
    .domainDefineXMLFlags = remoteDomainDefineXMLFlags,
    .domainUndefineFlags = remoteDomainUndefineFlags,
    .domainCreateXML = remoteDomainCreateXML,
    .domainCreateWithFlags = remoteDomainCreateWithFlags,
    .domainDestroyFlags = remoteDomainDestroyFlags,
    .domainSuspend = remoteDomainSuspend,
    .domainResume = remoteDomainResume,
    .domainGetInfo = remoteDomainGetInfo,
    .domainGetState = remoteDomainGetState,
    .domainGetXMLDesc = remoteDomainGetXMLDesc,
    .domainGetOSType = remoteDomainGetOSType,
    .domainGetMaxMemory = remoteDomainGetMaxMemory,
    .domainIsActive = remoteDomainIsActive,
    .domainIsPersistent = remoteDomainIsPersistent,
    .domainGetAutostart = remoteDomainGetAutostart,
    .domainHasManagedSaveImage = remoteDomainHasManagedSaveImage,
    .domainGetSecurityLabel = remoteDomainGetSecurityLabel,
    .domainQemuMonitorCommand = remoteDomainQemuMonitorCommand,
    .domainSnapshotCreateXML = remoteDomainSnapshotCreateXML,
    .domainSnapshotGetXMLDesc = remoteDomainSnapshotGetXMLDesc,
    .domainSnapshotNum = remoteDomainSnapshotNum,
    .domainSnapshotListNames = remoteDomainSnapshotListNames,
    .domainListAllSnapshots = remoteDomainListAllSnapshots,
    .domainSnapshotNumChildren = remoteDomainSnapshotNumChildren,
    .domainSnapshotListChildrenNames = remoteDomainSnapshotListChildrenNames,
    .domainSnapshotListAllChildren = remoteDomainSnapshotListAllChildren,
    .domainSnapshotLookupByName = remoteDomainSnapshotLookupByName,
    .domainHasCurrentSnapshot = remoteDomainHasCurrentSnapshot,
    .domainSnapshotCurrent = remoteDomainSnapshotCurrent,
    .domainSnapshotGetParent = remoteDomainSnapshotGetParent,
    .domainSnapshotIsCurrent = remoteDomainSnapshotIsCurrent,
    .domainSnapshotHasMetadata = remoteDomainSnapshotHasMetadata,
    .domainRevertToSnapshot = remoteDomainRevertToSnapshot,
    .domainSnapshotDelete = remoteDomainSnapshotDelete,
    .domainBlockCommit = remoteDomainBlockCommit,
    .domainBlockRebase = remoteDomainBlockRebase,
    .domainBlockCopy = remoteDomainBlockCopy,
    .domainGetBlockJobInfo = remoteDomainGetBlockJobInfo,
    .domainBlockJobAbort = remoteDomainBlockJobAbort,
    .domainBlockJobSetSpeed = remoteDomainBlockJobSetSpeed,
    .domainBackupBegin = remoteDomainBackupBegin,
    .domainBackupGetXMLDesc = remoteDomainBackupGetXMLDesc,
    .connectDomainEventRegisterAny = remoteConnectDomainEventRegisterAny,
    .connectDomainEventDeregisterAny = remoteConnectDomainEventDeregisterAny,
};

/* DRIVER+TRANSPORT for the drivers a daemon hosts; libvirt's other
 * transports are claimed to be refused by name (not "no driver"). */
static const char *const remoteSchemes[] = {
    "test+unix", "test+tcp", "test+tls",
    "qemu+unix", "qemu+tcp", "qemu+tls",
    "test+ssh", "test+libssh", "test+libssh2", "test+ext",
    "qemu+ssh", "qemu+libssh", "qemu+libssh2", "qemu+ext",
    NULL,
};

static const virConnectDriver remoteConnectDriver = {
    .uriSchemes = remoteSchemes,
    .hypervisorDriver = &remoteHypervisorDriver,
    .storageDriver = &remoteStorageDriver,
};


void
remoteRegister(void)
{
    remoteVolSnapshotDriverInit(&remoteStorageDriver);
    virRegisterConnectDriver(&remoteConnectDriver);
}
