/*
 * test_domain.c: the test driver's domains and their lifecycle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_domain");


void
testDomainObjFree(testDomainObj *obj)
{
    if (!obj)
        return;
    virDomainDefUnref(obj->def);
    virDomainDefUnref(obj->newDef);
    virMomentTreeFree(obj->snapshots);
    g_free(obj);
}


bool
testDomainObjIsActive(const testDomainObj *obj)
{
    return obj->state != VIR_DOMAIN_SHUTOFF;
}


virDomainDef *
testDomainObjPersistentDef(testDomainObj *obj)
{
    return obj->newDef ? obj->newDef : obj->def;
}


void
testDomainObjSetDefs(testDomainObj *obj, virDomainDef *live, virDomainDef *persistent)
{
    virDomainDef *oldLive = obj->def;
    virDomainDef *oldPersistent = obj->newDef;

    obj->def = live;
    obj->newDef = persistent;
    virDomainDefUnref(oldLive);
    virDomainDefUnref(oldPersistent);
}


void
testDomainObjStart(testDriver *driver, testDomainObj *obj, virDomainPtr handle,
                int state, int reason)
{
    obj->state = state;
    obj->reason = reason;
    obj->id = driver->nextId++;
    if (handle)
        handle->id = obj->id;
}


void
testDomainObjShutoff(testDriver *driver G_GNUC_UNUSED, testDomainObj *obj,
                  virDomainPtr handle, int reason)
{
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = reason;
    obj->id = -1;
    if (handle)
        handle->id = -1;
    /* The pending persistent definition takes over once stopped. */
    if (obj->newDef)
        testDomainObjSetDefs(obj, g_steal_pointer(&obj->newDef), NULL);
}


/* A transient domain ceases to exist once it stops. */
static void
testDomainRemoveIfTransient(testDriver *driver, testDomainObj *obj)
{
    if (!obj->persistent && !testDomainObjIsActive(obj))
        g_ptr_array_remove(driver->domains, obj);
}


static testDomainObj *
testDomainFindByUUID(testDriver *driver, const unsigned char *uuid)
{
    for (size_t i = 0; i < driver->domains->len; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (memcmp(obj->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return obj;
    }
    return NULL;
}


static testDomainObj *
testDomainFindByName(testDriver *driver, const char *name)
{
    for (size_t i = 0; i < driver->domains->len; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (STREQ(obj->def->name, name))
            return obj;
    }
    return NULL;
}


testDomainObj *
testDomainFromHandle(testDriver *driver, virDomainPtr dom)
{
    testDomainObj *obj = testDomainFindByUUID(driver, dom->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!obj)
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
                       virUUIDFormat(dom->uuid, uuidstr), dom->name);
    return obj;
}


static virDomainPtr
testDomainHandle(virConnectPtr conn, const testDomainObj *obj)
{
    return virGetDomain(conn, obj->def->name, obj->def->uuid, obj->id);
}


/* ---- lookup and listing ---- */

virDomainPtr
testDomainLookupByID(virConnectPtr conn, int id)
{
    testDriver *driver = testDriverLock(conn);
    virDomainPtr ret = NULL;

    for (size_t i = 0; i < driver->domains->len && !ret; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (obj->id == id && testDomainObjIsActive(obj))
            ret = testDomainHandle(conn, obj);
    }
    if (!ret)
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching id '%d'", id);
    testDriverUnlock(driver);
    return ret;
}


virDomainPtr
testDomainLookupByName(virConnectPtr conn, const char *name)
{
    testDriver *driver = testDriverLock(conn);
    testDomainObj *obj = testDomainFindByName(driver, name);
    virDomainPtr ret = NULL;

    if (obj)
        ret = testDomainHandle(conn, obj);
    else
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'", name);
    testDriverUnlock(driver);
    return ret;
}


virDomainPtr
testDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    testDriver *driver = testDriverLock(conn);
    testDomainObj *obj = testDomainFindByUUID(driver, uuid);
    virDomainPtr ret = NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (obj)
        ret = testDomainHandle(conn, obj);
    else
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s'",
                       virUUIDFormat(uuid, uuidstr));
    testDriverUnlock(driver);
    return ret;
}


/* True if @obj passes the filter groups of @flags; within a group the
 * bits are alternatives, a group without bits does not filter. */
