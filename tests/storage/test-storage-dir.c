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

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "qemu/qemutest.h"

#define MiB (1024ULL * 1024)

typedef struct {
    qtEnv env;
    char *poolDir;
    virStoragePoolPtr pool;
} stEnv;


static bool
stSetUp(stEnv *st)
{
    g_autofree char *xml = NULL;

    memset(st, 0, sizeof(*st));
    if (!qtSetUp(&st->env))
        return false;
    st->poolDir = qtPath(&st->env, "pool");
    xml = g_strdup_printf("<pool type='dir'><name>p</name><target><path>%s</path>"
                          "</target></pool>", st->poolDir);
    if (!(st->pool = virStoragePoolDefineXML(st->env.conn, xml, 0)) ||
        virStoragePoolBuild(st->pool, 0) < 0 || virStoragePoolCreate(st->pool, 0) < 0) {
        testFail(__FILE__, __LINE__, "pool set-up: %s", virGetLastErrorMessage());
        return false;
    }
    return true;
}


static void
stTearDown(stEnv *st)
{
    if (st->pool)
        virStoragePoolFree(st->pool);
    st->pool = NULL;
    qtTearDown(&st->env);
    g_free(st->poolDir);
}


/* Closes and reopens the connection: a new driver state read from disk. */
static void
stReopen(stEnv *st)
{
    virStoragePoolFree(st->pool);
    qtReopen(&st->env);
    st->pool = virStoragePoolLookupByName(st->env.conn, "p");
    CHECK(st->pool != NULL);
}


static virStorageVolPtr
stVol(stEnv *st, const char *name, const char *format, const char *backing)
{
    g_autofree char *xml = g_strdup_printf(
        "<volume><name>%s</name><capacity unit='M'>16</capacity>"
        "<target><format type='%s'/></target>%s%s%s</volume>", name, format,
        backing ? "<backingStore><path>" : "", backing ? backing : "",
        backing ? "</path></backingStore>" : "");
    virStorageVolPtr vol = virStorageVolCreateXML(st->pool, xml, 0);

    if (!vol)
        testFail(__FILE__, __LINE__, "cannot create volume %s: %s", name,
                 virGetLastErrorMessage());
    return vol;
}


static char *
stPath(stEnv *st, const char *file)
{
    return g_build_filename(st->poolDir, file, NULL);
}


/* Takes snapshot @name of @vol (@type "internal" or "external"); 0 or -1. */
static int
stSnap(virStorageVolPtr vol, const char *name, const char *type)
{
    g_autofree char *xml = g_strdup_printf("<volsnapshot><name>%s</name><type>%s</type>"
                                           "</volsnapshot>", name, type);
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotCreateXML(vol, xml, 0);

    if (!snap)
        return -1;
    virStorageVolSnapshotFree(snap);
    return 0;
}


static int
stRevert(virStorageVolPtr vol, const char *name)
{
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotLookupByName(vol, name, 0);
    int rc = snap ? virStorageVolRevertToSnapshot(snap, 0) : -1;

    if (snap)
        virStorageVolSnapshotFree(snap);
    return rc;
}


static int
stDelete(virStorageVolPtr vol, const char *name, unsigned int flags)
{
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotLookupByName(vol, name, 0);
    int rc = snap ? virStorageVolSnapshotDelete(snap, flags) : -1;

    if (snap)
        virStorageVolSnapshotFree(snap);
    return rc;
}


static gint
stCompareStrings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


/* "name<parent" for each snapshot of @vol ("-" for roots), sorted, then
 * " *NAME" for the current one. */
static char *
stTree(virStorageVolPtr vol)
{
    virStorageVolSnapshotPtr *snaps = NULL;
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) out = g_string_new(NULL);
    virStorageVolSnapshotPtr cur;
    int n = virStorageVolListAllSnapshots(vol, &snaps, 0);

    for (int i = 0; i < n; i++) {
        virStorageVolSnapshotPtr parent = virStorageVolSnapshotGetParent(snaps[i], 0);

        g_ptr_array_add(items, g_strdup_printf("%s<%s", virStorageVolSnapshotGetName(snaps[i]),
                                               parent ? virStorageVolSnapshotGetName(parent)
                                                      : "-"));
        if (parent)
            virStorageVolSnapshotFree(parent);
        virStorageVolSnapshotFree(snaps[i]);
    }
    g_free(snaps);
    g_ptr_array_sort(items, stCompareStrings);
    for (size_t i = 0; i < items->len; i++)
        g_string_append_printf(out, "%s%s", i ? " " : "", (char *)items->pdata[i]);
    if ((cur = virStorageVolSnapshotCurrent(vol, 0))) {
        g_string_append_printf(out, " *%s", virStorageVolSnapshotGetName(cur));
        virStorageVolSnapshotFree(cur);
    }
    virResetLastError();
    return g_string_free(g_steal_pointer(&out), FALSE);
}


