/*
 * test-storage-crash.c: crash safety of directory pools on real files
 *
 * A child process is killed (SIGKILL, by the SNAPVIRT_STORAGE_CRASH_AFTER
 * hook) between the image step and the metadata step of a volume
 * snapshot's create, delete or revert; the next process refreshes the
 * pool and must find it consistent, with what the crash left reported
 * as drift, and the guest-visible data intact.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "storagetest.h"


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

static const testCase tests[] = {
    TEST_CASE(test_crash_in_internal_create_reports_orphan),
    TEST_CASE(test_crash_in_external_create_and_delete_reports_drift),
    TEST_CASE(test_crash_in_revert_loses_nothing),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
