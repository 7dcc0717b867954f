/*
 * test-storage-dir.c: directory pools, volumes and volume snapshots on
 * real files, through qemu:///embed?root=DIR
 *
 * Each case makes a pool in a fresh temporary folder and checks the
 * images themselves after each operation: qemu-img's view of backing
 * chains and internal snapshots, and what a guest would read (qemu-io
 * patterns written before a snapshot).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>
#include <glib/gstdio.h>

#include "storagetest.h"


static void
test_pool_lifecycle_and_persistence(void)
{
    stEnv st;
    virStoragePoolInfo info;
    g_autofree char *xml = NULL;
    g_autofree char *other = NULL;
    virStoragePoolPtr p2;

    if (!stSetUp(&st))
        goto cleanup;
    CHECK_INT(virStoragePoolGetInfo(st.pool, &info), 0);
    CHECK_INT(info.state, VIR_STORAGE_POOL_RUNNING);
    CHECK(info.capacity > 0 && info.available > 0);
    CHECK_INT(virConnectNumOfStoragePools(st.env.conn), 1);
    CHECK_INT(virStoragePoolIsPersistent(st.pool), 1);
    CHECK_INT(virStoragePoolBuild(st.pool, 0), -1);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_STORAGE);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "storage pool 'p' is active");
    CHECK_INT(virStoragePoolUndefine(st.pool), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "storage pool 'p' is active");

    /* Started pools stay started for the next process. */
    stReopen(&st);
    CHECK_INT(virStoragePoolIsActive(st.pool), 1);
    CHECK((xml = stPoolXML(&st)) && strstr(xml, st.poolDir) && !strstr(xml, "<drift>"));

    /* A second pool on a missing directory does not start until built. */
    other = g_strdup_printf("<pool type='dir'><name>q</name><target><path>%s/q</path>"
                            "</target></pool>", st.env.dir);
    CHECK((p2 = virStoragePoolDefineXML(st.env.conn, other, 0)) != NULL);
    CHECK_INT(virStoragePoolCreate(p2, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot open directory");
    CHECK_INT(virStoragePoolCreate(p2, VIR_STORAGE_POOL_CREATE_WITH_BUILD), 0);
    CHECK_INT(virStoragePoolBuild(p2, 0), -1);
    CHECK_INT(virStoragePoolDestroy(p2), 0);
    CHECK_INT(virStoragePoolBuild(p2, VIR_STORAGE_POOL_BUILD_NO_OVERWRITE), -1);
    CHECK_ERROR(VIR_ERR_STORAGE_POOL_BUILT, "exists already");
    CHECK_INT(virStoragePoolDelete(p2, 0), 0);
    CHECK_INT(virStoragePoolUndefine(p2), 0);
    CHECK_INT(virConnectNumOfDefinedStoragePools(st.env.conn), 0);
    virStoragePoolFree(p2);
    CHECK(virStoragePoolLookupByName(st.env.conn, "q") == NULL);
    CHECK_ERROR(VIR_ERR_NO_STORAGE_POOL, "no storage pool with matching name 'q'");

 cleanup:
    stTearDown(&st);
}


/* ---- volumes ---- */

static void
test_volume_create_lookup_delete(void)
{
    stEnv st;
    g_autofree char *base = NULL;
    g_autofree char *topPath = NULL;
    g_autofree char *clonePath = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *chain = NULL;
    virStorageVolPtr raw = NULL, top = NULL, v = NULL, clone = NULL;
    virStorageVolInfo info;

    if (!stSetUp(&st))
        goto cleanup;
    base = stPath(&st, "base.img");
    topPath = stPath(&st, "top.qcow2");
    clonePath = stPath(&st, "clone");
    CHECK((raw = stVol(&st, "base.img", "raw", NULL)) != NULL);
    qtWriteImage(base, "raw", 0x5a);
    CHECK((top = stVol(&st, "top.qcow2", "qcow2", base)) != NULL);
    CHECK((chain = qtImageChain(topPath)));
    CHECK_STR(chain, "top.qcow2<base.img");
    CHECK(qtCheckImage(topPath, "qcow2", 0x5a));

    CHECK_INT(virStorageVolGetInfo(top, &info), 0);
    CHECK_INT(info.capacity, 16 * MiB);
    CHECK((v = virStorageVolLookupByPath(st.env.conn, base)) != NULL);
    CHECK_STR(virStorageVolGetName(v), "base.img");
    virStorageVolFree(v);
    CHECK((v = virStorageVolLookupByKey(st.env.conn, virStorageVolGetKey(top))) != NULL);
    virStorageVolFree(v);
    CHECK_INT(virStoragePoolNumOfVolumes(st.pool), 2);
    CHECK((xml = virStorageVolGetXMLDesc(top, 0)) && strstr(xml, "<format type='qcow2'/>") &&
          strstr(xml, "<backingStore>"));

    CHECK_INT(virStorageVolResize(top, 32 * MiB, 0), 0);
    CHECK_INT(virStorageVolGetInfo(top, &info), 0);
    CHECK_INT(info.capacity, 32 * MiB);
    CHECK_INT(virStorageVolResize(top, 8 * MiB, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "shrink");

    /* A clone flattens the chain. */
    CHECK((clone = virStorageVolCreateXMLFrom(
               st.pool, "<volume><name>clone</name><target><format type='qcow2'/>"
               "</target></volume>", top, 0)) != NULL);
    g_free(chain);
    CHECK((chain = qtImageChain(clonePath)));
    CHECK_STR(chain, "clone");
    CHECK(qtCheckImage(clonePath, "qcow2", 0x5a));

    CHECK_INT(virStorageVolDelete(clone, 0), 0);
    CHECK(!g_file_test(clonePath, G_FILE_TEST_EXISTS));
    CHECK(virStorageVolLookupByName(st.pool, "clone") == NULL);
    CHECK_ERROR(VIR_ERR_NO_STORAGE_VOL, "no storage vol with matching name 'clone'");

 cleanup:
    if (raw)
        virStorageVolFree(raw);
    if (top)
        virStorageVolFree(top);
    if (clone)
        virStorageVolFree(clone);
    stTearDown(&st);
}


static void
test_volume_unsafe_input_is_refused(void)
{
    stEnv st;
    g_autofree char *outside = NULL;
    g_autofree char *xml = NULL;
    static const char *const badNames[] = { "a/b", "..", ".", ".hidden", "" };

    if (!stSetUp(&st))
        goto cleanup;
    for (size_t i = 0; i < G_N_ELEMENTS(badNames); i++) {
        g_free(xml);
        xml = g_strdup_printf("<volume><name>%s</name><capacity>1024</capacity></volume>",
                              badNames[i]);
        CHECK(virStorageVolCreateXML(st.pool, xml, 0) == NULL);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "invalid volume name");
    }
    CHECK(virStorageVolCreateXML(st.pool, "<volume><name>v</name><backingStore><path>"
                                 "/nonexistent/base.img</path></backingStore></volume>",
                                 0) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "backing store '/nonexistent/base.img' of volume "
                "'v' does not exist");
    outside = qtImage(&st.env, "outside.img", "raw", NULL);
    g_free(xml);
    xml = g_strdup_printf("<volume><name>v</name><backingStore><path>%s/pool/../outside.img"
                          "</path></backingStore></volume>", st.env.dir);
    CHECK(virStorageVolCreateXML(st.pool, xml, 0) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "is not a volume of pool 'p'");
    CHECK_INT(virStoragePoolNumOfVolumes(st.pool), 0);

 cleanup:
    stTearDown(&st);
}


/* ---- internal snapshots ---- */

static void
test_internal_snapshot_tree_revert_delete(void)
{
    stEnv st;
    g_autofree char *path = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *list = NULL;
    g_autofree char *xml = NULL;
    virStorageVolPtr vol = NULL, other = NULL;
    virStorageVolSnapshotPtr snap;

    if (!stSetUp(&st) || !(vol = stVol(&st, "disk.qcow2", "qcow2", NULL)))
        goto cleanup;
    path = stPath(&st, "disk.qcow2");
    qtWriteImage(path, "qcow2", 0x11);
    CHECK_INT(stSnap(vol, "s1", "internal"), 0);
    qtWriteImage(path, "qcow2", 0x22);
    CHECK_INT(stSnap(vol, "s2", "internal"), 0);
    CHECK((list = qtImageSnapshots(path)));
    CHECK_STR(list, "s1 s2");

    /* Revert restores the data; the next snapshot branches off. */
    CHECK_INT(stRevert(vol, "s1"), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x11));
    qtWriteImage(path, "qcow2", 0x33);
    CHECK_INT(stSnap(vol, "s3", "internal"), 0);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "s1<- s2<s1 s3<s1 *s3");
    CHECK((snap = virStorageVolSnapshotLookupByName(vol, "s3", 0)));
    CHECK((xml = virStorageVolSnapshotGetXMLDesc(snap, 0)));
    CHECK_CONTAINS(xml, "<parent>\n    <name>s1</name>\n  </parent>");
    CHECK_CONTAINS(xml, "<type>internal</type>");
    virStorageVolSnapshotFree(snap);
    CHECK_INT(virStorageVolSnapshotNum(vol, VIR_STORAGE_VOL_SNAPSHOT_LIST_LEAVES), 2);
    CHECK_INT(virStorageVolSnapshotNum(vol, VIR_STORAGE_VOL_SNAPSHOT_LIST_EXTERNAL), 0);

    /* Names are one namespace per pool. */
    CHECK((other = stVol(&st, "other.qcow2", "qcow2", NULL)));
    CHECK_INT(stSnap(other, "s2", "internal"), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "volume snapshot 's2' already exists in pool "
                "'p' (volume 'disk.qcow2')");

    /* Deleting s1 keeps its children and their data. */
    CHECK_INT(stDelete(vol, "s1", 0), 0);
    g_free(list);
    CHECK((list = qtImageSnapshots(path)));
    CHECK_STR(list, "s2 s3");
    g_free(tree);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "s2<- s3<- *s3");
    CHECK_INT(stRevert(vol, "s2"), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x22));

    /* The tree survives reopening. */
    virStorageVolFree(vol);
    virStorageVolFree(other);
    stReopen(&st);
    CHECK((vol = virStorageVolLookupByName(st.pool, "disk.qcow2")));
    CHECK((other = virStorageVolLookupByName(st.pool, "other.qcow2")));
    g_free(tree);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "s2<- s3<- *s2");

    /* A volume with snapshots is deleted only on request. */
    CHECK_INT(virStorageVolDelete(vol, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot delete volume 'disk.qcow2': it has 2 "
                "snapshots");
    CHECK_INT(virStorageVolDelete(vol, VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS), 0);
    CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
    CHECK_INT(stSnap(other, "s2", "internal"), 0);
    g_free(xml);
    CHECK((xml = stPoolXML(&st)) && !strstr(xml, "<drift>"));

 cleanup:
    if (vol)
        virStorageVolFree(vol);
    if (other)
        virStorageVolFree(other);
    stTearDown(&st);
}


