/*
 * test_driver.c: the test driver's connections and simulated host
 *
 * test:///default is a built-in host shared by every connection of the
 * process (and reset when the last one closes); test:///PATH loads a
 * fixture file into a host private to that connection.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "test_driver.h"
#include "test_backup.h"
#include "util/virembed.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_driver");

static GMutex testDefaultLock;
static testDriver *testDefaultDriver;   /* shared by test:///default users */


testDriver *
testDriverLock(virConnectPtr conn)
{
    testDriver *driver = conn->privateData;

    g_mutex_lock(&driver->lock);
    return driver;
}


void
testDriverUnlock(testDriver *driver)
{
    g_mutex_unlock(&driver->lock);
}


static void
testDriverFree(testDriver *driver)
{
    if (!driver)
        return;
    virDomainEventStateFree(driver->events);
    g_ptr_array_unref(driver->jobs);
    g_ptr_array_unref(driver->backups);
    virDomainObjListFree(driver->domains);
    testImagesFree(driver->images);
    virNodeDefFree(driver->node);
    g_mutex_clear(&driver->lock);
    g_free(driver);
}


testDriver *
testDriverRef(testDriver *driver)
{
    g_atomic_int_inc(&driver->refs);
    return driver;
}


void
testDriverUnref(void *opaque)
{
    testDriver *driver = opaque;

    if (driver && g_atomic_int_dec_and_test(&driver->refs))
        testDriverFree(driver);
}


/* The last connection is gone: stop the jobs, whose timers hold
 * references, then drop the connections' reference. */
static void
testDriverClosed(testDriver *driver)
{
    g_mutex_lock(&driver->lock);
    driver->closed = true;
    testBackupsShutdown(driver);
    testBlockJobsShutdown(driver);
    g_mutex_unlock(&driver->lock);
    testDriverUnref(driver);
}


void
testDomainEventLifecycle(testDriver *driver, virDomainObj *obj, int type, int detail)
{
    virDomainEventStateQueue(driver->events,
        virDomainEventLifecycleNew(obj->def->name, obj->def->uuid, obj->id, type, detail));
}


/* The simulated contents a fixture declares for its images. */
static void
testDriverAddNodeImages(testDriver *driver, virNodeDomainDef *nd)
{
    for (size_t i = 0; i < nd->images->len; i++) {
        virNodeImageDef *def = nd->images->pdata[i];
        testImage *img = testImagesLookup(driver->images, def->path);

        if (!img)
            img = testImagesCreate(driver->images, def->path, VIR_STORAGE_TYPE_FILE,
                                   VIR_STORAGE_FILE_RAW, NULL);
        if (def->capacity)
            img->capacity = def->capacity;
        img->failAfter = def->failAfter;
        for (guint j = 0; j < def->data->len; j++) {
            virNodeImageData *d = &g_array_index(def->data, virNodeImageData, j);

            testExtentsWrite(img->data, d->start, d->len, d->pattern);
        }
    }
}


/* Builds one domain of a fixture: its state, images and snapshots. */
static int
testDriverAddNodeDomain(testDriver *driver, virNodeDomainDef *nd)
{
    g_autoptr(virDomainObj) obj = NULL;
    g_autofree char *owner = g_strdup_printf("domain '%s'", nd->def->name);
    virDomainObj *existing;

    if (virDomainObjListCheckIdentity(driver->domains, nd->def, &existing) < 0 ||
        existing) {
        virResetLastError();
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "domain '%s' is defined twice in the fixture", nd->def->name);
        return -1;
    }
    obj = virDomainObjNew(g_steal_pointer(&nd->def), !nd->transient);
    obj->hasManagedSave = nd->hasManagedSave;
    virDomainObjListAdd(driver->domains, obj);

    for (size_t i = 0; i < obj->def->ndisks; i++) {
        if (testImagesAddChain(driver->images, obj->def->disks[i]->src) < 0)
            return -1;
    }
    testDriverAddNodeImages(driver, nd);
    if (virSnapshotQueryLoad(obj, nd->snapshots, owner, VIR_FROM_TEST) < 0)
        return -1;
    if (nd->runstate != VIR_DOMAIN_SHUTOFF)
        testDomainObjStart(driver, obj, NULL, nd->runstate, 0);
    return 0;
}


