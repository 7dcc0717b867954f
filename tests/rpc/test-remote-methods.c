/*
 * test-remote-methods.c: what the remote driver's storage, block job,
 * backup, QEMU monitor and version methods send and how they read the
 * replies, against the scripted daemon (fakedaemon.h)
 *
 * The daemon writes each call out as "PROC ARG ARG ..." (absent optional
 * strings as "-", domains by name, volumes as pool/name) and answers
 * with a canned reply made from the procedure's return signature: every
 * int is srv->retInt, the Nth unsigned hyper is 1000 + N, strings are
 * "text", pools "pool1", volumes pool1/vol1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>
#include <libvirt/libvirt-qemu.h>

#include "testutils.h"
#include "fakedaemon.h"
#include "util/virerror.h"

/* The last call of @proc went out as @text. */
#define CHECK_CALL(srv, proc, text) \
    do { \
        g_autofree char *_c = fakeLastCall(srv, proc); \
        CHECK_STR(_c, text); \
    } while (0)


typedef struct {
    fakeServer *srv;
    virConnectPtr conn;
    virDomainPtr dom;
} fixture;

static bool
fixtureOpen(fixture *f, fakeServer *srv)
{
    f->srv = srv;
    if (!(f->conn = fakeOpen(srv, 0)))
        return false;
    if (!(f->dom = virDomainLookupByName(f->conn, "vm1"))) {
        testFail(__FILE__, __LINE__, "no domain vm1");
        virConnectClose(f->conn);
        return false;
    }
    return true;
}


static void
fixtureClose(fixture *f)
{
    virDomainFree(f->dom);
    CHECK_INT(virConnectClose(f->conn), 0);
    fakeServerJoin(f->srv);
}


/* ---- storage ---- */

