/*
 * qemu_domain.c: the QEMU driver's domains: locking for API calls,
 * monitor events, and the files that keep them across processes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>

#include "qemu_conf.h"
#include "qemu_process.h"
#include "qemu_snapshot.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"
#include "util/viruuid.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_domain");

/* Definitions and status files are small; anything larger is not ours. */
#define QEMU_DOMAIN_MAX_XML (16 * 1024 * 1024)


static void
qemuDomainPrivateFree(void *opaque)
{
    qemuDomainPrivate *priv = opaque;

    qemuMonitorClose(priv->mon);
    g_queue_clear_full(&priv->events, g_free);
    g_mutex_clear(&priv->eventLock);
    g_free(priv->interrupted);
    g_hash_table_unref(priv->nodes);
    g_free(priv);
}


virDomainObj *
qemuDomainObjAdd(qemuDriver *driver, virDomainDef *def, bool persistent)
{
    g_autoptr(virDomainObj) obj = virDomainObjNew(def, persistent);
    qemuDomainPrivate *priv = g_new0(qemuDomainPrivate, 1);

    priv->driver = driver;
    g_mutex_init(&priv->eventLock);
    g_queue_init(&priv->events);
    priv->nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    obj->privateData = priv;
    obj->privateDataFree = qemuDomainPrivateFree;
    virDomainObjListAdd(driver->domains, obj);
    return obj;
}


char *
qemuDomainNewNodeName(virDomainObj *obj)
{
    return g_strdup_printf("sv%u", ++qemuDomainPriv(obj)->nodeCounter);
}


/* ---- monitor events ---- */

void
qemuDomainMonitorEvent(qemuMonitor *mon G_GNUC_UNUSED, const char *name,
                       json_object *data G_GNUC_UNUSED, void *opaque)
{
    qemuDomainPrivate *priv = opaque;

    /* The reader thread: queue only, the domain may be locked. */
    g_mutex_lock(&priv->eventLock);
    if (!name)
        g_queue_push_tail(&priv->events, g_strdup(""));
    else if (STREQ(name, "SHUTDOWN"))
        priv->guestShutdown = true;
    else if (STREQ(name, "STOP") || STREQ(name, "RESUME"))
        g_queue_push_tail(&priv->events, g_strdup(name));
    g_mutex_unlock(&priv->eventLock);
}


void
qemuDomainDiscardEvents(virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    GList *l, *next;

    g_mutex_lock(&priv->eventLock);
    for (l = priv->events.head; l; l = next) {
        next = l->next;
        if (*(char *)l->data) {
            g_free(l->data);
            g_queue_delete_link(&priv->events, l);
        }
    }
    g_mutex_unlock(&priv->eventLock);
}


/* Applies what happened to QEMU while no call was looking: a pause or a
 * resume from elsewhere, or its end. */
static void
qemuDomainApplyEvents(qemuDriver *driver, virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    GQueue events = G_QUEUE_INIT;
    bool shutdown;
    char *name;

    g_mutex_lock(&priv->eventLock);
    events = priv->events;
    g_queue_init(&priv->events);
    shutdown = priv->guestShutdown;
    g_mutex_unlock(&priv->eventLock);

    while ((name = g_queue_pop_head(&events))) {
        if (!*name && virDomainObjIsActive(obj)) {
            VIR_INFO("QEMU of domain '%s' ended (%s)", obj->def->name,
                     shutdown ? "guest shutdown" : "unexpectedly");
            qemuProcessStopped(driver, obj, NULL,
                               shutdown ? VIR_DOMAIN_SHUTOFF_SHUTDOWN :
                                          VIR_DOMAIN_SHUTOFF_CRASHED);
        } else if (STREQ(name, "STOP") && obj->state == VIR_DOMAIN_RUNNING) {
            virDomainObjSetState(obj, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_UNKNOWN);
        } else if (STREQ(name, "RESUME") && obj->state == VIR_DOMAIN_PAUSED) {
            virDomainObjSetState(obj, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
        }
        g_free(name);
    }
}


/* ---- locking for API calls ---- */

virDomainObj *
qemuDomainBegin(virDomainPtr dom)
{
    qemuDriver *driver = dom->conn->privateData;
    virDomainObj *obj;

    g_mutex_lock(&driver->lock);
    if ((obj = virDomainObjListFromHandle(driver->domains, dom, VIR_FROM_QEMU)))
        virDomainObjRef(obj);
    g_mutex_unlock(&driver->lock);
    if (!obj)
        return NULL;

    g_mutex_lock(&obj->lock);
    if (!obj->removed) {
        qemuDomainApplyEvents(driver, obj);
        if (!obj->persistent && !virDomainObjIsActive(obj))
            qemuDomainRemove(driver, obj);
    }
    if (obj->removed) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];

        g_mutex_unlock(&obj->lock);
        virDomainObjUnref(obj);
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
                       virUUIDFormat(dom->uuid, uuidstr), dom->name);
        return NULL;
    }
    return obj;
}