static void
test_internal_snapshot_of_raw_is_refused(void)
{
    stEnv st;
    virStorageVolPtr vol = NULL;

    if (!stSetUp(&st) || !(vol = stVol(&st, "disk.img", "raw", NULL)))
        goto cleanup;
    CHECK_INT(stSnap(vol, "s1", "internal"), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "internal snapshot 's1' needs a qcow2 "
                "volume, and volume 'disk.img' is raw");
    CHECK_INT(virStorageVolSnapshotNum(vol, 0), 0);
    CHECK_INT(stSnap(vol, "e1", "external"), 0);
    CHECK_INT(stSnap(vol, "s2", "internal"), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "volume 'disk.img' has external snapshots");
    CHECK_INT(stSnap(vol, "bad/name", "external"), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "invalid volume snapshot name 'bad/name'");

 cleanup:
    if (vol)
        virStorageVolFree(vol);
    stTearDown(&st);
}


/* ---- external snapshots ---- */

static void
test_external_snapshot_chain_revert_delete_export(void)
{
    stEnv st;
    g_autofree char *path = NULL;
    g_autofree char *e2 = NULL;
    g_autofree char *exported = NULL;
    g_autofree char *chain = NULL;
    g_autofree char *tree = NULL;
    virStorageVolPtr vol = NULL, exp = NULL;
    virStorageVolSnapshotPtr snap = NULL;

    if (!stSetUp(&st) || !(vol = stVol(&st, "disk.img", "raw", NULL)))
        goto cleanup;
    path = stPath(&st, "disk.img");
    e2 = g_build_filename(st.poolDir, ".snapvirt", "images", "e2", NULL);
    exported = stPath(&st, "e2-copy");
    qtWriteImage(path, "raw", 0x11);
    CHECK_INT(stSnap(vol, "e1", "external"), 0);
    qtWriteImage(path, "qcow2", 0x22);
    CHECK_INT(stSnap(vol, "e2", "external"), 0);
    CHECK((chain = qtImageChain(path)));
    CHECK_STR(chain, "disk.img<e2<e1");
    qtWriteImage(path, "qcow2", 0x33);

    /* Revert: the volume is the snapshot's data again; e2 keeps its own. */
    CHECK_INT(stRevert(vol, "e1"), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x11));
    qtWriteImage(path, "qcow2", 0x44);
    CHECK_INT(stSnap(vol, "e3", "external"), 0);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "e1<- e2<e1 e3<e1 *e3");
    CHECK(qtCheckImage(e2, "qcow2", 0x22));

    /* Deleting the root merges it into both children. */
    CHECK_INT(stDelete(vol, "e1", 0), 0);
    g_free(tree);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "e2<- e3<- *e3");
    CHECK(qtCheckImage(e2, "qcow2", 0x22));
    CHECK(qtCheckImage(path, "qcow2", 0x44));
    g_free(chain);
    CHECK((chain = qtImageChain(path)));
    CHECK_STR(chain, "disk.img<e3");
    g_free(chain);
    CHECK((chain = qtImageChain(e2)));
    CHECK_STR(chain, "e2");

    /* Export makes a standalone copy of a snapshot. */
    CHECK((snap = virStorageVolSnapshotLookupByName(vol, "e2", 0)));
    CHECK((exp = virStorageVolSnapshotExport(
               snap, "<volume><name>e2-copy</name><target><format type='qcow2'/>"
               "</target></volume>", 0)));
    g_free(chain);
    CHECK((chain = qtImageChain(exported)));
    CHECK_STR(chain, "e2-copy");
    CHECK(qtCheckImage(exported, "qcow2", 0x22));
    CHECK_INT(virStorageVolSnapshotNum(exp, 0), 0);

    /* Deleting a subtree holding the current snapshot keeps the volume's data. */
    CHECK_INT(stDelete(vol, "e3", VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x44));
    g_free(chain);
    CHECK((chain = qtImageChain(path)));
    CHECK_STR(chain, "disk.img");
    g_free(tree);
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "e2<-");

 cleanup:
    if (snap)
        virStorageVolSnapshotFree(snap);
    if (exp)
        virStorageVolFree(exp);
    if (vol)
        virStorageVolFree(vol);
    stTearDown(&st);
}


