/*
 * test_domain.c: the test driver's domains and their lifecycle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "test_blockjob.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_domain");


void
testDomainObjStart(testDriver *driver, virDomainObj *obj, virDomainPtr handle,
                   int state, int reason)
{
    virDomainObjSetState(obj, state, reason);
    obj->id = virDomainObjListNextID(driver->domains);
    if (handle)
        handle->id = obj->id;
}


/* A transient domain ceases to exist once it stops. */
static void
testDomainRemoveIfTransient(testDriver *driver, virDomainObj *obj)
{
    if (!obj->persistent && !virDomainObjIsActive(obj))
        virDomainObjListRemove(driver->domains, obj);
}


virDomainObj *
testDomainFromHandle(testDriver *driver, virDomainPtr dom)
{
    return virDomainObjListFromHandle(driver->domains, dom, VIR_FROM_TEST);
}


/* ---- lookup and listing ---- */

virDomainPtr
testDomainLookupByID(virConnectPtr conn, int id)
{
    testDriver *driver = testDriverLock(conn);
    virDomainPtr ret = virDomainObjListLookupID(driver->domains, conn, id, VIR_FROM_TEST);

    testDriverUnlock(driver);
    return ret;
}


virDomainPtr
testDomainLookupByName(virConnectPtr conn, const char *name)
{
    testDriver *driver = testDriverLock(conn);
    virDomainPtr ret = virDomainObjListLookupName(driver->domains, conn, name,
                                                  VIR_FROM_TEST);

    testDriverUnlock(driver);
    return ret;
}


virDomainPtr
testDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    testDriver *driver = testDriverLock(conn);
    virDomainPtr ret = virDomainObjListLookupUUID(driver->domains, conn, uuid,
                                                  VIR_FROM_TEST);

    testDriverUnlock(driver);
    return ret;
}


int
testConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                          unsigned int flags)
{
    testDriver *driver = testDriverLock(conn);
    int n = virDomainObjListExport(driver->domains, conn, domains, flags);

    testDriverUnlock(driver);
    return n;
}


int
testConnectNumOfDomains(virConnectPtr conn)
{
    testDriver *driver = testDriverLock(conn);
    int n = virDomainObjListCount(driver->domains, true);

    testDriverUnlock(driver);
    return n;
}


int
testConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    testDriver *driver = testDriverLock(conn);
    int n = virDomainObjListGetActiveIDs(driver->domains, ids, maxids);

    testDriverUnlock(driver);
    return n;
}


int
testConnectNumOfDefinedDomains(virConnectPtr conn)
{
    testDriver *driver = testDriverLock(conn);
    int n = virDomainObjListCount(driver->domains, false);

    testDriverUnlock(driver);
    return n;
}


int
testConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    testDriver *driver = testDriverLock(conn);
    int n = virDomainObjListGetInactiveNames(driver->domains, names, maxnames);

    testDriverUnlock(driver);
    return n;
}


/* ---- definition ---- */

static int
testDomainRegisterImages(testDriver *driver, const virDomainDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (testImagesAddChain(driver->images, def->disks[i]->src) < 0)
            return -1;
    }
    return 0;
}


static virDomainObj *
testDomainAdd(testDriver *driver, virDomainDef *def, bool persistent)
{
    g_autoptr(virDomainObj) obj = virDomainObjNew(def, persistent);

    virDomainObjListAdd(driver->domains, obj);
    return obj;
}


virDomainPtr
testDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver;
    g_autoptr(virDomainDef) def = NULL;
    virDomainObj *obj = NULL;
    virDomainPtr ret = NULL;
    int detail;

    virCheckFlags(VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    driver = testDriverLock(conn);
    if (!(def = virDomainDefParseString(xml, flags & VIR_DOMAIN_DEFINE_VALIDATE)) ||
        virDomainObjListCheckIdentity(driver->domains, def, &obj) < 0 ||
        testDomainRegisterImages(driver, def) < 0)
        goto cleanup;

    detail = obj ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED;
    if (!obj)
        obj = testDomainAdd(driver, g_steal_pointer(&def), true);
    else if (virDomainObjIsActive(obj))
        virDomainObjSetDefs(obj, virDomainDefRef(obj->def), g_steal_pointer(&def));
    else
        virDomainObjSetDefs(obj, g_steal_pointer(&def), NULL);
    obj->persistent = true;
    testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_DEFINED, detail);
    ret = virDomainObjHandle(conn, obj);

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