static void
test_pool_calls_carry_their_arguments(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virStoragePoolPtr pool, made;
    virStoragePoolPtr *pools = NULL;
    virStoragePoolInfo info;
    char *names[4] = { NULL };
    unsigned char uuid[VIR_UUID_BUFLEN];
    int autostart = -1;

    if (!conn || !(pool = virStoragePoolLookupByName(conn, "pool1"))) {
        testFail(__FILE__, __LINE__, "no pool");
        return;
    }
    CHECK_CALL(srv, 84, "84 pool1");
    CHECK_STR(virStoragePoolGetName(pool), "pool1");
    CHECK_INT(virStoragePoolGetUUID(pool, uuid), 0);
    CHECK(memcmp(uuid, fakeUUID, VIR_UUID_BUFLEN) == 0);

    CHECK_INT(virConnectNumOfStoragePools(conn), 1);
    CHECK_INT(virConnectNumOfDefinedStoragePools(conn), 1);
    CHECK_INT(virConnectListStoragePools(conn, names, 4), 1);
    CHECK_CALL(srv, 72, "72 4");
    CHECK_STR(names[0], "text");
    g_free(names[0]);
    CHECK_INT(virConnectListDefinedStoragePools(conn, names, 2), 1);
    CHECK_CALL(srv, 74, "74 2");
    g_free(names[0]);
    CHECK_INT(virConnectListAllStoragePools(conn, &pools, 3), 1);
    CHECK_CALL(srv, 281, "281 1 3");
    if (pools) {
        CHECK_STR(virStoragePoolGetName(pools[0]), "pool1");
        CHECK(pools[1] == NULL);
        virStoragePoolFree(pools[0]);
        g_free(pools);
    }
    CHECK_INT(virConnectListAllStoragePools(conn, NULL, 0), 1);
    CHECK_CALL(srv, 281, "281 0 0");

    if ((made = virStoragePoolLookupByUUID(conn, fakeUUID)))
        virStoragePoolFree(made);
    CHECK_CALL(srv, 85, "85 uuid66");
    if ((made = virStoragePoolDefineXML(conn, "<pool/>", 0)))
        virStoragePoolFree(made);
    CHECK_CALL(srv, 77, "77 <pool/> 0");
    if ((made = virStoragePoolCreateXML(conn, "<pool/>", 0)))
        virStoragePoolFree(made);
    CHECK_CALL(srv, 76, "76 <pool/> 0");
    CHECK(made != NULL);

    CHECK_INT(virStoragePoolBuild(pool, 0), 0);
    CHECK_CALL(srv, 79, "79 pool1 0");
    CHECK_INT(virStoragePoolCreate(pool, 0), 0);
    CHECK_CALL(srv, 78, "78 pool1 0");
    CHECK_INT(virStoragePoolRefresh(pool, 0), 0);
    CHECK_CALL(srv, 83, "83 pool1 0");
    CHECK_INT(virStoragePoolDestroy(pool), 0);
    CHECK_CALL(srv, 80, "80 pool1");
    CHECK_INT(virStoragePoolDelete(pool, 0), 0);
    CHECK_CALL(srv, 81, "81 pool1 0");
    CHECK_INT(virStoragePoolUndefine(pool), 0);
    CHECK_CALL(srv, 82, "82 pool1");

    CHECK_INT(virStoragePoolGetInfo(pool, &info), 0);
    CHECK_INT(info.state, 1);
    CHECK_INT(info.capacity, 1001);
    CHECK_INT(info.allocation, 1002);
    CHECK_INT(info.available, 1003);
    srv->retInt = 0;
    CHECK_INT(virStoragePoolGetAutostart(pool, &autostart), 0);
    CHECK_INT(autostart, 0);
    srv->retInt = 1;
    CHECK_INT(virStoragePoolGetAutostart(pool, &autostart), 0);
    CHECK_INT(autostart, 1);
    CHECK_CALL(srv, 89, "89 pool1");
    CHECK_INT(virStoragePoolIsActive(pool), 1);
    CHECK_CALL(srv, 154, "154 pool1");
    CHECK_INT(virStoragePoolIsPersistent(pool), 1);
    CHECK_CALL(srv, 155, "155 pool1");
    {
        g_autofree char *xml = virStoragePoolGetXMLDesc(pool, 0);

        CHECK_STR(xml, "text");
        CHECK_CALL(srv, 88, "88 pool1 0");
    }
    virStoragePoolFree(pool);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_volume_calls_carry_their_arguments(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virStoragePoolPtr pool, owner;
    virStorageVolPtr vol, made;
    virStorageVolPtr *vols = NULL;
    virStorageVolInfo info;
    char *names[2] = { NULL };

    if (!conn || !(pool = virStoragePoolLookupByName(conn, "pool1")) ||
        !(vol = virStorageVolLookupByName(pool, "vol1"))) {
        testFail(__FILE__, __LINE__, "no pool or volume");
        return;
    }
    CHECK_CALL(srv, 95, "95 pool1 vol1");
    CHECK_STR(virStorageVolGetName(vol), "vol1");
    CHECK_STR(virStorageVolGetKey(vol), "/pool1/vol1");

    CHECK_INT(virStoragePoolNumOfVolumes(pool), 1);
    CHECK_CALL(srv, 91, "91 pool1");
    CHECK_INT(virStoragePoolListVolumes(pool, names, 2), 1);
    CHECK_CALL(srv, 92, "92 pool1 2");
    g_free(names[0]);
    CHECK_INT(virStoragePoolListAllVolumes(pool, &vols, 0), 1);
    CHECK_CALL(srv, 282, "282 pool1 1 0");
    if (vols) {
        CHECK_STR(virStorageVolGetKey(vols[0]), "/pool1/vol1");
        virStorageVolFree(vols[0]);
        g_free(vols);
    }

    if ((owner = virStoragePoolLookupByVolume(vol)))
        virStoragePoolFree(owner);
    CHECK_CALL(srv, 86, "86 pool1/vol1");
    if ((made = virStorageVolLookupByKey(conn, "/k")))
        virStorageVolFree(made);
    CHECK_CALL(srv, 96, "96 /k");
    if ((made = virStorageVolLookupByPath(conn, "/p")))
        virStorageVolFree(made);
    CHECK_CALL(srv, 97, "97 /p");
    if ((made = virStorageVolCreateXML(pool, "<volume/>", 0)))
        virStorageVolFree(made);
    CHECK_CALL(srv, 93, "93 pool1 <volume/> 0");
    if ((made = virStorageVolCreateXMLFrom(pool, "<volume/>", vol, 0)))
        virStorageVolFree(made);
    CHECK_CALL(srv, 125, "125 pool1 <volume/> pool1/vol1 0");
    CHECK(made != NULL);

    CHECK_INT(virStorageVolGetInfo(vol, &info), 0);
    CHECK_INT(info.type, 1);
    CHECK_INT(info.capacity, 1001);
    CHECK_INT(info.allocation, 1002);
    {
        g_autofree char *xml = virStorageVolGetXMLDesc(vol, 0);
        g_autofree char *path = virStorageVolGetPath(vol);

        CHECK_STR(xml, "text");
        CHECK_CALL(srv, 99, "99 pool1/vol1 0");
        CHECK_STR(path, "text");
        CHECK_CALL(srv, 100, "100 pool1/vol1");
    }
    CHECK_INT(virStorageVolResize(vol, 1048576, 0), 0);
    CHECK_CALL(srv, 260, "260 pool1/vol1 1048576 0");
    CHECK_INT(virStorageVolDelete(vol, 0), 0);
    CHECK_CALL(srv, 94, "94 pool1/vol1 0");

    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    CHECK_INT(virConnectClose(conn), 0);
}


/* A daemon that does not announce snapvirt's program (libvirtd) gets no
 * volume snapshot call: the feature is asked once, and the calls fail
 * with VIR_ERR_NO_SUPPORT. */
static void
test_volume_snapshots_need_snapvirtd(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virStorageVolPtr vol;
    int before;

    if (!conn || !(vol = virStorageVolLookupByPath(conn, "/p"))) {
        testFail(__FILE__, __LINE__, "no volume");
        return;
    }
    before = srv->procs->len;
    CHECK_INT(virStorageVolSnapshotNum(vol, 0), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
    CHECK_STR(virGetLastErrorMessage(), "this function is not supported by the connection "
              "driver: the daemon has no volume snapshots (it is not snapvirtd)");
    CHECK(virStorageVolSnapshotCreateXML(vol, "<volsnapshot/>", 0) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
    CHECK_INT(srv->procs->len, before + 1);   /* the one feature question */
    virStorageVolFree(vol);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_storage_errors_come_as_the_daemon_sent_them(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;

    srv->errorProc = REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_NAME;
    srv->errorCode = VIR_ERR_NO_STORAGE_POOL;
    if (!(conn = fakeOpen(srv, 0)))
        return;
    CHECK(virStoragePoolLookupByName(conn, "nosuch") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_STORAGE_POOL);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_STR(virGetLastErrorMessage(), "the daemon says no");
    CHECK_INT(virConnectClose(conn), 0);
}


/* ---- block jobs and backup ---- */

static void
test_block_jobs_carry_their_arguments(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virTypedParameter params[17] = { { .type = 0 } };
    fixture f;

    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, "vda[1]", 4, 0), 0);
    CHECK_CALL(srv, 290, "290 vm1 vda - vda[1] 4 0");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", "/b", NULL, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), 0);
    CHECK_CALL(srv, 290, "290 vm1 vda /b - 0 4");
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), 0);
    CHECK_CALL(srv, 237, "237 vm1 vda 2");
    CHECK_INT(virDomainBlockJobSetSpeed(f.dom, "vda", 7,
                                        VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES), 0);
    CHECK_CALL(srv, 239, "239 vm1 vda 7 1");

    g_strlcpy(params[0].field, VIR_DOMAIN_BLOCK_COPY_BANDWIDTH, sizeof(params[0].field));
    params[0].type = VIR_TYPED_PARAM_ULLONG;
    params[0].value.ul = 1000;
    CHECK_INT(virDomainBlockCopy(f.dom, "vda", "<disk/>", params, 1,
                                 VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB), 0);
    CHECK_CALL(srv, 345, "345 vm1 vda <disk/> {bandwidth=1000} 4");
    for (int i = 1; i < 17; i++)
        params[i] = params[0];
    CHECK_INT(virDomainBlockCopy(f.dom, "vda", "<disk/>", params, 17, 0), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
    CHECK_CONTAINS(virGetLastErrorMessage(), "17 > 16");
    CHECK_INT(fakeCount(srv, 345), 1);

    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup/>", NULL, 0), 0);
    CHECK_CALL(srv, 421, "421 vm1 <domainbackup/> - 0");
    {
        g_autofree char *xml = virDomainBackupGetXMLDesc(f.dom, 0);

        CHECK_STR(xml, "text");
        CHECK_CALL(srv, 422, "422 vm1 0");
    }
    fixtureClose(&f);
}


/* Pull and rebase share one driver method: a call only a pull could have
 * made goes out as BLOCK_PULL, any other as BLOCK_REBASE. */
static void
test_pull_or_rebase_by_base_and_flags(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    fixture f;

    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 5, 0), 0);
    CHECK_CALL(srv, 240, "240 vm1 vda 5 0");
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 5, VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES), 0);
    CHECK_CALL(srv, 240, "240 vm1 vda 5 64");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", NULL, 0, 0), 0);
    CHECK_CALL(srv, 240, "240 vm1 vda 0 0");
    CHECK_INT(fakeCount(srv, 266), 0);
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", "/base", 3, 0), 0);
    CHECK_CALL(srv, 266, "266 vm1 vda /base 3 0");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", "/copy", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY |
                                   VIR_DOMAIN_BLOCK_REBASE_SHALLOW), 0);
    CHECK_CALL(srv, 266, "266 vm1 vda /copy 0 9");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", NULL, 0, VIR_DOMAIN_BLOCK_REBASE_RELATIVE), 0);
    CHECK_CALL(srv, 266, "266 vm1 vda - 0 16");
    CHECK_INT(fakeCount(srv, 240), 3);
    fixtureClose(&f);
}