static char *
stPoolXML(stEnv *st)
{
    return virStoragePoolGetXMLDesc(st->pool, 0);
}


/* ---- pools ---- */

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
stCrash(stEnv *st, const char *point, const char *volName,
        int (*op)(virStorageVolPtr vol, const char *arg), const char *arg)
{
    pid_t pid;
    int status = 0;

    virStoragePoolFree(st->pool);
    st->pool = NULL;
    virConnectClose(st->env.conn);
    st->env.conn = NULL;
    if ((pid = fork()) == 0) {
        virConnectPtr conn;
        virStoragePoolPtr pool;
        virStorageVolPtr vol;

        g_setenv("SNAPVIRT_STORAGE_CRASH_AFTER", point, TRUE);
        if ((conn = virConnectOpen(st->env.uri)) &&
            (pool = virStoragePoolLookupByName(conn, "p")) &&
            (vol = virStorageVolLookupByName(pool, volName)))
            op(vol, arg);
        _exit(3);   /* not killed: the hook did not fire */
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    st->env.conn = apiOpen(st->env.uri);
    st->pool = virStoragePoolLookupByName(st->env.conn, "p");
    CHECK(st->pool && virStoragePoolRefresh(st->pool, 0) == 0);
}


static int
stSnapInternal(virStorageVolPtr vol, const char *name)
{
    return stSnap(vol, name, "internal");
}


static int
stSnapExternal(virStorageVolPtr vol, const char *name)
{
    return stSnap(vol, name, "external");
}


static int
stDeleteDefault(virStorageVolPtr vol, const char *name)
{
    return stDelete(vol, name, 0);
}


static void
test_crash_in_internal_create_reports_orphan(void)
{
    stEnv st;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *tree = NULL;
    virStorageVolPtr vol = NULL;

    if (!stSetUp(&st) || !(vol = stVol(&st, "disk.qcow2", "qcow2", NULL)))
        goto cleanup;
    path = stPath(&st, "disk.qcow2");
    qtWriteImage(path, "qcow2", 0x11);
    CHECK_INT(stSnap(vol, "s1", "internal"), 0);
    virStorageVolFree(vol);
    vol = NULL;
    stCrash(&st, "snapshot-create", "disk.qcow2", stSnapInternal, "s2");

    CHECK((xml = stPoolXML(&st)));
    CHECK_CONTAINS(xml, "<problem volume='disk.qcow2'>snapshot &apos;s2&apos; is in the "
                   "image but not in the metadata</problem>");
    CHECK((vol = virStorageVolLookupByName(st.pool, "disk.qcow2")));
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "s1<- *s1");
    CHECK(qtCheckImage(path, "qcow2", 0x11));
    /* The pool stays usable; the orphan's name is refused, not reused. */
    CHECK_INT(stSnap(vol, "s2", "internal"), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already holds an internal snapshot 's2'");
    CHECK_INT(stSnap(vol, "s3", "internal"), 0);
    CHECK_INT(stRevert(vol, "s1"), 0);

 cleanup:
    if (vol)
        virStorageVolFree(vol);
    stTearDown(&st);
}


/* Volume @name of @format holding 0x11 in external snapshot e1 and 0x22
 * in e2 (current); returns its path, NULL on failure (reported). */
static char *
stTwoExternal(stEnv *st, const char *name, const char *format)
{
    virStorageVolPtr vol = stVol(st, name, format, NULL);
    g_autofree char *path = stPath(st, name);
    bool ok;

    if (!vol)
        return NULL;
    qtWriteImage(path, format, 0x11);
    ok = stSnap(vol, "e1", "external") == 0;
    qtWriteImage(path, "qcow2", 0x22);
    ok = ok && stSnap(vol, "e2", "external") == 0;
    virStorageVolFree(vol);
    CHECK(ok);
    return ok ? g_steal_pointer(&path) : NULL;
}


static void
test_crash_in_external_create_and_delete_reports_drift(void)
{
    stEnv st;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *chain = NULL;
    virStorageVolPtr vol = NULL;

    if (!stSetUp(&st) || !(path = stTwoExternal(&st, "disk.img", "raw")))
        goto cleanup;
    qtWriteImage(path, "qcow2", 0x33);

    /* Killed after the images of "e3" are made: an unknown image. */
    stCrash(&st, "snapshot-create", "disk.img", stSnapExternal, "e3");
    CHECK((xml = stPoolXML(&st)));
    CHECK_CONTAINS(xml, "/.snapvirt/images/e3&apos; is not known to the metadata</problem>");
    CHECK(qtCheckImage(path, "qcow2", 0x33));

    /* Killed after e2's image is merged away: e2's metadata has no image. */
    stCrash(&st, "snapshot-delete", "disk.img", stDeleteDefault, "e2");
    g_free(xml);
    CHECK((xml = stPoolXML(&st)));
    CHECK_CONTAINS(xml, "/.snapvirt/images/e2&apos; of snapshot &apos;e2&apos; is "
                   "missing</problem>");
    CHECK(qtCheckImage(path, "qcow2", 0x33));
    CHECK((vol = virStorageVolLookupByName(st.pool, "disk.img")));
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "e1<- e2<e1 *e2");

    /* The orphan e3 was on e2: it was merged too, so nothing broke. */
    CHECK((chain = qtImageChain(path)));
    CHECK_STR(chain, "disk.img<e3<e1");

    /* Forgetting the dead snapshot leaves the orphan image reported. */
    CHECK_INT(stDelete(vol, "e2", VIR_STORAGE_VOL_SNAPSHOT_DELETE_METADATA_ONLY), 0);
    CHECK_INT(virStoragePoolRefresh(st.pool, 0), 0);
    g_free(xml);
    CHECK((xml = stPoolXML(&st)));
    /* (Names are quoted in the problems: the pool's random temporary
     * path may contain "e2" itself.) */
    CHECK(!strstr(xml, "/e2&apos;") && !strstr(xml, "&apos;e2&apos;"));
    CHECK_CONTAINS(xml, "e3&apos; is not known to the metadata");

 cleanup:
    if (vol)
        virStorageVolFree(vol);
    stTearDown(&st);
}