int
testDomainUndefineFlags(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
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
    if (nsnapshots && !virDomainObjIsActive(obj) &&
        !(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot delete inactive domain with %zu snapshots", nsnapshots);
        goto cleanup;
    }

    obj->hasManagedSave = false;
    testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_UNDEFINED,
                             VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    if (virDomainObjIsActive(obj)) {
        /* It lives on as a transient domain, snapshots included. */
        obj->persistent = false;
        virDomainObjSetDefs(obj, virDomainDefRef(obj->def), NULL);
    } else {
        virDomainObjListRemove(driver->domains, obj);
    }
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* ---- lifecycle ---- */

/* Starts @obj from scratch, running or paused, with its events. */
static void
testDomainBoot(testDriver *driver, virDomainObj *obj, virDomainPtr handle, bool paused)
{
    testDomainObjStart(driver, obj, handle, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STARTED,
                             VIR_DOMAIN_EVENT_STARTED_BOOTED);
    if (paused) {
        virDomainObjSetState(obj, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_SUSPENDED,
                                 VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    }
}

virDomainPtr
testDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver;
    g_autoptr(virDomainDef) def = NULL;
    virDomainObj *obj = NULL;
    virDomainPtr ret = NULL;

    virCheckFlags(VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);
    driver = testDriverLock(conn);
    if (!(def = virDomainDefParseString(xml, flags & VIR_DOMAIN_START_VALIDATE)) ||
        virDomainObjListCheckIdentity(driver->domains, def, &obj) < 0)
        goto cleanup;
    if (obj && virDomainObjIsActive(obj)) {
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
        virDomainObjSetDefs(obj, g_steal_pointer(&def), virDomainDefRef(obj->def));
    }
    testDomainBoot(driver, obj, NULL, flags & VIR_DOMAIN_START_PAUSED);
    ret = virDomainObjHandle(conn, obj);

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


int
testDomainCreateWithFlags(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_START_PAUSED, -1);
    driver = testDriverLock(dom->conn);
    if (!(obj = testDomainFromHandle(driver, dom)))
        goto cleanup;
    if (virDomainObjIsActive(obj)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Domain '%s' is already running", obj->def->name);
        goto cleanup;
    }
    obj->hasManagedSave = false;
    testDomainBoot(driver, obj, dom, flags & VIR_DOMAIN_START_PAUSED);
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* The domain of @dom if it is running or paused; VIR_ERR_OPERATION_INVALID
 * otherwise (from the domain code, VIR_FROM_DOMAIN, as in libvirt). */
static virDomainObj *
testDomainActiveFromHandle(testDriver *driver, virDomainPtr dom)
{
    virDomainObj *obj = testDomainFromHandle(driver, dom);

    if (obj && !virDomainObjIsActive(obj)) {
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
    virDomainObj *obj;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    driver = testDriverLock(dom->conn);
    if ((obj = testDomainActiveFromHandle(driver, dom))) {
        testBlockJobsDomainStopped(driver, obj);
        virDomainObjSetShutoff(obj, dom, VIR_DOMAIN_SHUTOFF_DESTROYED);
        testDomainEventLifecycle(driver, obj, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
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
                      int to, int reason, int event, int detail)
{
    testDriver *driver = testDriverLock(dom->conn);
    virDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom))) {
        if (obj->state != from) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "domain '%s' not %s",
                           obj->def->name, fromName);
        } else {
            obj->state = to;
            obj->reason = reason;
            testDomainEventLifecycle(driver, obj, event, detail);
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
                                 VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER,
                                 VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
}


int
testDomainResume(virDomainPtr dom)
{
    return testDomainChangeState(dom, VIR_DOMAIN_PAUSED, "paused",
                                 VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED,
                                 VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
}


/* ---- information ---- */

int
testDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info)
{
    testDriver *driver = testDriverLock(dom->conn);
    virDomainObj *obj;
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
    virDomainObj *obj;
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
    virDomainObj *obj;
    char *ret = NULL;

    /* No host CPU to update against: UPDATE_CPU is refused, as in libvirt. */
    virCheckFlags(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                  VIR_DOMAIN_XML_MIGRATABLE, NULL);
    driver = testDriverLock(dom->conn);
    if ((obj = testDomainFromHandle(driver, dom)))
        ret = virDomainObjFormat(obj, flags & VIR_DOMAIN_XML_INACTIVE,
                                 flags & VIR_DOMAIN_XML_SECURE);
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
    virDomainObj *obj;
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
    virDomainObj *obj;
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
    virDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom)))
        ret = virDomainObjIsActive(obj);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainIsPersistent(virDomainPtr dom)
{
    return testDomainGetFlag(dom, G_STRUCT_OFFSET(virDomainObj, persistent));
}


int
testDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    virCheckFlags(0, -1);
    return testDomainGetFlag(dom, G_STRUCT_OFFSET(virDomainObj, hasManagedSave));
}


/* The test host's security driver labels every running domain alike. */
int
testDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel)
{
    testDriver *driver = testDriverLock(dom->conn);
    virDomainObj *obj;
    int ret = -1;

    if ((obj = testDomainFromHandle(driver, dom))) {
        if (virDomainObjIsActive(obj)) {
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
    int ret = testDomainGetFlag(dom, G_STRUCT_OFFSET(virDomainObj, autostart));

    if (ret < 0)
        return -1;
    *autostart = ret;
    return 0;
}
