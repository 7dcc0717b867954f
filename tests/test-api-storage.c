/*
 * test-api-storage.c: the storage API on the test driver (in memory),
 * and the argument checks of the storage entry points
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>

#include "apiutils.h"


static virStorageVolPtr
newVol(virStoragePoolPtr pool, const char *name, const char *format)
{
    g_autofree char *xml = g_strdup_printf("<volume><name>%s</name><capacity unit='M'>8"
                                           "</capacity><target><format type='%s'/>"
                                           "</target></volume>", name, format);

    return virStorageVolCreateXML(pool, xml, 0);
}


static virStorageVolSnapshotPtr
newSnap(virStorageVolPtr vol, const char *name, const char *type)
{
    g_autofree char *xml = g_strdup_printf("<volsnapshot><name>%s</name><type>%s</type>"
                                           "</volsnapshot>", name, type);

    return virStorageVolSnapshotCreateXML(vol, xml, 0);
}


static void
test_default_has_default_pool(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool");
    virStoragePoolInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN];

    CHECK(pool != NULL);
    CHECK_INT(virStoragePoolGetInfo(pool, &info), 0);
    CHECK_INT(info.state, VIR_STORAGE_POOL_RUNNING);
    CHECK_INT(virStoragePoolGetUUIDString(pool, uuid), 0);
    CHECK_STR(uuid, "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566");
    CHECK_INT(virConnectListAllStoragePools(conn, NULL, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE), 1);
    CHECK_INT(virConnectListAllStoragePools(conn, NULL, VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT), 0);
    virStoragePoolFree(pool);
    virConnectClose(conn);
}


static void
test_volume_snapshot_tree_in_memory(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool");
    virStorageVolPtr vol = newVol(pool, "disk.qcow2", "qcow2");
    virStorageVolPtr raw = newVol(pool, "disk.img", "raw");
    virStorageVolSnapshotPtr a = newSnap(vol, "a", "internal");
    virStorageVolSnapshotPtr b = newSnap(vol, "b", "internal");
    virStorageVolSnapshotPtr cur, parent;
    char *names[4] = { NULL };

    CHECK(vol && raw && a && b);
    CHECK_INT(virStorageVolRevertToSnapshot(a, 0), 0);
    virStorageVolSnapshotFree(newSnap(vol, "c", "internal"));
    CHECK_INT(virStorageVolSnapshotNum(vol, 0), 3);
    CHECK_INT(virStorageVolSnapshotNum(vol, VIR_STORAGE_VOL_SNAPSHOT_LIST_ROOTS), 1);
    CHECK_INT(virStorageVolSnapshotNum(vol, VIR_STORAGE_VOL_SNAPSHOT_LIST_LEAVES), 2);
    CHECK_INT(virStorageVolSnapshotListNames(vol, names, 4,
                                             VIR_STORAGE_VOL_SNAPSHOT_LIST_TOPOLOGICAL), 3);
    CHECK_STR(names[0], "a");
    for (size_t i = 0; i < 4; i++)
        g_free(names[i]);
    CHECK_INT(virStorageVolSnapshotListAllChildren(a, NULL, 0), 2);
    CHECK((cur = virStorageVolSnapshotCurrent(vol, 0)));
    CHECK_STR(virStorageVolSnapshotGetName(cur), "c");
    CHECK((parent = virStorageVolSnapshotGetParent(cur, 0)));
    CHECK_STR(virStorageVolSnapshotGetName(parent), "a");
    CHECK(virStorageVolSnapshotGetParent(a, 0) == NULL);
    CHECK_ERROR(VIR_ERR_NO_STORAGE_VOL, "volume snapshot 'a' does not have a parent");

    /* Raw volumes take external snapshots only; names are per pool. */
    CHECK(newSnap(raw, "x", "internal") == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "needs a qcow2 volume");
    CHECK(newSnap(raw, "b", "external") == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "volume snapshot 'b' already exists in pool");

    /* Deleting with children removes the subtree; current moves up. */
    CHECK_INT(virStorageVolSnapshotDelete(a, VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
    CHECK_INT(virStorageVolSnapshotNum(vol, 0), 1);
    CHECK_INT(virStorageVolHasCurrentSnapshot(vol, 0), 1);
    CHECK_INT(virStorageVolDelete(vol, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "it has 1 snapshots");
    CHECK_INT(virStorageVolDelete(vol, VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS), 0);
    CHECK_INT(virStorageVolDelete(raw, 0), 0);
    CHECK_INT(virStoragePoolNumOfVolumes(pool), 0);

    virStorageVolSnapshotFree(cur);
    virStorageVolSnapshotFree(parent);
    virStorageVolSnapshotFree(a);
    virStorageVolSnapshotFree(b);
    virStorageVolFree(vol);
    virStorageVolFree(raw);
    virStoragePoolFree(pool);
    virConnectClose(conn);
}


static void
test_entry_points_check_arguments(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virConnectPtr ro = virConnectOpenReadOnly(NULL);
    virStoragePoolPtr pool = virStoragePoolLookupByName(ro, "default-pool");

    CHECK_INT(virStoragePoolGetInfo(NULL, NULL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_STORAGE_POOL, "virStoragePoolGetInfo");
    CHECK(virStorageVolGetName(NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_STORAGE_VOL, "virStorageVolGetName");
    CHECK_INT(virStorageVolSnapshotFree(NULL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_STORAGE_VOL, "virStorageVolSnapshotFree");
    CHECK(virStoragePoolLookupByName(conn, NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "name in virStoragePoolLookupByName must not be NULL");
    CHECK(virStoragePoolLookupByUUIDString(conn, "not-a-uuid") == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "Invalid UUID");
    CHECK_INT(virConnectListAllStoragePools(conn, NULL, 1U << 30), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x40000000)");
    CHECK(pool != NULL);
    CHECK(newVol(pool, "v", "raw") == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only access prevents virStorageVolCreateXML");
    CHECK_INT(virStoragePoolDestroy(pool), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only access prevents virStoragePoolDestroy");
    virStoragePoolFree(pool);
    virConnectClose(ro);
    virConnectClose(conn);
}


static const testCase tests[] = {
    TEST_CASE(test_default_has_default_pool),
    TEST_CASE(test_volume_snapshot_tree_in_memory),
    TEST_CASE(test_entry_points_check_arguments),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
