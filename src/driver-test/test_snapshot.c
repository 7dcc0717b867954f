/*
 * test_snapshot.c: the test driver's snapshot queries
 *
 * The queries are the shared ones (conf/snapshot_query.c) under the test
 * driver's lock; creation, revert and deletion are in test_snapshot_ops.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_TEST


virDomainObj *
testDomainBegin(virDomainPtr dom, testDriver **driver)
{
    virDomainObj *obj;

    *driver = testDriverLock(dom->conn);
    if (!(obj = testDomainFromHandle(*driver, dom)))
        testDriverUnlock(*driver);
    return obj;
}


static virDomainObj *
testSnapshotQueryBegin(virDomainPtr dom)
{
    testDriver *driver;

    return testDomainBegin(dom, &driver);
}


static void
testSnapshotQueryEnd(virDomainPtr dom, virDomainObj *obj G_GNUC_UNUSED)
{
    testDriverUnlock(dom->conn->privateData);
}


const virSnapshotQueryOps testSnapshotQueryOps = {
    .begin = testSnapshotQueryBegin,
    .end = testSnapshotQueryEnd,
    .errorDomain = VIR_FROM_TEST,
};


virMoment *
testSnapshotBegin(virDomainSnapshotPtr snap, testDriver **driver, virDomainObj **obj)
{
    *driver = snap->domain->conn->privateData;
    return virSnapshotQueryBegin(&testSnapshotQueryOps, snap, obj);
}