/* Killed after the volume is put back on e1's image but before the
 * metadata says so: nothing is lost, and reverting again finishes it. */
static void
test_crash_in_revert_loses_nothing(void)
{
    stEnv st;
    g_autofree char *path = NULL;
    g_autofree char *tree = NULL;
    virStorageVolPtr vol = NULL;

    if (!stSetUp(&st) || !(path = stTwoExternal(&st, "disk.qcow2", "qcow2")))
        goto cleanup;

    stCrash(&st, "snapshot-revert", "disk.qcow2", stRevert, "e1");
    CHECK(qtCheckImage(path, "qcow2", 0x11));
    CHECK((vol = virStorageVolLookupByName(st.pool, "disk.qcow2")));
    CHECK((tree = stTree(vol)));
    CHECK_STR(tree, "e1<- e2<e1 *e2");
    CHECK_INT(stRevert(vol, "e1"), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x11));
    CHECK_INT(stRevert(vol, "e2"), 0);
    CHECK(qtCheckImage(path, "qcow2", 0x22));

 cleanup:
    if (vol)
        virStorageVolFree(vol);
    stTearDown(&st);
}


/* VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA reaches the image: a qcow2
 * file with every cluster's metadata written is as long as the disk. */
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
    TEST_CASE(test_crash_in_internal_create_reports_orphan),
    TEST_CASE(test_crash_in_external_create_and_delete_reports_drift),
    TEST_CASE(test_crash_in_revert_loses_nothing),
    TEST_CASE(test_prealloc_metadata_on_real_files),
    TEST_CASE(test_readonly_connection_cannot_change_storage),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
