/*
 * test_storage.c: the test driver's storage (in memory)
 *
 * Every connection sharing a test driver state shares its storage too,
 * which starts with the fixture's pools and volumes (test:///default's
 * has the pool libvirt's test driver has, "default-pool", empty).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "test_driver.h"
#include "storage/storage_driver.h"

static int
testStorageOpen(virConnectPtr conn)
{
    testDriver *driver = conn->privateData;

    return virStorageMemOpen(conn, driver, driver->node->pools);
}


static void
testStorageClose(virConnectPtr conn)
{
    virStorageMemClose(conn, conn->privateData);
}


static virStorageDriver testStorageDriverTable;


virStorageDriver *
testStorageDriver(void)
{
    virStorageDriverInit(&testStorageDriverTable, "test", testStorageOpen, testStorageClose);
    testStorageDriverTable.errorDomain = VIR_FROM_TEST;   /* as libvirt's */
    return &testStorageDriverTable;
}