/* A host built from @node, which it takes over (also on failure). */
static testDriver *
testDriverNew(virNodeDef *node)
{
    testDriver *driver = g_new0(testDriver, 1);

    driver->refs = 1;
    driver->conns = 1;
    g_mutex_init(&driver->lock);
    driver->events = virDomainEventStateNew();
    driver->jobs = g_ptr_array_new();
    driver->backups = g_ptr_array_new();
    driver->domains = virDomainObjListNew();
    driver->images = testImagesNew();
    driver->node = node;

    for (size_t i = 0; i < node->domains->len; i++) {
        if (testDriverAddNodeDomain(driver, node->domains->pdata[i]) < 0) {
            testDriverFree(driver);
            return NULL;
        }
    }
    /* The definitions now belong to the domains. */
    g_ptr_array_set_size(node->domains, 0);
    return driver;
}


static testDriver *
testDriverOpenDefault(void)
{
    testDriver *driver;

    g_mutex_lock(&testDefaultLock);
    if (testDefaultDriver) {
        testDefaultDriver->conns++;
        testDriverRef(testDefaultDriver);
    } else {
        virNodeDef *node = virNodeDefParseString(virEmbeddedLookup("test/default.xml"), NULL);

        if (node)
            testDefaultDriver = testDriverNew(node);
    }
    driver = testDefaultDriver;
    g_mutex_unlock(&testDefaultLock);
    return driver;
}


static virDrvOpenStatus
testConnectOpen(virConnectPtr conn, virConnectAuthPtr auth G_GNUC_UNUSED,
                unsigned int flags)
{
    const char *path = conn->uri->path;
    virNodeDef *node;

    virCheckFlags(VIR_CONNECT_RO, VIR_DRV_OPEN_ERROR);

    /* test://host/... is for the remote driver, not us. */
    if (conn->uri->server && *conn->uri->server)
        return VIR_DRV_OPEN_DECLINED;
    if (!path || !*path || STREQ(path, "/")) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "testOpen: supply a path or use test:///default");
        return VIR_DRV_OPEN_ERROR;
    }
    if (STREQ(path, "/default")) {
        conn->privateData = testDriverOpenDefault();
    } else if ((node = virNodeDefParseFile(path))) {
        conn->privateData = testDriverNew(node);
    }
    return conn->privateData ? VIR_DRV_OPEN_SUCCESS : VIR_DRV_OPEN_ERROR;
}


static int
testConnectClose(virConnectPtr conn)
{
    testDriver *driver = conn->privateData;

    if (!driver)
        return 0;
    g_mutex_lock(&testDefaultLock);
    if (--driver->conns > 0) {
        testDriverUnref(driver);
        driver = NULL;
    } else if (driver == testDefaultDriver) {
        testDefaultDriver = NULL;
    }
    g_mutex_unlock(&testDefaultLock);
    if (driver)
        testDriverClosed(driver);
    conn->privateData = NULL;
    return 0;
}


static const char *
testConnectGetType(virConnectPtr conn G_GNUC_UNUSED)
{
    return "TEST";
}


static int
testConnectGetVersion(virConnectPtr conn G_GNUC_UNUSED, unsigned long *hvVer)
{
    *hvVer = 2;
    return 0;
}


static char *
testConnectGetHostname(virConnectPtr conn G_GNUC_UNUSED)
{
    return g_strdup(g_get_host_name());
}


static int
testConnectIsAlive(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}


static int
testConnectIsEncrypted(virConnectPtr conn G_GNUC_UNUSED)
{
    return 0;
}


static int
testConnectIsSecure(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}


static int
testNodeGetSecurityModel(virConnectPtr conn G_GNUC_UNUSED, virSecurityModelPtr secmodel)
{
    /* libvirt's test host: model "testSecurity", no DOI. */
    g_strlcpy(secmodel->model, "testSecurity", sizeof(secmodel->model));
    return 0;
}