static bool
testDomainMatches(const testDomainObj *obj, unsigned int flags)
{
    struct { unsigned int yes, no; bool is; } groups[] = {
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE,
          testDomainObjIsActive(obj) },
        { VIR_CONNECT_LIST_DOMAINS_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT,
          obj->persistent },
        { VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE,
          obj->hasManagedSave },
        { VIR_CONNECT_LIST_DOMAINS_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART,
          obj->autostart },
        { VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT,
          virMomentTreeSize(obj->snapshots) > 0 },
        { VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT,
          false },
    };
    unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
                          VIR_CONNECT_LIST_DOMAINS_PAUSED |
                          VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                          VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine;

    for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
        if ((flags & (groups[i].yes | groups[i].no)) &&
            !(flags & (groups[i].is ? groups[i].yes : groups[i].no)))
            return false;
    }
    switch (obj->state) {
    case VIR_DOMAIN_RUNNING: mine = VIR_CONNECT_LIST_DOMAINS_RUNNING; break;
    case VIR_DOMAIN_PAUSED: mine = VIR_CONNECT_LIST_DOMAINS_PAUSED; break;
    case VIR_DOMAIN_SHUTOFF: mine = VIR_CONNECT_LIST_DOMAINS_SHUTOFF; break;
    default: mine = VIR_CONNECT_LIST_DOMAINS_OTHER; break;
    }
    return !(flags & states) || (flags & mine);
}


int
testConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                          unsigned int flags)
{
    testDriver *driver = testDriverLock(conn);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    int n = 0;

    for (size_t i = 0; i < driver->domains->len; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (!testDomainMatches(obj, flags))
            continue;
        n++;
        if (domains)
            g_ptr_array_add(list, testDomainHandle(conn, obj));
    }
    if (domains) {
        g_ptr_array_add(list, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(g_steal_pointer(&list), FALSE);
    }
    testDriverUnlock(driver);
    return n;
}


int
testConnectNumOfDomains(virConnectPtr conn)
{
    testDriver *driver = testDriverLock(conn);
    int n = 0;

    for (size_t i = 0; i < driver->domains->len; i++)
        n += testDomainObjIsActive(driver->domains->pdata[i]);
    testDriverUnlock(driver);
    return n;
}


int
testConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    testDriver *driver = testDriverLock(conn);
    int n = 0;

    for (size_t i = 0; i < driver->domains->len && n < maxids; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (testDomainObjIsActive(obj))
            ids[n++] = obj->id;
    }
    testDriverUnlock(driver);
    return n;
}


int
testConnectNumOfDefinedDomains(virConnectPtr conn)
{
    testDriver *driver = testDriverLock(conn);
    int n = 0;

    for (size_t i = 0; i < driver->domains->len; i++)
        n += !testDomainObjIsActive(driver->domains->pdata[i]);
    testDriverUnlock(driver);
    return n;
}


int
testConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    testDriver *driver = testDriverLock(conn);
    int n = 0;

    for (size_t i = 0; i < driver->domains->len && n < maxnames; i++) {
        testDomainObj *obj = driver->domains->pdata[i];

        if (!testDomainObjIsActive(obj))
            names[n++] = g_strdup(obj->def->name);
    }
    testDriverUnlock(driver);
    return n;
}


/* ---- definition ---- */

/* A new definition must not take another domain's name or UUID. */
static int
testDomainCheckIdentity(testDriver *driver, const virDomainDef *def,
                        testDomainObj **existing)
{
    testDomainObj *byName = testDomainFindByName(driver, def->name);
    testDomainObj *byUUID = testDomainFindByUUID(driver, def->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    /* libvirt raises these in its domain list code: VIR_FROM_DOMAIN. */
    if (byName && byName != byUUID) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, __func__,
                       "domain '%s' already exists with uuid %s", byName->def->name,
                       virUUIDFormat(byName->def->uuid, uuidstr));
        return -1;
    }
    if (byUUID && !byName) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, __func__,
                       "domain '%s' is already defined with uuid %s", byUUID->def->name,
                       virUUIDFormat(byUUID->def->uuid, uuidstr));
        return -1;
    }
    *existing = byName;
    return 0;
}


static int
testDomainRegisterImages(testDriver *driver, const virDomainDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (testImagesAddChain(driver->images, def->disks[i]->src) < 0)
            return -1;
    }
    return 0;
}


static testDomainObj *
testDomainAdd(testDriver *driver, virDomainDef *def, bool persistent)
{
    testDomainObj *obj = g_new0(testDomainObj, 1);

    obj->def = def;
    obj->persistent = persistent;
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->id = -1;
    obj->snapshots = virMomentTreeNew((GDestroyNotify)virDomainSnapshotDefFree);
    g_ptr_array_add(driver->domains, obj);
    return obj;
}