/* ---- crash safety ---- */

/* Runs @op on volume @volName in a child process that the test hook
 * kills after the image step of @point; checks it died that way, then
 * reopens the connection. */
static void
test_prealloc_metadata_on_real_files(void)
{
    stEnv st;
    const unsigned int flag = VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
    g_autofree char *prePath = NULL;
    g_autofree char *plainPath = NULL;
    g_autofree char *clonePath = NULL;
    g_autofree char *rawPath = NULL;
    virStorageVolPtr pre = NULL, plain = NULL, clone = NULL;
    GStatBuf sb;

    if (!stSetUp(&st))
        goto cleanup;
    prePath = stPath(&st, "pre.qcow2");
    plainPath = stPath(&st, "plain.qcow2");
    clonePath = stPath(&st, "clone.qcow2");
    rawPath = stPath(&st, "r");
    CHECK((pre = virStorageVolCreateXML(
               st.pool, "<volume><name>pre.qcow2</name><capacity unit='M'>64</capacity>"
               "<target><format type='qcow2'/></target></volume>", flag)) != NULL);
    CHECK((plain = stVol(&st, "plain.qcow2", "qcow2", NULL)) != NULL);
    CHECK(g_stat(prePath, &sb) == 0 && (guint64)sb.st_size >= 64 * MiB);
    CHECK(g_stat(plainPath, &sb) == 0 && (guint64)sb.st_size < MiB);

    qtWriteImage(plainPath, "qcow2", 0x44);
    CHECK((clone = virStorageVolCreateXMLFrom(
               st.pool, "<volume><name>clone.qcow2</name><target><format type='qcow2'/>"
               "</target></volume>", plain, flag)) != NULL);
    CHECK(g_stat(clonePath, &sb) == 0 && (guint64)sb.st_size >= 16 * MiB);
    CHECK(qtCheckImage(clonePath, "qcow2", 0x44));

    CHECK(virStorageVolCreateXML(st.pool, "<volume><name>r</name><capacity>1048576</capacity>"
                                 "</volume>", flag) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED, "volume 'r' is raw");
    CHECK(!g_file_test(rawPath, G_FILE_TEST_EXISTS));

 cleanup:
    if (pre)
        virStorageVolFree(pre);
    if (plain)
        virStorageVolFree(plain);
    if (clone)
        virStorageVolFree(clone);
    stTearDown(&st);
}


