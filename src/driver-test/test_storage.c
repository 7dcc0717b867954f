/*
 * test_storage.c: the test driver's storage (in memory)
 *
 * Every connection sharing a test driver state shares its storage too.
 * test:///default starts with the pool libvirt's test driver has,
 * "default-pool" (started, empty); fixtures start with no pool.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "test_driver.h"
#include "storage/storage_driver.h"

static const char *const testDefaultPools[] = {
    "<pool type='dir'><name>default-pool</name>"
    "<uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>"
    "<target><path>/default-pool</path></target></pool>",
    NULL
};


static int
testStorageOpen(virConnectPtr conn)
{
    bool isDefault = STREQ_NULLABLE(conn->uri->path, "/default");

    return virStorageMemOpen(conn, conn->privateData, isDefault ? testDefaultPools : NULL);
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
    return &testStorageDriverTable;
}