virDomainObj *
qemuDomainBeginActive(virDomainPtr dom)
{
    virDomainObj *obj = qemuDomainBegin(dom);

    if (obj && !virDomainObjIsActive(obj)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, __func__,
                       "%s", "domain is not running");
        qemuDomainEnd(obj);
        return NULL;
    }
    return obj;
}


void
qemuDomainEnd(virDomainObj *obj)
{
    if (!obj)
        return;
    if (!obj->removed)
        qemuDomainDiscardEvents(obj);
    g_mutex_unlock(&obj->lock);
    virDomainObjUnref(obj);
}


void
qemuDomainRemove(qemuDriver *driver, virDomainObj *obj)
{
    /* The driver lock comes first: let the domain go meanwhile (the
     * caller's reference keeps it alive). */
    g_mutex_unlock(&obj->lock);
    g_mutex_lock(&driver->lock);
    g_mutex_lock(&obj->lock);
    if (!obj->removed)
        virDomainObjListRemove(driver->domains, obj);
    g_mutex_unlock(&driver->lock);
}


static virDomainObj *
qemuSnapshotQueryBegin(virDomainPtr dom)
{
    return qemuDomainBegin(dom);
}


static void
qemuSnapshotQueryEnd(virDomainPtr dom G_GNUC_UNUSED, virDomainObj *obj)
{
    qemuDomainEnd(obj);
}


const virSnapshotQueryOps qemuSnapshotQueryOps = {
    .begin = qemuSnapshotQueryBegin,
    .end = qemuSnapshotQueryEnd,
    .errorDomain = VIR_FROM_QEMU,
};


/* ---- files ---- */

int
qemuDomainSaveConfig(qemuDriver *driver, virDomainObj *obj)
{
    virDomainDef *def = virDomainObjPersistentDef(obj);
    g_autofree char *path = qemuDomainConfigPath(driver, def->name);
    g_autofree char *xml = virDomainDefFormat(def, -1, VIR_DOMAIN_DEF_FORMAT_INACTIVE |
                                                       VIR_DOMAIN_DEF_FORMAT_SECURE);

    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}


int
qemuDomainSaveStatus(qemuDriver *driver, virDomainObj *obj)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    g_autofree char *path = qemuDomainStatusPath(driver, obj->def->name);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *xml = NULL;

    virBufferAsprintf(&buf, "<domstatus state='%d' reason='%d' pid='%lld' id='%d' "
                      "nodes='%u'>\n", obj->state, obj->reason, (long long)priv->pid,
                      obj->id, priv->nodeCounter);
    virBufferAdjustIndent(&buf, 2);
    virDomainDefFormatBuf(&buf, obj->def, obj->id, VIR_DOMAIN_DEF_FORMAT_SECURE);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domstatus>\n");
    xml = virBufferContentAndReset(&buf);
    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}


void
qemuDomainRemoveStatus(qemuDriver *driver, virDomainObj *obj)
{
    g_autofree char *path = qemuDomainStatusPath(driver, obj->def->name);

    if (virFileRemove(path) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
    }
}