static void
test_block_job_info_found_or_not(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virDomainBlockJobInfo info;
    fixture f;

    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info, 0), 1);
    CHECK_CALL(srv, 238, "238 vm1 vda 0");
    CHECK_INT(info.type, 1);
    CHECK_INT(info.bandwidth, 1002);
    CHECK_INT(info.cur, 1003);
    CHECK_INT(info.end, 1004);
    srv->retInt = 0;
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info,
                                       VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES), 0);
    CHECK_CALL(srv, 238, "238 vm1 vda 1");
    CHECK_INT(info.type, 0);
    CHECK_INT(info.end, 0);
    fixtureClose(&f);
}


static void
test_block_job_errors_come_as_the_daemon_sent_them(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    fixture f;

    srv->errorProc = REMOTE_PROC_DOMAIN_BLOCK_COMMIT;
    srv->errorCode = VIR_ERR_INVALID_ARG;
    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, NULL, 0, 0), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_INT(virConnectIsAlive(f.conn), 1);
    fixtureClose(&f);
}


/* ---- the QEMU program, versions, security ---- */

static void
test_monitor_command_goes_to_the_qemu_program(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    char *result = NULL;
    fixture f;

    srv->qemuProgram = true;
    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainQemuMonitorCommand(f.dom, "info block", &result,
                                          VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP), 0);
    CHECK_STR(result, "{\"return\":\"info block\"}");
    CHECK_CALL(srv, 1, "1 vm1 info block 1");
    g_free(result);
    fixtureClose(&f);
}