static int
testConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                  virConnectDomainEventGenericCallback cb,
                                  void *opaque, virFreeCallback freecb)
{
    testDriver *driver = conn->privateData;

    return virDomainEventStateRegister(driver->events, conn, dom, eventID, cb,
                                       opaque, freecb);
}


static int
testConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    testDriver *driver = conn->privateData;

    return virDomainEventStateDeregister(driver->events, conn, callbackID);
}


VIR_SNAPSHOT_QUERY_DEFINE(test, &testSnapshotQueryOps)

virHypervisorDriver testHypervisorDriver = {
    .name = "Test",
    .errorDomain = VIR_FROM_TEST,
    .connectOpen = testConnectOpen,
    .connectClose = testConnectClose,
    .connectGetType = testConnectGetType,
    .connectGetVersion = testConnectGetVersion,
    .connectGetHostname = testConnectGetHostname,
    .connectIsAlive = testConnectIsAlive,
    .connectIsEncrypted = testConnectIsEncrypted,
    .connectIsSecure = testConnectIsSecure,
    .nodeGetSecurityModel = testNodeGetSecurityModel,
    .connectListAllDomains = testConnectListAllDomains,
    .connectNumOfDomains = testConnectNumOfDomains,
    .connectListDomains = testConnectListDomains,
    .connectNumOfDefinedDomains = testConnectNumOfDefinedDomains,
    .connectListDefinedDomains = testConnectListDefinedDomains,
    .domainLookupByID = testDomainLookupByID,
    .domainLookupByName = testDomainLookupByName,
    .domainLookupByUUID = testDomainLookupByUUID,
    .domainDefineXMLFlags = testDomainDefineXMLFlags,
    .domainUndefineFlags = testDomainUndefineFlags,
    .domainCreateXML = testDomainCreateXML,
    .domainCreateWithFlags = testDomainCreateWithFlags,
    .domainDestroyFlags = testDomainDestroyFlags,
    .domainSuspend = testDomainSuspend,
    .domainResume = testDomainResume,
    .domainGetInfo = testDomainGetInfo,
    .domainGetState = testDomainGetState,
    .domainGetXMLDesc = testDomainGetXMLDesc,
    .domainGetOSType = testDomainGetOSType,
    .domainGetMaxMemory = testDomainGetMaxMemory,
    .domainIsActive = testDomainIsActive,
    .domainIsPersistent = testDomainIsPersistent,
    .domainGetAutostart = testDomainGetAutostart,
    .domainHasManagedSaveImage = testDomainHasManagedSaveImage,
    .domainGetSecurityLabel = testDomainGetSecurityLabel,
    .domainSnapshotCreateXML = testDomainSnapshotCreateXML,
    VIR_SNAPSHOT_QUERY_TABLE(test),
    .domainRevertToSnapshot = testDomainRevertToSnapshot,
    .domainSnapshotDelete = testDomainSnapshotDelete,
    .domainQemuMonitorCommand = testDomainQemuMonitorCommand,
    .domainBlockCommit = testDomainBlockCommit,
    .domainBlockRebase = testDomainBlockRebase,
    .domainBlockCopy = testDomainBlockCopy,
    .domainGetBlockJobInfo = testDomainGetBlockJobInfo,
    .domainBlockJobAbort = testDomainBlockJobAbort,
    .domainBlockJobSetSpeed = testDomainBlockJobSetSpeed,
    .domainBackupBegin = testDomainBackupBegin,
    .domainBackupGetXMLDesc = testDomainBackupGetXMLDesc,
    .connectDomainEventRegisterAny = testConnectDomainEventRegisterAny,
    .connectDomainEventDeregisterAny = testConnectDomainEventDeregisterAny,
};

static const char *const testSchemes[] = { "test", NULL };

static virConnectDriver testConnectDriver = {
    .uriSchemes = testSchemes,
    .hypervisorDriver = &testHypervisorDriver,
};


void
testRegister(void)
{
    testConnectDriver.storageDriver = testStorageDriver();
    virRegisterConnectDriver(&testConnectDriver);
}
