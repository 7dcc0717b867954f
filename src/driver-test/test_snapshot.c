/*
 * test_snapshot.c: the test driver's snapshot hierarchy queries
 *
 * Creation, revert and deletion are in test_snapshot_ops.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_private.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_snapshot");

#define TEST_SNAPSHOT_LIST_FLAGS (VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL * 2 - 1)


static const char *
testSnapshotParentName(const void *def)
{
    return ((const virDomainSnapshotDef *)def)->parentName;
}


int
testSnapshotsLoad(testDomainObj *obj, GPtrArray *snapshots, const char *domname)
{
    g_autoptr(GPtrArray) moments = g_ptr_array_sized_new(snapshots->len);
    g_autofree char *owner = g_strdup_printf("domain '%s'", domname);
    virMoment *current = NULL;
    size_t i;

    /* The payloads move into the tree one by one. */
    g_ptr_array_set_free_func(snapshots, NULL);
    for (i = 0; i < snapshots->len; i++) {
        virDomainSnapshotDef *def = g_steal_pointer(&snapshots->pdata[i]);
        virMoment *moment;

        if (def->dom && memcmp(def->dom->uuid, obj->def->uuid, VIR_UUID_BUFLEN) != 0) {
            char uuidstr[VIR_UUID_STRING_BUFLEN];

            virReportError(VIR_ERR_INVALID_ARG,
                           "definition for snapshot %s must use uuid %s", def->name,
                           virUUIDFormat(obj->def->uuid, uuidstr));
            virDomainSnapshotDefFree(def);
            goto error;
        }
        if (!(moment = virMomentTreeAddUnlinked(obj->snapshots, def->name, def))) {
            virDomainSnapshotDefFree(def);
            goto error;
        }
        g_ptr_array_add(moments, moment);
        if (def->current)
            current = moment;
    }
    if (virMomentTreeLinkAll(obj->snapshots, moments, testSnapshotParentName, owner) < 0)
        return -1;
    virMomentTreeSetCurrent(obj->snapshots, current);
    return 0;

 error:
    for (i++; i < snapshots->len; i++)
        virDomainSnapshotDefFree(g_steal_pointer(&snapshots->pdata[i]));
    return -1;
}


testDomainObj *
testDomainBegin(virDomainPtr dom, testDriver **driver)
{
    testDomainObj *obj;

    *driver = testDriverLock(dom->conn);
    if (!(obj = testDomainFromHandle(*driver, dom)))
        testDriverUnlock(*driver);
    return obj;
}


virMoment *
testSnapshotLookup(testDomainObj *obj, const char *name)
{
    virMoment *moment = virMomentTreeLookup(obj->snapshots, name);

    if (!moment)
        virReportError(VIR_ERR_NO_DOMAIN_SNAPSHOT,
                       "no domain snapshot with matching name '%s'", name);
    return moment;
}


virMoment *
testSnapshotBegin(virDomainSnapshotPtr snap, testDriver **driver,
                  testDomainObj **obj)
{
    virMoment *moment;

    if (!(*obj = testDomainBegin(snap->domain, driver)))
        return NULL;
    if (!(moment = testSnapshotLookup(*obj, snap->name)))
        testDriverUnlock(*driver);
    return moment;
}


/* ---- listing ---- */

typedef struct {
    virDomainPtr dom;
    char **names;             /* room for @nameslen, or NULL */
    int nameslen;
    int count;                /* names written */
    GPtrArray *snaps;         /* handles, or NULL */
} testSnapshotCollectData;


static bool
testSnapshotCollectOne(virMoment *moment, void *opaque)
{
    testSnapshotCollectData *data = opaque;

    if (data->snaps) {
        g_ptr_array_add(data->snaps, virGetDomainSnapshot(data->dom, moment->name));
        return true;
    }
    data->names[data->count++] = g_strdup(moment->name);
    return data->count < data->nameslen;
}


/* Names or handles of the selected snapshots of @from (NULL: the whole
 * tree); with both @names and @snaps NULL, just the count.  They are
 * made during the walk, while each moment is in the cache: for a large
 * tree, listing is bound by memory latency. */
static int
testSnapshotCollect(virDomainPtr dom, testDomainObj *obj, virMoment *from,
                    unsigned int flags, char **names, int nameslen,
                    virDomainSnapshotPtr **snaps)
{
    testSnapshotCollectData data = { dom, names, nameslen, 0, NULL };
    size_t n;

    if (!names && !snaps)
        return virMomentTreeCount(obj->snapshots, from, flags,
                                  virDomainSnapshotMomentFilter);
    if (names && nameslen <= 0)
        return 0;
    if (snaps)
        data.snaps = g_ptr_array_new();
    n = virMomentTreeForEach(obj->snapshots, from, flags,
                             virDomainSnapshotMomentFilter,
                             testSnapshotCollectOne, &data);
    if (snaps) {
        g_ptr_array_add(data.snaps, NULL);
        *snaps = (virDomainSnapshotPtr *)g_ptr_array_free(data.snaps, FALSE);
    }
    return n;
}


