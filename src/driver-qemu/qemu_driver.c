/*
 * qemu_driver.c: the QEMU driver's table, connections and domain calls
 *
 * qemu:///embed?root=DIR runs the driver in the calling process with all
 * of its state under DIR; qemu:///system and qemu:///session belong to
 * the daemon and are declined here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include "qemu_conf.h"
#include "qemu_command.h"
#include "qemu_process.h"
#include "qemu_snapshot.h"
#include "qemu_driver.h"
#include "storage/storage_driver.h"
#include "util/vircommand.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_driver");


/* ---- connections ---- */

static virDrvOpenStatus
qemuConnectOpen(virConnectPtr conn, virConnectAuthPtr auth G_GNUC_UNUSED,
                unsigned int flags)
{
    const char *root;

    virCheckFlags(VIR_CONNECT_RO, VIR_DRV_OPEN_ERROR);
    if ((conn->uri->server && *conn->uri->server) || STRNEQ_NULLABLE(conn->uri->path, "/embed"))
        return VIR_DRV_OPEN_DECLINED;   /* remote, or the daemon's */
    if (!(root = virURIGetParam(conn->uri, "root")) || !*root) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "URI qemu:///embed needs a root parameter (qemu:///embed?root=DIR)");
        return VIR_DRV_OPEN_ERROR;
    }
    if (!(conn->privateData = qemuDriverOpen(root)))
        return VIR_DRV_OPEN_ERROR;
    return VIR_DRV_OPEN_SUCCESS;
}


static int
qemuConnectClose(virConnectPtr conn)
{
    if (conn->privateData)
        qemuDriverClose(conn->privateData);
    conn->privateData = NULL;
    return 0;
}


static const char *
qemuConnectGetType(virConnectPtr conn G_GNUC_UNUSED)
{
    return "QEMU";
}


static int
qemuConnectGetVersion(virConnectPtr conn G_GNUC_UNUSED, unsigned long *hvVer)
{
    g_autofree char *out = NULL;
    const char *argv[] = { qemuBinary(), "--version", NULL };
    unsigned int major, minor, micro;

    if (virCommandRun(argv, &out, NULL, NULL) < 0)
        return -1;
    if (sscanf(out, "QEMU emulator version %u.%u.%u", &major, &minor, &micro) != 3) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse QEMU version from '%s'", out);
        return -1;
    }
    *hvVer = major * 1000000UL + minor * 1000UL + micro;
    return 0;
}


static char *
qemuConnectGetHostname(virConnectPtr conn G_GNUC_UNUSED)
{
    return g_strdup(g_get_host_name());
}


static int
qemuConnectIsAlive(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}


static int
qemuConnectIsEncrypted(virConnectPtr conn G_GNUC_UNUSED)
{
    return 0;
}


static int
qemuConnectIsSecure(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}


static int
qemuNodeGetSecurityModel(virConnectPtr conn G_GNUC_UNUSED,
                         virSecurityModelPtr secmodel G_GNUC_UNUSED)
{
    /* No security driver: an empty model, as libvirt reports "none". */
    return 0;
}


/* ---- listing ---- */

/* References to every domain of the driver, taken under its lock. */
static GPtrArray *
qemuDomainsRef(qemuDriver *driver)
{
    GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)virDomainObjUnref);

    g_mutex_lock(&driver->lock);
    for (size_t i = 0; i < virDomainObjListSize(driver->domains); i++)
        g_ptr_array_add(all, virDomainObjRef(virDomainObjListGet(driver->domains, i)));
    g_mutex_unlock(&driver->lock);
    return all;
}


/* Visits each domain locked; the visitor returns false to stop. */
static void
qemuDomainsForEach(virConnectPtr conn, bool (*visit)(virDomainObj *obj, void *opaque),
                   void *opaque)
{
    g_autoptr(GPtrArray) all = qemuDomainsRef(conn->privateData);

    for (size_t i = 0; i < all->len; i++) {
        virDomainObj *obj = all->pdata[i];
        virDomainPtr dom = virDomainObjHandle(conn, obj);
        bool more = true;

        /* Through Begin, so that pending events are applied first. */
        if ((obj = qemuDomainBegin(dom))) {
            more = visit(obj, opaque);
            qemuDomainEnd(obj);
        } else {
            virResetLastError();
        }
        virObjectUnref(dom);
        if (!more)
            break;
    }
}


typedef struct {
    virConnectPtr conn;
    unsigned int flags;
    GPtrArray *handles;
    int count;
    int *ids;
    char **names;
    int max;
    bool active;
} qemuListData;


static bool
qemuListMatching(virDomainObj *obj, void *opaque)
{
    qemuListData *data = opaque;

    if (!virDomainObjMatches(obj, data->flags))
        return true;
    data->count++;
    if (data->handles)
        g_ptr_array_add(data->handles, virDomainObjHandle(data->conn, obj));
    return true;
}


static int
qemuConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    qemuListData data = { conn, flags, NULL, 0, NULL, NULL, 0, false };

    if (domains)
        data.handles = g_ptr_array_new();
    qemuDomainsForEach(conn, qemuListMatching, &data);
    if (domains) {
        g_ptr_array_add(data.handles, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(data.handles, FALSE);
    }
    return data.count;
}


static bool
qemuListIDsOrNames(virDomainObj *obj, void *opaque)
{
    qemuListData *data = opaque;

    if (virDomainObjIsActive(obj) != data->active)
        return true;
    if (data->ids || data->names) {
        if (data->count >= data->max)
            return false;
        if (data->ids)
            data->ids[data->count] = obj->id;
        else
            data->names[data->count] = g_strdup(obj->def->name);
    }
    data->count++;
    return true;
}