virDomainPtr
testDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver;
    g_autoptr(virDomainDef) def = NULL;
    testDomainObj *obj = NULL;
    virDomainPtr ret = NULL;

    virCheckFlags(VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    driver = testDriverLock(conn);
    if (!(def = virDomainDefParseString(xml, flags & VIR_DOMAIN_DEFINE_VALIDATE)) ||
        testDomainCheckIdentity(driver, def, &obj) < 0 ||
        testDomainRegisterImages(driver, def) < 0)
        goto cleanup;

    if (!obj)
        obj = testDomainAdd(driver, g_steal_pointer(&def), true);
    else if (testDomainObjIsActive(obj))
        testDomainObjSetDefs(obj, virDomainDefRef(obj->def), g_steal_pointer(&def));
    else
        testDomainObjSetDefs(obj, g_steal_pointer(&def), NULL);
    obj->persistent = true;
    ret = testDomainHandle(conn, obj);

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


int
testDomainUndefineFlags(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    size_t nsnapshots;
    int ret = -1;

    /* No NVRAM, TPM or checkpoints here: libvirt's test driver refuses
     * those flags too. */
    virCheckFlags(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                  VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA, -1);
    driver = testDriverLock(dom->conn);
    if (!(obj = testDomainFromHandle(driver, dom)))
        goto cleanup;
    if (!obj->persistent) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot undefine transient domain");
        goto cleanup;
    }
    if (obj->hasManagedSave && !(flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "Refusing to undefine while domain managed save image exists");
        goto cleanup;
    }
    /* An active domain lives on as a transient one, snapshots included,
     * so only undefining an inactive one needs the flag (as in libvirt). */
    nsnapshots = virMomentTreeSize(obj->snapshots);
    if (nsnapshots && !testDomainObjIsActive(obj) &&
        !(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot delete inactive domain with %zu snapshots", nsnapshots);
        goto cleanup;
    }

    obj->hasManagedSave = false;
    if (testDomainObjIsActive(obj)) {
        /* It lives on as a transient domain, snapshots included. */
        obj->persistent = false;
        testDomainObjSetDefs(obj, virDomainDefRef(obj->def), NULL);
    } else {
        g_ptr_array_remove(driver->domains, obj);
    }
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* ---- lifecycle ---- */

virDomainPtr
testDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver;
    g_autoptr(virDomainDef) def = NULL;
    testDomainObj *obj = NULL;
    virDomainPtr ret = NULL;

    virCheckFlags(VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);
    driver = testDriverLock(conn);
    if (!(def = virDomainDefParseString(xml, flags & VIR_DOMAIN_START_VALIDATE)) ||
        testDomainCheckIdentity(driver, def, &obj) < 0)
        goto cleanup;
    if (obj && testDomainObjIsActive(obj)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, __func__,
                       "domain '%s' is already active", obj->def->name);
        goto cleanup;
    }
    if (testDomainRegisterImages(driver, def) < 0)
        goto cleanup;

    if (!obj) {
        obj = testDomainAdd(driver, g_steal_pointer(&def), false);
    } else {
        /* Running a defined domain with a one-off definition. */
        testDomainObjSetDefs(obj, g_steal_pointer(&def), virDomainDefRef(obj->def));
    }
    if (flags & VIR_DOMAIN_START_PAUSED)
        testDomainObjStart(driver, obj, NULL, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    else
        testDomainObjStart(driver, obj, NULL, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    ret = testDomainHandle(conn, obj);

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


int
testDomainCreateWithFlags(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_START_PAUSED, -1);
    driver = testDriverLock(dom->conn);
    if (!(obj = testDomainFromHandle(driver, dom)))
        goto cleanup;
    if (testDomainObjIsActive(obj)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Domain '%s' is already running", obj->def->name);
        goto cleanup;
    }
    obj->hasManagedSave = false;
    if (flags & VIR_DOMAIN_START_PAUSED)
        testDomainObjStart(driver, obj, dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    else
        testDomainObjStart(driver, obj, dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* The domain of @dom if it is running or paused; VIR_ERR_OPERATION_INVALID
 * otherwise (from the domain code, VIR_FROM_DOMAIN, as in libvirt). */
static testDomainObj *
testDomainActiveFromHandle(testDriver *driver, virDomainPtr dom)
{
    testDomainObj *obj = testDomainFromHandle(driver, dom);

    if (obj && !testDomainObjIsActive(obj)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, __func__,
                       "%s", "domain is not running");
        return NULL;
    }
    return obj;
}


int
testDomainDestroyFlags(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    driver = testDriverLock(dom->conn);
    if ((obj = testDomainActiveFromHandle(driver, dom))) {
        testDomainObjShutoff(driver, obj, dom, VIR_DOMAIN_SHUTOFF_DESTROYED);
        testDomainRemoveIfTransient(driver, obj);
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}


/* Moves the domain of @dom from state @from to @to (with @reason); like
 * libvirt's, a shut-off domain is just "not running" / "not paused". */
static int
testDomainChangeState(virDomainPtr dom, int from, const char *fromName,
                      int to, int reason)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom))) {
        if (obj->state != from) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "domain '%s' not %s",
                           obj->def->name, fromName);
        } else {
            obj->state = to;
            obj->reason = reason;
            ret = 0;
        }
    }
    testDriverUnlock(driver);
    return ret;
}