/* Reads a definition file; its name must be the domain's. */
static virDomainDef *
qemuDomainLoadConfig(const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_autofree char *xml = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *expected = NULL;

    if (virFileReadAll(path, QEMU_DOMAIN_MAX_XML, &xml) < 0 ||
        !(def = virDomainDefParseString(xml, false)))
        return NULL;
    expected = g_strdup_printf("%s.xml", def->name);
    if (STRNEQ(expected, file)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "domain config file '%s' holds domain '%s'", path, def->name);
        return NULL;
    }
    return g_steal_pointer(&def);
}


/* Re-attaches to the QEMU a status file describes; a status whose QEMU
 * is gone is removed. */
static int
qemuDomainLoadStatus(qemuDriver *driver, const char *file)
{
    g_autofree char *path = g_build_filename(driver->stateDir, file, NULL);
    g_autofree char *xml = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virDomainDef) def = NULL;
    xmlNodePtr root;
    g_autofree char *state = NULL, *reason = NULL, *pid = NULL, *id = NULL, *nodes = NULL;
    virDomainObj *obj;
    virDomainObj *existing;
    qemuProcessStatus status = { 0 };

    if (virFileReadAll(path, QEMU_DOMAIN_MAX_XML, &xml) < 0 ||
        !(doc = virXMLParseString(xml, path, "domstatus", NULL)))
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!(def = virDomainDefParseNode(virXMLChild(root, "domain"))))
        return -1;
    state = virXMLPropString(root, "state");
    reason = virXMLPropString(root, "reason");
    pid = virXMLPropString(root, "pid");
    id = virXMLPropString(root, "id");
    nodes = virXMLPropString(root, "nodes");
    status.state = state ? atoi(state) : VIR_DOMAIN_RUNNING;
    status.reason = reason ? atoi(reason) : 0;
    status.pid = pid ? (pid_t)g_ascii_strtoll(pid, NULL, 10) : 0;
    status.id = id ? atoi(id) : -1;
    status.nodes = nodes ? (unsigned int)g_ascii_strtoull(nodes, NULL, 10) : 0;

    if (virDomainObjListCheckIdentity(driver->domains, def, &existing) < 0)
        return -1;
    obj = existing ? existing : qemuDomainObjAdd(driver, virDomainDefRef(def), false);
    if (qemuProcessReattach(driver, obj, g_steal_pointer(&def), &status) < 0) {
        VIR_WARN("cannot re-attach to QEMU of domain '%s': %s", obj->def->name,
                 virGetLastErrorMessage());
        virResetLastError();
        if (virFileRemove(path) < 0)
            return -1;
        if (!obj->persistent)
            virDomainObjListRemove(driver->domains, obj);
    }
    return 0;
}


/* Calls @load(driver, file) for each "*.xml" in @dir. */
static int
qemuDomainForEachXML(qemuDriver *driver, const char *dir,
                     int (*load)(qemuDriver *driver, const char *file))
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &gerr);
    const char *file;

    if (!d) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot read '%s': %s", dir, gerr->message);
        return -1;
    }
    while ((file = g_dir_read_name(d))) {
        if (g_str_has_suffix(file, ".xml") && load(driver, file) < 0)
            return -1;
    }
    return 0;
}


static int
qemuDomainLoadConfigFile(qemuDriver *driver, const char *file)
{
    virDomainDef *def = qemuDomainLoadConfig(driver->configDir, file);
    virDomainObj *existing;

    if (!def)
        return -1;
    if (virDomainObjListCheckIdentity(driver->domains, def, &existing) < 0 || existing) {
        virDomainDefUnref(def);
        return -1;
    }
    qemuDomainObjAdd(driver, def, true);
    return 0;
}


int
qemuDomainLoadAll(qemuDriver *driver)
{
    if (qemuDomainForEachXML(driver, driver->configDir, qemuDomainLoadConfigFile) < 0 ||
        qemuDomainForEachXML(driver, driver->stateDir, qemuDomainLoadStatus) < 0)
        return -1;
    for (size_t i = 0; i < virDomainObjListSize(driver->domains); i++) {
        if (qemuSnapshotLoadAll(driver, virDomainObjListGet(driver->domains, i)) < 0)
            return -1;
    }
    return 0;
}