static void
test_readonly_connection_cannot_change_storage(void)
{
    stEnv st;
    virConnectPtr ro = NULL;
    virStoragePoolPtr pool = NULL;

    if (!stSetUp(&st))
        goto cleanup;
    CHECK((ro = virConnectOpenReadOnly(st.env.uri)));
    CHECK((pool = virStoragePoolLookupByName(ro, "p")));
    CHECK(virStorageVolCreateXML(pool, "<volume><name>v</name><capacity>1</capacity>"
                                 "</volume>", 0) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only access prevents virStorageVolCreateXML");
    CHECK_INT(virStoragePoolNumOfVolumes(pool), 0);

 cleanup:
    if (pool)
        virStoragePoolFree(pool);
    if (ro)
        virConnectClose(ro);
    stTearDown(&st);
}


static const testCase tests[] = {
    TEST_CASE(test_pool_lifecycle_and_persistence),
    TEST_CASE(test_volume_create_lookup_delete),
    TEST_CASE(test_volume_unsafe_input_is_refused),
    TEST_CASE(test_internal_snapshot_tree_revert_delete),
    TEST_CASE(test_internal_snapshot_of_raw_is_refused),
    TEST_CASE(test_external_snapshot_chain_revert_delete_export),
    TEST_CASE(test_prealloc_metadata_on_real_files),
    TEST_CASE(test_readonly_connection_cannot_change_storage),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