int
testDomainSuspend(virDomainPtr dom)
{
    return testDomainChangeState(dom, VIR_DOMAIN_RUNNING, "running",
                                 VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
}


int
testDomainResume(virDomainPtr dom)
{
    return testDomainChangeState(dom, VIR_DOMAIN_PAUSED, "paused",
                                 VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
}


/* ---- information ---- */

int
testDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom))) {
        info->state = obj->state;
        info->maxMem = obj->def->memory;
        info->memory = obj->def->currentMemory;
        info->nrVirtCpu = obj->def->vcpusCurrent ? obj->def->vcpusCurrent : obj->def->vcpus;
        /* Like libvirt's test driver: the wall clock, in nanoseconds. */
        info->cpuTime = g_get_real_time() * 1000ULL;
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}


int
testDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    int ret = -1;

    virCheckFlags(0, -1);
    driver = testDriverLock(dom->conn);
    if ((obj = testDomainFromHandle(driver, dom))) {
        *state = obj->state;
        if (reason)
            *reason = obj->reason;
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}


char *
testDomainGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    char *ret = NULL;

    /* No host CPU to update against: UPDATE_CPU is refused, as in libvirt. */
    virCheckFlags(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                  VIR_DOMAIN_XML_MIGRATABLE, NULL);
    driver = testDriverLock(dom->conn);
    if ((obj = testDomainFromHandle(driver, dom))) {
        unsigned int fmt = (flags & VIR_DOMAIN_XML_SECURE) ? VIR_DOMAIN_DEF_FORMAT_SECURE : 0;

        if (flags & VIR_DOMAIN_XML_INACTIVE)
            ret = virDomainDefFormat(testDomainObjPersistentDef(obj), -1,
                                     fmt | VIR_DOMAIN_DEF_FORMAT_INACTIVE);
        else
            ret = virDomainDefFormat(obj->def, obj->id, fmt);
    }
    testDriverUnlock(driver);
    return ret;
}


char *
testDomainGetOSType(virDomainPtr dom)
{
    testDriver *driver = testDriverLock(dom->conn);
    char *ret = NULL;

    /* libvirt's test driver calls every guest "linux". */
    if (testDomainFromHandle(driver, dom))
        ret = g_strdup("linux");
    testDriverUnlock(driver);
    return ret;
}


unsigned long long
testDomainGetMaxMemory(virDomainPtr dom)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    unsigned long long ret = 0;

    if ((obj = testDomainFromHandle(driver, dom)))
        ret = obj->def->memory;
    testDriverUnlock(driver);
    return ret;
}


/* Reads one boolean property of the domain of @dom. */
static int
testDomainGetFlag(virDomainPtr dom, size_t offset)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom)))
        ret = *(bool *)((char *)obj + offset);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainIsActive(virDomainPtr dom)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom)))
        ret = testDomainObjIsActive(obj);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainIsPersistent(virDomainPtr dom)
{
    return testDomainGetFlag(dom, G_STRUCT_OFFSET(testDomainObj, persistent));
}


int
testDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    virCheckFlags(0, -1);
    return testDomainGetFlag(dom, G_STRUCT_OFFSET(testDomainObj, hasManagedSave));
}


/* The test host's security driver labels every running domain alike. */
int
testDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel)
{
    testDriver *driver = testDriverLock(dom->conn);
    testDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom))) {
        if (testDomainObjIsActive(obj)) {
            g_strlcpy(seclabel->label, "libvirt-test", sizeof(seclabel->label));
            seclabel->enforcing = 1;
        }
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}


int
testDomainGetAutostart(virDomainPtr dom, int *autostart)
{
    int ret = testDomainGetFlag(dom, G_STRUCT_OFFSET(testDomainObj, autostart));

    if (ret < 0)
        return -1;
    *autostart = ret;
    return 0;
}