static int
qemuConnectNumOfDomains(virConnectPtr conn)
{
    qemuListData data = { .active = true };

    qemuDomainsForEach(conn, qemuListIDsOrNames, &data);
    return data.count;
}


static int
qemuConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    qemuListData data = { .active = true, .ids = ids, .max = maxids };

    qemuDomainsForEach(conn, qemuListIDsOrNames, &data);
    return data.count;
}


static int
qemuConnectNumOfDefinedDomains(virConnectPtr conn)
{
    qemuListData data = { .active = false };

    qemuDomainsForEach(conn, qemuListIDsOrNames, &data);
    return data.count;
}


static int
qemuConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    qemuListData data = { .active = false, .names = names, .max = maxnames };

    qemuDomainsForEach(conn, qemuListIDsOrNames, &data);
    return data.count;
}


/* ---- lookup ---- */

static virDomainPtr
qemuDomainLookupByID(virConnectPtr conn, int id)
{
    qemuDriver *driver = conn->privateData;
    virDomainPtr ret;

    g_mutex_lock(&driver->lock);
    ret = virDomainObjListLookupID(driver->domains, conn, id, VIR_FROM_QEMU);
    g_mutex_unlock(&driver->lock);
    return ret;
}


static virDomainPtr
qemuDomainLookupByName(virConnectPtr conn, const char *name)
{
    qemuDriver *driver = conn->privateData;
    virDomainPtr ret;

    g_mutex_lock(&driver->lock);
    ret = virDomainObjListLookupName(driver->domains, conn, name, VIR_FROM_QEMU);
    g_mutex_unlock(&driver->lock);
    return ret;
}


static virDomainPtr
qemuDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    qemuDriver *driver = conn->privateData;
    virDomainPtr ret;

    g_mutex_lock(&driver->lock);
    ret = virDomainObjListLookupUUID(driver->domains, conn, uuid, VIR_FROM_QEMU);
    g_mutex_unlock(&driver->lock);
    return ret;
}


/* ---- storage: directory pools kept under the root ---- */

static int
qemuStorageOpen(virConnectPtr conn)
{
    qemuDriver *driver = conn->privateData;

    return virStorageDirOpen(conn, driver->root);
}


static virHypervisorDriver qemuHypervisorDriver;
static virStorageDriver qemuStorageDriver;

static const char *const qemuSchemes[] = { "qemu", NULL };

static const virConnectDriver qemuConnectDriver = {
    .uriSchemes = qemuSchemes,
    .hypervisorDriver = &qemuHypervisorDriver,
    .storageDriver = &qemuStorageDriver,
};


void
qemuRegister(void)
{
    virStorageDriverInit(&qemuStorageDriver, "dir", qemuStorageOpen, virStorageDirClose);
    virRegisterConnectDriver(&qemuConnectDriver);
}


VIR_SNAPSHOT_QUERY_DEFINE(qemu, &qemuSnapshotQueryOps)

static virHypervisorDriver qemuHypervisorDriver = {
    .name = "QEMU",
    .errorDomain = VIR_FROM_QEMU,
    .connectOpen = qemuConnectOpen,
    .connectClose = qemuConnectClose,
    .connectGetType = qemuConnectGetType,
    .connectGetVersion = qemuConnectGetVersion,
    .connectGetHostname = qemuConnectGetHostname,
    .connectIsAlive = qemuConnectIsAlive,
    .connectIsEncrypted = qemuConnectIsEncrypted,
    .connectIsSecure = qemuConnectIsSecure,
    .nodeGetSecurityModel = qemuNodeGetSecurityModel,
    .connectListAllDomains = qemuConnectListAllDomains,
    .connectNumOfDomains = qemuConnectNumOfDomains,
    .connectListDomains = qemuConnectListDomains,
    .connectNumOfDefinedDomains = qemuConnectNumOfDefinedDomains,
    .connectListDefinedDomains = qemuConnectListDefinedDomains,
    .domainLookupByID = qemuDomainLookupByID,
    .domainLookupByName = qemuDomainLookupByName,
    .domainLookupByUUID = qemuDomainLookupByUUID,
    .domainDefineXMLFlags = qemuDomainDefineXMLFlags,
    .domainUndefineFlags = qemuDomainUndefineFlags,
    .domainCreateXML = qemuDomainCreateXML,
    .domainCreateWithFlags = qemuDomainCreateWithFlags,
    .domainDestroyFlags = qemuDomainDestroyFlags,
    .domainSuspend = qemuDomainSuspend,
    .domainResume = qemuDomainResume,
    .domainGetInfo = qemuDomainGetInfo,
    .domainGetState = qemuDomainGetState,
    .domainGetXMLDesc = qemuDomainGetXMLDesc,
    .domainGetOSType = qemuDomainGetOSType,
    .domainGetMaxMemory = qemuDomainGetMaxMemory,
    .domainIsActive = qemuDomainIsActive,
    .domainIsPersistent = qemuDomainIsPersistent,
    .domainGetAutostart = qemuDomainGetAutostart,
    .domainHasManagedSaveImage = qemuDomainHasManagedSaveImage,
    .domainGetSecurityLabel = qemuDomainGetSecurityLabel,
    .domainQemuMonitorCommand = qemuDomainQemuMonitorCommand,
    VIR_SNAPSHOT_QUERY_TABLE(qemu),
    .domainSnapshotCreateXML = qemuDomainSnapshotCreateXML,
    .domainRevertToSnapshot = qemuDomainRevertToSnapshot,
    .domainSnapshotDelete = qemuDomainSnapshotDelete,
};