static int
testDomainSnapshotList(virDomainPtr dom, unsigned int flags, char **names,
                       int nameslen, virDomainSnapshotPtr **snaps)
{
    testDriver *driver;
    testDomainObj *obj;
    int ret;

    virCheckFlags(TEST_SNAPSHOT_LIST_FLAGS, -1);
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    ret = testSnapshotCollect(dom, obj, NULL, flags, names, nameslen, snaps);
    testDriverUnlock(driver);
    return ret;
}


static int
testDomainSnapshotListChildren(virDomainSnapshotPtr snap, unsigned int flags,
                               char **names, int nameslen,
                               virDomainSnapshotPtr **snaps)
{
    testDriver *driver;
    testDomainObj *obj;
    virMoment *moment;
    int ret;

    virCheckFlags(TEST_SNAPSHOT_LIST_FLAGS, -1);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return -1;
    ret = testSnapshotCollect(snap->domain, obj, moment, flags, names, nameslen, snaps);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainSnapshotNum(virDomainPtr dom, unsigned int flags)
{
    return testDomainSnapshotList(dom, flags, NULL, 0, NULL);
}


int
testDomainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                            unsigned int flags)
{
    return testDomainSnapshotList(dom, flags, names, nameslen, NULL);
}


int
testDomainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                           unsigned int flags)
{
    return testDomainSnapshotList(dom, flags, NULL, 0, snaps);
}


int
testDomainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags)
{
    return testDomainSnapshotListChildren(snap, flags, NULL, 0, NULL);
}


int
testDomainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names,
                                    int nameslen, unsigned int flags)
{
    return testDomainSnapshotListChildren(snap, flags, names, nameslen, NULL);
}


int
testDomainSnapshotListAllChildren(virDomainSnapshotPtr snap,
                                  virDomainSnapshotPtr **snaps,
                                  unsigned int flags)
{
    return testDomainSnapshotListChildren(snap, flags, NULL, 0, snaps);
}


/* ---- single snapshots ---- */

virDomainSnapshotPtr
testDomainSnapshotLookupByName(virDomainPtr dom, const char *name,
                               unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    virDomainSnapshotPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(obj = testDomainBegin(dom, &driver)))
        return NULL;
    if (testSnapshotLookup(obj, name))
        ret = virGetDomainSnapshot(dom, name);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    int ret;

    virCheckFlags(0, -1);
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    ret = virMomentTreeGetCurrent(obj->snapshots) != NULL;
    testDriverUnlock(driver);
    return ret;
}


virDomainSnapshotPtr
testDomainSnapshotCurrent(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    virMoment *current;
    virDomainSnapshotPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(obj = testDomainBegin(dom, &driver)))
        return NULL;
    if ((current = virMomentTreeGetCurrent(obj->snapshots)))
        ret = virGetDomainSnapshot(dom, current->name);
    else
        virReportError(VIR_ERR_NO_DOMAIN_SNAPSHOT, "%s",
                       "the domain does not have a current snapshot");
    testDriverUnlock(driver);
    return ret;
}


virDomainSnapshotPtr
testDomainSnapshotGetParent(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    virMoment *moment, *parent;
    virDomainSnapshotPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return NULL;
    if ((parent = virMomentGetParent(moment)))
        ret = virGetDomainSnapshot(snap->domain, parent->name);
    else
        virReportError(VIR_ERR_NO_DOMAIN_SNAPSHOT,
                       "snapshot '%s' does not have a parent", moment->name);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    virMoment *moment;
    int ret;

    virCheckFlags(0, -1);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return -1;
    ret = moment == virMomentTreeGetCurrent(obj->snapshots);
    testDriverUnlock(driver);
    return ret;
}


int
testDomainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;

    virCheckFlags(0, -1);
    if (!testSnapshotBegin(snap, &driver, &obj))
        return -1;
    testDriverUnlock(driver);
    return 1;
}


char *
testDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags)
{
    testDriver *driver;
    testDomainObj *obj;
    virMoment *moment, *parent;
    char *ret;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_XML_SECURE, NULL);
    if (!(moment = testSnapshotBegin(snap, &driver, &obj)))
        return NULL;
    parent = virMomentGetParent(moment);
    ret = virDomainSnapshotDefFormat(moment->def, parent ? parent->name : NULL,
                                     obj->def->uuid,
                                     (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE) ?
                                     VIR_SNAPSHOT_FORMAT_SECURE : 0);
    testDriverUnlock(driver);
    return ret;
}
