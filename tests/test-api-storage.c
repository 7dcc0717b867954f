/*
 * test-api-storage.c: the storage API on the test driver (in memory),
 * and the argument checks of the storage entry points
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

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


/* tests/shell/data/storage.xml: pool "images" inline with three volumes,
 * pool "more" and its one volume from files. */
static void
test_fixture_declares_pools_and_volumes(void)
{
    g_autofree char *uri = g_strdup_printf("test://%s/shell/data/storage.xml",
                                           testSourceDir());
    virConnectPtr conn = apiOpen(uri);
    virStoragePoolPtr images = virStoragePoolLookupByName(conn, "images");
    virStoragePoolPtr more = virStoragePoolLookupByUUIDString(
        conn, "4a3f0c5e-2f59-4b5f-9d8e-3b8c1c0e7d21");
    virStorageVolPtr top = virStorageVolLookupByName(images, "top.qcow2");
    virStorageVolPtr data = virStorageVolLookupByKey(conn, "/more/data.qcow2");
    virStoragePoolPtr owner = NULL;
    virStoragePoolInfo pinfo;
    virStorageVolInfo vinfo;
    g_autofree char *xml = NULL;

    CHECK(images && more && top && data);
    CHECK_INT(virConnectListAllStoragePools(conn, NULL,
                                            VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE |
                                            VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT), 2);
    CHECK(virStoragePoolLookupByName(conn, "default-pool") == NULL);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);   /* as libvirt's test driver */
    CHECK_ERROR(VIR_ERR_NO_STORAGE_POOL, "default-pool");
    CHECK_INT(virStoragePoolNumOfVolumes(images), 3);
    CHECK_INT(virStoragePoolNumOfVolumes(more), 1);
    CHECK((owner = virStoragePoolLookupByVolume(data)));
    CHECK_STR(virStoragePoolGetName(owner), "more");

    /* Declared sizes, the pool's path, the backing store. */
    CHECK_INT(virStorageVolGetInfo(top, &vinfo), 0);
    CHECK_INT(vinfo.capacity, 512ULL << 20);
    CHECK_INT(vinfo.allocation, 196608);
    CHECK((xml = virStorageVolGetXMLDesc(top, 0)));
    CHECK(strstr(xml, "<path>/images/top.qcow2</path>"));
    CHECK(strstr(xml, "<backingStore>\n    <path>/images/base.qcow2</path>"));
    CHECK_INT(virStorageVolGetInfo(data, &vinfo), 0);
    CHECK_INT(vinfo.capacity, 10ULL << 30);
    CHECK_INT(vinfo.allocation, 3ULL << 20);

    /* The pool counts what its volumes allocate, and gives it back. */
    CHECK_INT(virStoragePoolGetInfo(images, &pinfo), 0);
    CHECK_INT(pinfo.allocation, (1ULL << 20) + (2ULL << 30) + 196608);
    CHECK_INT(pinfo.available, pinfo.capacity - pinfo.allocation);
    CHECK_INT(virStorageVolDelete(top, 0), 0);
    CHECK_INT(virStoragePoolGetInfo(images, &pinfo), 0);
    CHECK_INT(pinfo.allocation, (1ULL << 20) + (2ULL << 30));

    /* Fixture volumes take snapshots like created ones. */
    virStorageVolSnapshotFree(newSnap(data, "s1", "internal"));
    CHECK_INT(virStorageVolSnapshotNum(data, 0), 1);

    virStoragePoolFree(owner);
    virStorageVolFree(top);
    virStorageVolFree(data);
    virStoragePoolFree(images);
    virStoragePoolFree(more);
    virConnectClose(conn);
}


/* Each connection to a fixture file has its own storage, fresh from it. */
static void
test_fixture_storage_is_per_connection(void)
{
    g_autofree char *uri = g_strdup_printf("test://%s/shell/data/storage.xml",
                                           testSourceDir());
    virConnectPtr a = apiOpen(uri);
    virConnectPtr b = apiOpen(uri);
    virStoragePoolPtr pa = virStoragePoolLookupByName(a, "images");
    virStoragePoolPtr pb = virStoragePoolLookupByName(b, "images");
    virStorageVolPtr vol = virStorageVolLookupByName(pa, "disk.raw");

    CHECK(pa && pb && vol);
    CHECK_INT(virStorageVolDelete(vol, 0), 0);
    CHECK_INT(virStoragePoolNumOfVolumes(pa), 2);
    CHECK_INT(virStoragePoolNumOfVolumes(pb), 3);
    virStorageVolFree(vol);
    virStoragePoolFree(pa);
    virStoragePoolFree(pb);
    virConnectClose(a);
    virConnectClose(b);
}