static void
test_monitor_command_without_the_program_fails_cleanly(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    char *result = NULL;
    fixture f;

    if (!fixtureOpen(&f, srv))
        return;
    CHECK_INT(virDomainQemuMonitorCommand(f.dom, "{}", &result, 0), -1);
    CHECK(result == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
    CHECK_STR(virGetLastErrorMessage(), "Cannot find program 536903815 version 1");
    CHECK_INT(virConnectIsAlive(f.conn), 1);
    fixtureClose(&f);
}


static void
test_lib_version_is_the_daemons(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    unsigned long v = 0;

    if (!conn)
        return;
    CHECK_INT(virConnectGetLibVersion(conn, &v), 0);
    CHECK_INT(v, 1000);
    CHECK_INT(fakeCount(srv, REMOTE_PROC_CONNECT_GET_LIB_VERSION), 1);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_unix_socket_is_secure_not_encrypted(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);

    if (!conn)
        return;
    CHECK_INT(virConnectIsSecure(conn), 1);
    CHECK_INT(virConnectIsEncrypted(conn), 0);
    srv->retInt = 0;
    CHECK_INT(virConnectIsSecure(conn), 0);   /* the daemon's side says not */
    CHECK_INT(virConnectClose(conn), 0);
}


/* A daemon that stops answering: keepalive gives the connection up
 * (after about interval x (count + 1) seconds) instead of a call hanging. */
static void
test_keepalive_gives_up_on_a_silent_daemon(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_HANG);
    virConnectPtr conn;

    srv->feature10 = 1;
    if (!(conn = fakeOpen(srv, 0)))
        return;
    CHECK_INT(virConnectSetKeepAlive(conn, 1, 1), 0);
    CHECK(virConnectGetHostname(conn) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
    CHECK_STR(virGetLastErrorMessage(), "internal error: connection closed due to keepalive timeout");
    CHECK_INT(virConnectIsAlive(conn), 0);
    virConnectClose(conn);
}


/* A daemon that does not do keepalive: 1, as in libvirt; 0 turns it off. */
static void
test_keepalive_needs_the_daemon(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_autofree char *host = NULL;

    if (!conn)
        return;
    CHECK_INT(virConnectSetKeepAlive(conn, 5, 3), 1);
    CHECK_INT(virConnectSetKeepAlive(conn, 0, 0), 0);
    CHECK((host = virConnectGetHostname(conn)) != NULL);
    CHECK_INT(virConnectClose(conn), 0);
}


static const testCase tests[] = {
    TEST_CASE(test_keepalive_gives_up_on_a_silent_daemon),
    TEST_CASE(test_keepalive_needs_the_daemon),
    TEST_CASE(test_pool_calls_carry_their_arguments),
    TEST_CASE(test_volume_calls_carry_their_arguments),
    TEST_CASE(test_volume_snapshots_need_snapvirtd),
    TEST_CASE(test_storage_errors_come_as_the_daemon_sent_them),
    TEST_CASE(test_block_jobs_carry_their_arguments),
    TEST_CASE(test_pull_or_rebase_by_base_and_flags),
    TEST_CASE(test_block_job_info_found_or_not),
    TEST_CASE(test_block_job_errors_come_as_the_daemon_sent_them),
    TEST_CASE(test_monitor_command_goes_to_the_qemu_program),
    TEST_CASE(test_monitor_command_without_the_program_fails_cleanly),
    TEST_CASE(test_lib_version_is_the_daemons),
    TEST_CASE(test_unix_socket_is_secure_not_encrypted),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