/* Broken fixture storage fails the connection with an error naming it. */
static void
test_fixture_storage_errors(void)
{
    static const struct {
        const char *xml;
        int code;
        const char *message;
    } cases[] = {
        { "<pool type='dir'><name>p</name></pool>",
          VIR_ERR_XML_ERROR, "missing storage pool target path of pool 'p'" },
        { "<pool type='dir'><name>p</name><target><path>/p</path></target>"
          "<volume><name>v</name><capacity>1</capacity><target><format type='vmdk'/>"
          "</target></volume></pool>",
          VIR_ERR_CONFIG_UNSUPPORTED, "unsupported volume format 'vmdk'" },
        { "<pool type='dir'><name>p</name><target><path>/p</path></target>"
          "<volume><name>..</name><capacity>1</capacity></volume></pool>",
          VIR_ERR_INVALID_ARG, "invalid volume name '..'" },
        { "<pool type='dir'><name>p</name><target><path>/p</path></target>"
          "<volume><name>o</name><target><format type='qcow2'/></target><backingStore>"
          "<path>/p/missing</path></backingStore></volume></pool>",
          VIR_ERR_INVALID_ARG, "backing store '/p/missing' of volume 'o' is not a volume" },
        { "<pool type='dir'><name>p</name><uuid>35bb2ad9-388a-cdfe-461a-b8907f6e5301</uuid>"
          "<target><path>/p</path></target></pool>"
          "<pool type='dir'><name>q</name><uuid>35bb2ad9-388a-cdfe-461a-b8907f6e5301</uuid>"
          "<target><path>/q</path></target></pool>",
          VIR_ERR_XML_ERROR, "pool 'q' is declared twice" },
    };
    g_autofree char *dir = g_dir_make_tmp("snapvirt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "node.xml", NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *xml = g_strdup_printf("<node>%s</node>", cases[i].xml);
        g_autofree char *uri = g_strdup_printf("test://%s", path);

        g_assert_true(g_file_set_contents(path, xml, -1, NULL));
        CHECK(virConnectOpen(uri) == NULL);
        CHECK(virGetLastErrorDomain() == VIR_FROM_STORAGE ||   /* the XML's */
              virGetLastErrorDomain() == VIR_FROM_TEST);      /* the driver's */
        CHECK_ERROR(cases[i].code, cases[i].message);
    }
    g_assert_cmpint(unlink(path), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}


/* Metadata preallocation: qcow2 volumes without a backing store only. */
static void
test_prealloc_metadata(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool");
#define VOL(name, format, extra) \
    "<volume><name>" name "</name><capacity unit='G'>1</capacity><target><format type='" \
    format "'/></target>" extra "</volume>"
    const char *pre = VOL("pre.qcow2", "qcow2", "");
    const char *plain = VOL("plain.qcow2", "qcow2", "");
    const char *raw = VOL("pre.raw", "raw", "");
    const char *over = VOL("over.qcow2", "qcow2",
                           "<backingStore><path>/default-pool/plain.qcow2</path></backingStore>");
#undef VOL
    const unsigned int flag = VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
    virStorageVolPtr a = virStorageVolCreateXML(pool, pre, flag);
    virStorageVolPtr b = virStorageVolCreateXML(pool, plain, 0);
    virStorageVolInfo ia, ib;

    CHECK(a && b);
    CHECK_INT(virStorageVolGetInfo(a, &ia), 0);
    CHECK_INT(virStorageVolGetInfo(b, &ib), 0);
    CHECK(ia.allocation > ib.allocation);
    CHECK(virStorageVolCreateXML(pool, raw, flag) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "volume 'pre.raw' is raw");
    CHECK(virStorageVolCreateXML(pool, over, flag) == NULL);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "volume 'over.qcow2' has a backing store");
    CHECK(virStorageVolCreateXMLFrom(pool, raw, b, flag) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "volume 'pre.raw' is raw");
    CHECK_INT(virStoragePoolNumOfVolumes(pool), 2);
    CHECK_INT(virStorageVolDelete(a, 0), 0);
    CHECK_INT(virStorageVolDelete(b, 0), 0);
    virStorageVolFree(a);
    virStorageVolFree(b);
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
    TEST_CASE(test_fixture_declares_pools_and_volumes),
    TEST_CASE(test_fixture_storage_is_per_connection),
    TEST_CASE(test_fixture_storage_errors),
    TEST_CASE(test_prealloc_metadata),
    TEST_CASE(test_entry_points_check_arguments),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
