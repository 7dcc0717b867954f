/*
 * test-remote-libvirtd.c: snapvirt's remote driver against a real libvirtd
 *
 * Starts a private libvirtd (session mode, its sockets, configuration and
 * state in a temporary folder; as root it runs as user nobody through
 * setpriv, because a root libvirtd wants user libvirt-qemu) and drives
 * its test driver through test+unix:///default?socket=... with the
 * public API only: listing, lookups, domain information and lifecycle, a
 * snapshot tree, storage pools and volumes, lifecycle events delivered
 * through the default event loop, errors as the daemon words them,
 * read-only connections, closing, and finally the daemon dying under an
 * open connection.
 *
 * libvirtd's test:///default state is shared by its open connections and
 * reset when the last one closes: each case opens its own connection(s)
 * and closes them all, so it starts from the fixture.
 *
 * The whole program is a TAP skip without libvirtd (or, as root, setpriv).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "apiutils.h"

#define LIBVIRTD_START_TIMEOUT_US (20 * G_USEC_PER_SEC)

static struct {
    char *dir;
    char *sock;
    char *uri;
    volatile pid_t pid;
} lvd;


/* ---- the daemon ---- */

static char *
findProgram(const char *name)
{
    char *path = g_find_program_in_path(name);
    g_autofree char *sbin = g_build_filename("/usr/sbin", name, NULL);

    if (!path && g_file_test(sbin, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer(&sbin);
    return path;
}


static void
lvdKill(int sig)
{
    if (lvd.pid > 0)
        kill(lvd.pid, sig);
}


static void
lvdStop(void)
{
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    if (lvd.pid <= 0)
        return;
    lvdKill(SIGTERM);
    while (waitpid(lvd.pid, NULL, WNOHANG) == 0) {
        if (g_get_monotonic_time() > deadline) {
            lvdKill(SIGKILL);
            waitpid(lvd.pid, NULL, 0);
            break;
        }
        g_usleep(10 * 1000);
    }
    lvd.pid = 0;
}


/* A crash or a timeout of this program must not leave the daemon behind. */
static void
lvdOnSignal(int sig)
{
    lvdKill(SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}


static void
lvdCleanup(void)
{
    lvdStop();
    if (lvd.dir) {
        g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", lvd.dir);

        if (system(cmd) != 0)
            fprintf(stderr, "# could not remove %s\n", lvd.dir);
    }
    g_clear_pointer(&lvd.dir, g_free);
    g_clear_pointer(&lvd.uri, g_free);
    g_clear_pointer(&lvd.sock, g_free);
}


/* Whether something accepts connections on the socket yet. */
static bool
lvdListening(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool ok;

    g_strlcpy(addr.sun_path, lvd.sock, sizeof(addr.sun_path));
    ok = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
    close(fd);
    return ok;
}


static bool
lvdWriteConfig(const char *conf)
{
    g_autofree char *text = g_strdup_printf("unix_sock_dir = \"%s/run\"\n"
                                            "auth_unix_rw = \"none\"\n"
                                            "auth_unix_ro = \"none\"\n", lvd.dir);
    const char *sub[] = { "run", "cfg", "cache" };

    for (size_t i = 0; i < G_N_ELEMENTS(sub); i++) {
        g_autofree char *d = g_build_filename(lvd.dir, sub[i], NULL);

        if (g_mkdir(d, 0777) < 0 || g_chmod(d, 0777) < 0)
            return false;
    }
    return g_chmod(lvd.dir, 0777) == 0 &&
           g_file_set_contents(conf, text, -1, NULL) && g_chmod(conf, 0644) == 0;
}


/* Starts libvirtd; NULL, or why it did not start. */
static char *
lvdStart(const char *libvirtd, const char *setpriv)
{
    g_autofree char *conf = NULL;
    g_autofree char *log = NULL;
    g_autofree char *run = NULL;
    g_autofree char *cfg = NULL;
    g_autofree char *cache = NULL;
    gint64 deadline = g_get_monotonic_time() + LIBVIRTD_START_TIMEOUT_US;
    pid_t pid;

    if (!(lvd.dir = g_dir_make_tmp("snapvirt-libvirtd-XXXXXX", NULL)))
        return g_strdup("cannot make a temporary folder");
    conf = g_build_filename(lvd.dir, "libvirtd.conf", NULL);
    log = g_build_filename(lvd.dir, "libvirtd.log", NULL);
    run = g_build_filename(lvd.dir, "run", NULL);
    lvd.sock = g_build_filename(run, "libvirt-sock", NULL);
    lvd.uri = g_strdup_printf("test+unix:///default?socket=%s", lvd.sock);
    cfg = g_build_filename(lvd.dir, "cfg", NULL);
    cache = g_build_filename(lvd.dir, "cache", NULL);
    if (!lvdWriteConfig(conf))
        return g_strdup("cannot prepare the daemon's folder");

    if ((pid = fork()) < 0)
        return g_strdup_printf("fork: %s", g_strerror(errno));
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);

        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        g_setenv("HOME", lvd.dir, TRUE);
        g_setenv("XDG_RUNTIME_DIR", run, TRUE);
        g_setenv("XDG_CONFIG_HOME", cfg, TRUE);
        g_setenv("XDG_CACHE_HOME", cache, TRUE);
        if (setpriv)
            execl(setpriv, setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                  libvirtd, "-f", conf, (char *)NULL);
        else
            execl(libvirtd, libvirtd, "-f", conf, (char *)NULL);
        _exit(127);
    }
    lvd.pid = pid;

    while (!lvdListening()) {
        g_autofree char *text = NULL;

        if (waitpid(pid, NULL, WNOHANG) == pid || g_get_monotonic_time() > deadline) {
            lvd.pid = waitpid(pid, NULL, WNOHANG) == 0 ? pid : 0;
            g_file_get_contents(log, &text, NULL, NULL);
            return g_strdup_printf("libvirtd did not start; its log:\n%s", text ? text : "");
        }
        g_usleep(10 * 1000);
    }
    return NULL;
}


/* ---- helpers ---- */

static virConnectPtr
openRemote(void)
{
    return apiOpen(lvd.uri);
}


static void
closeRemote(virConnectPtr conn)
{
    if (conn && virConnectClose(conn) != 0)
        testFail(__FILE__, __LINE__, "the connection is still referenced");
}


/* The domain "test" of the fixture on a new connection. */
static void
setUp(apiFixture *f)
{
    apiSetUp(f, lvd.uri, "test");
}


/* ---- connections and lists ---- */

static void
test_connection_describes_the_daemon(void)
{
    virConnectPtr conn = openRemote();
    unsigned long version = 0;
    g_autofree char *host = NULL;
    g_autofree char *uri = NULL;
    virSecurityModel model;

    if (!conn)
        return;
    CHECK_STR(virConnectGetType(conn), "TEST");
    CHECK_INT(virConnectGetVersion(conn, &version), 0);
    CHECK_INT(version, 2);                         /* libvirt's test driver: 0.0.2 */
    host = virConnectGetHostname(conn);
    CHECK(host && *host);
    uri = virConnectGetURI(conn);
    CHECK_STR(uri, lvd.uri);
    CHECK_INT(virConnectIsAlive(conn), 1);
    CHECK_INT(virConnectIsSecure(conn), 1);
    CHECK_INT(virConnectIsEncrypted(conn), 0);
    CHECK_INT(virNodeGetSecurityModel(conn, &model), 0);
    CHECK_STR(model.model, "testSecurity");
    /* the daemon's library, not ours (libvirt 9.0: 9000000) */
    CHECK_INT(virConnectGetLibVersion(conn, &version), 0);
    CHECK(version >= 9000000);
    closeRemote(conn);
}


static void
test_lists_of_domains(void)
{
    virConnectPtr conn = openRemote();
    virDomainPtr *doms = NULL;
    int ids[4] = { 0 };
    char *names[4] = { NULL };

    if (!conn)
        return;
    CHECK_INT(virConnectListAllDomains(conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                                                    VIR_CONNECT_LIST_DOMAINS_INACTIVE), 1);
    if (doms) {
        CHECK_STR(virDomainGetName(doms[0]), "test");
        CHECK_INT(virDomainGetID(doms[0]), 1);
        CHECK(doms[1] == NULL);
        virDomainFree(doms[0]);
        free(doms);
    }
    CHECK_INT(virConnectListAllDomains(conn, NULL, 0), 1);
    CHECK_INT(virConnectListAllDomains(conn, NULL, VIR_CONNECT_LIST_DOMAINS_INACTIVE), 0);
    CHECK_INT(virConnectNumOfDomains(conn), 1);
    CHECK_INT(virConnectListDomains(conn, ids, 4), 1);
    CHECK_INT(ids[0], 1);
    CHECK_INT(virConnectNumOfDefinedDomains(conn), 0);
    CHECK_INT(virConnectListDefinedDomains(conn, names, 4), 0);
    closeRemote(conn);
}


/* ---- domains ---- */

static void
test_domain_lookups_and_information(void)
{
    apiFixture f;
    unsigned char uuid[VIR_UUID_BUFLEN];
    virDomainPtr other;
    virDomainInfo info;
    virSecurityLabel label;
    g_autofree char *xml = NULL;
    g_autofree char *os = NULL;
    g_autofree char *state = NULL;
    int autostart = -1;

    setUp(&f);
    if (!f.dom)
        goto cleanup;
    CHECK_INT(virDomainGetUUID(f.dom, uuid), 0);
    if ((other = virDomainLookupByUUID(f.conn, uuid))) {
        CHECK_STR(virDomainGetName(other), "test");
        virDomainFree(other);
    }
    if ((other = virDomainLookupByID(f.conn, 1))) {
        CHECK_STR(virDomainGetName(other), "test");
        virDomainFree(other);
    }
    state = apiState(f.dom);
    CHECK_STR(state, "1/0");                        /* libvirt's test driver: running, unknown */
    CHECK_INT(virDomainGetInfo(f.dom, &info), 0);
    CHECK_INT(info.state, VIR_DOMAIN_RUNNING);
    CHECK_INT(info.maxMem, 8388608);
    CHECK_INT(info.memory, 2097152);
    CHECK_INT(info.nrVirtCpu, 2);
    xml = virDomainGetXMLDesc(f.dom, 0);
    CHECK_CONTAINS(xml, "<name>test</name>");
    os = virDomainGetOSType(f.dom);
    CHECK_STR(os, "linux");
    CHECK_INT(virDomainGetMaxMemory(f.dom), 8388608);
    CHECK_INT(virDomainIsActive(f.dom), 1);
    CHECK_INT(virDomainIsPersistent(f.dom), 1);
    CHECK_INT(virDomainGetAutostart(f.dom, &autostart), 0);
    CHECK_INT(autostart, 0);
    CHECK_INT(virDomainHasManagedSaveImage(f.dom, 0), 0);
    CHECK_INT(virDomainGetSecurityLabel(f.dom, &label), 0);
    CHECK_STR(label.label, "libvirt-test");
    CHECK_INT(label.enforcing, 1);
 cleanup:
    apiTearDown(&f);
}


static const char rpcVmXML[] =
    "<domain type='test'><name>rpc-vm</name><memory>65536</memory>"
    "<os><type>hvm</type></os></domain>";

static void
test_domain_lifecycle(void)
{
    virConnectPtr conn = openRemote();
    virDomainPtr dom;
    virDomainPtr again;
    char *names[2] = { NULL };
    g_autofree char *running = NULL;
    g_autofree char *paused = NULL;

    if (!conn || !(dom = virDomainDefineXML(conn, rpcVmXML))) {
        testFail(__FILE__, __LINE__, "define: %s", virGetLastErrorMessage());
        closeRemote(conn);
        return;
    }
    CHECK_INT(virDomainGetID(dom), (unsigned int)-1);
    CHECK_INT(virDomainIsActive(dom), 0);
    CHECK_INT(virConnectListDefinedDomains(conn, names, 2), 1);
    CHECK_STR(names[0], "rpc-vm");
    free(names[0]);
    CHECK_INT(virDomainCreate(dom), 0);
    CHECK(virDomainGetID(dom) != (unsigned int)-1);  /* the handle learnt its id */
    if ((again = virDomainLookupByName(conn, "rpc-vm"))) {
        CHECK_INT(virDomainGetID(again), virDomainGetID(dom));
        virDomainFree(again);
    }
    CHECK_INT(virDomainSuspend(dom), 0);
    paused = apiState(dom);
    CHECK_STR(paused, "3/1");                       /* paused by the user */
    CHECK_INT(virDomainResume(dom), 0);
    running = apiState(dom);
    CHECK_STR(running, "1/5");                      /* running, unpaused */
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK_INT(virDomainGetID(dom), (unsigned int)-1);
    CHECK_INT(virDomainUndefine(dom), 0);
    virDomainFree(dom);
    CHECK(virDomainLookupByName(conn, "rpc-vm") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);

    /* A transient domain is gone once destroyed. */
    if ((dom = virDomainCreateXML(conn, rpcVmXML, 0))) {
        CHECK_INT(virDomainIsPersistent(dom), 0);
        CHECK_INT(virDomainIsActive(dom), 1);
        CHECK_INT(virDomainDestroyFlags(dom, 0), 0);
        virDomainFree(dom);
    } else {
        testFail(__FILE__, __LINE__, "createXML: %s", virGetLastErrorMessage());
    }
    CHECK(virDomainLookupByName(conn, "rpc-vm") == NULL);
    closeRemote(conn);
}


/* ---- snapshots ---- */

/* s1 -> s2, s1 -> s3 (current), taken while running. */
static void
buildTree(virDomainPtr dom)
{
    CHECK_INT(apiSnap(dom, "s1", 0), 0);
    CHECK_INT(apiSnap(dom, "s2", 0), 0);
    CHECK_INT(apiRevert(dom, "s1", 0), 0);
    CHECK_INT(apiSnap(dom, "s3", 0), 0);
}


static void
test_snapshot_tree_queries(void)
{
    apiFixture f;
    virDomainSnapshotPtr s1 = NULL;
    virDomainSnapshotPtr *snaps = NULL;
    char *names[3] = { NULL };
    g_autofree char *all = NULL, *roots = NULL, *children = NULL, *parent = NULL;
    g_autofree char *current = NULL, *xml = NULL, *state = NULL;

    setUp(&f);
    if (!f.dom)
        goto cleanup;
    buildTree(f.dom);
    all = apiList(f.dom, NULL, 0);
    CHECK_STR(all, "s1 s2 s3");
    roots = apiList(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    CHECK_STR(roots, "s1");
    children = apiList(f.dom, "s1", 0);
    CHECK_STR(children, "s2 s3");
    parent = apiParent(f.dom, "s3");
    CHECK_STR(parent, "s1");
    current = apiCurrent(f.dom);
    CHECK_STR(current, "s3");
    state = apiState(f.dom);
    CHECK_STR(state, "1/4");                        /* running, from snapshot */
    xml = apiSnapXML(f.dom, "s2");
    CHECK_CONTAINS(xml, "<parent>\n    <name>s1</name>");

    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 3);
    /* With room for all: libvirtd 9.0 itself fails to encode a shorter list
     * ("Unable to encode message payload", with libvirt's client too). */
    CHECK_INT(virDomainSnapshotListNames(f.dom, names, 3, 0), 3);
    for (int i = 0; i < 3; i++)
        g_clear_pointer(&names[i], free);
    CHECK_INT(virDomainListAllSnapshots(f.dom, NULL, 0), 3);
    CHECK_INT(virDomainHasCurrentSnapshot(f.dom, 0), 1);
    if (!(s1 = virDomainSnapshotLookupByName(f.dom, "s1", 0)))
        goto cleanup;
    CHECK_INT(virDomainSnapshotNumChildren(s1, 0), 2);
    CHECK_INT(virDomainSnapshotNumChildren(s1, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS), 2);
    CHECK_INT(virDomainSnapshotListChildrenNames(s1, names, 3, 0), 2);
    CHECK(names[0] && names[1] && !names[2]);
    for (int i = 0; i < 3; i++)
        g_clear_pointer(&names[i], free);
    CHECK_INT(virDomainSnapshotListAllChildren(s1, NULL, 0), 2);
    CHECK_INT(virDomainSnapshotListAllChildren(s1, &snaps, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), 2);
    for (int i = 0; snaps && snaps[i]; i++)
        virDomainSnapshotFree(snaps[i]);
    free(snaps);
    CHECK_INT(virDomainSnapshotIsCurrent(s1, 0), 0);
    CHECK_INT(virDomainSnapshotHasMetadata(s1, 0), 1);

    /* A root has no parent: the daemon's error, as it words it. */
    CHECK(virDomainSnapshotGetParent(s1, 0) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN_SNAPSHOT);
    CHECK_CONTAINS(virGetLastErrorMessage(), "does not have a parent");

    /* Deleting the root with its children empties the tree. */
    CHECK_INT(virDomainSnapshotDelete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);
    CHECK_INT(virDomainHasCurrentSnapshot(f.dom, 0), 0);
 cleanup:
    if (s1)
        virDomainSnapshotFree(s1);
    apiTearDown(&f);
}


static void
test_revert_brings_back_the_state(void)
{
    apiFixture f;
    g_autofree char *off = NULL, *on = NULL, *list = NULL;

    setUp(&f);
    if (!f.dom)
        goto cleanup;
    CHECK_INT(apiSnap(f.dom, "running", 0), 0);
    CHECK_INT(virDomainDestroy(f.dom), 0);
    off = apiState(f.dom);
    CHECK_STR(off, "5/2");                          /* shut off, destroyed */
    CHECK_INT(apiSnap(f.dom, "stopped", 0), 0);
    CHECK_INT(apiRevert(f.dom, "running", 0), 0);
    on = apiState(f.dom);
    CHECK_STR(on, "1/4");
    CHECK_INT(apiDelete(f.dom, "stopped", 0), 0);
    list = apiList(f.dom, NULL, 0);
    CHECK_STR(list, "running");
 cleanup:
    apiTearDown(&f);
}


/* ---- errors ---- */

static void
test_errors_come_as_the_daemon_sent_them(void)
{
    apiFixture f;

    setUp(&f);
    if (!f.dom)
        goto cleanup;
    CHECK(virDomainLookupByName(f.conn, "nosuch") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_STR(virGetLastErrorMessage(), "Domain not found");   /* libvirtd 9.0's words */
    CHECK(virDomainSnapshotLookupByName(f.dom, "nosnap", 0) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN_SNAPSHOT);
    CHECK_CONTAINS(virGetLastErrorMessage(), "nosnap");
    CHECK(virDomainDefineXML(f.conn, "<domain") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_XML_DETAIL);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_DOMAIN);
    CHECK_CONTAINS(virGetLastErrorMessage(), "Couldn't find end of Start Tag");
    /* What snapvirt's remote driver does not forward yet. */
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", 0), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
 cleanup:
    apiTearDown(&f);
}


static void
test_read_only_connection_refuses_writes(void)
{
    virConnectPtr conn = virConnectOpenReadOnly(lvd.uri);
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;
    g_autofree char *state = NULL;

    if (!dom) {
        testFail(__FILE__, __LINE__, "read-only open: %s", virGetLastErrorMessage());
        closeRemote(conn);
        return;
    }
    state = apiState(dom);
    CHECK_STR(state, "1/0");
    CHECK(virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_OPERATION_DENIED);
    CHECK_INT(virDomainDestroy(dom), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_OPERATION_DENIED);
    CHECK_INT(virDomainSnapshotNum(dom, 0), 0);
    virDomainFree(dom);
    closeRemote(conn);
}


/* Two connections see one host; closing both resets it, and the daemon
 * serves the next one. */
static void
test_connections_share_the_host_and_close_cleanly(void)
{
    apiFixture a, b;
    virConnectPtr again;

    setUp(&a);
    setUp(&b);
    if (a.dom && b.dom) {
        CHECK_INT(apiSnap(a.dom, "shared", 0), 0);
        CHECK_INT(virDomainSnapshotNum(b.dom, 0), 1);
    }
    apiTearDown(&a);
    apiTearDown(&b);
    CHECK(virGetLastError() == NULL);
    if ((again = openRemote())) {
        virDomainPtr dom = virDomainLookupByName(again, "test");

        CHECK_INT(dom ? virDomainSnapshotNum(dom, 0) : -1, 0);
        if (dom)
            virDomainFree(dom);
        closeRemote(again);
    }
}


/* ---- storage ---- */

static void
test_storage_pools_and_volumes(void)
{
    virConnectPtr conn = openRemote();
    virStoragePoolPtr pool = NULL;
    virStoragePoolPtr *pools = NULL;
    virStorageVolPtr vol = NULL;
    virStoragePoolInfo pinfo;
    virStorageVolInfo vinfo;
    g_autofree char *xml = NULL;
    g_autofree char *path = NULL;
    int n;

    if (!conn || !(pool = virStoragePoolLookupByName(conn, "default-pool"))) {
        testFail(__FILE__, __LINE__, "no default-pool: %s", virGetLastErrorMessage());
        closeRemote(conn);
        return;
    }
    n = virConnectListAllStoragePools(conn, &pools, 0);
    CHECK(n >= 1);
    for (int i = 0; i < n; i++)
        virStoragePoolFree(pools[i]);
    free(pools);
    CHECK_INT(virStoragePoolGetInfo(pool, &pinfo), 0);
    CHECK_INT(pinfo.state, VIR_STORAGE_POOL_RUNNING);
    CHECK_INT(virStoragePoolIsActive(pool), 1);
    xml = virStoragePoolGetXMLDesc(pool, 0);
    CHECK_CONTAINS(xml, "<name>default-pool</name>");

    vol = virStorageVolCreateXML(pool, "<volume><name>remote.img</name>"
                                       "<capacity unit='M'>1</capacity></volume>", 0);
    CHECK(vol != NULL);
    if (vol) {
        CHECK_INT(virStorageVolGetInfo(vol, &vinfo), 0);
        CHECK_INT(vinfo.capacity, 1024 * 1024);
        path = virStorageVolGetPath(vol);
        CHECK_CONTAINS(path, "remote.img");
        CHECK_INT(virStoragePoolNumOfVolumes(pool), 1);
        CHECK_INT(virStorageVolDelete(vol, 0), 0);
        virStorageVolFree(vol);
    }
    CHECK(virStorageVolLookupByName(pool, "remote.img") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_STORAGE_VOL);
    virStoragePoolFree(pool);
    closeRemote(conn);
}


/* ---- events ---- */

static void
onLifecycle(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED, int event,
            int detail G_GNUC_UNUSED, void *opaque)
{
    g_array_append_val((GArray *)opaque, event);
}


static void
tick(int timer G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}


static void
test_lifecycle_events_reach_the_loop(void)
{
    g_autoptr(GArray) events = g_array_new(FALSE, FALSE, sizeof(int));
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    apiFixture f;
    int id, timer;

    setUp(&f);
    if (!f.conn)
        return;
    id = virConnectDomainEventRegisterAny(f.conn, f.dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          (virConnectDomainEventGenericCallback)(void (*)(void))onLifecycle, events,
                                          NULL);
    CHECK(id >= 0);
    CHECK_INT(virDomainSuspend(f.dom), 0);
    CHECK_INT(virDomainResume(f.dom), 0);
    timer = virEventAddTimeout(20, tick, NULL, NULL);
    while (events->len < 2 && g_get_monotonic_time() < deadline)
        virEventRunDefaultImpl();
    virEventRemoveTimeout(timer);
    CHECK_INT(events->len, 2);
    if (events->len == 2) {
        CHECK_INT(g_array_index(events, int, 0), VIR_DOMAIN_EVENT_SUSPENDED);
        CHECK_INT(g_array_index(events, int, 1), VIR_DOMAIN_EVENT_RESUMED);
    }
    CHECK_INT(virConnectDomainEventDeregisterAny(f.conn, id), 0);
    apiTearDown(&f);
}


/* Last: kills the daemon under an open connection. */
static void
test_daemon_dying_breaks_calls_not_the_program(void)
{
    virConnectPtr conn = openRemote();
    g_autofree char *host = NULL;

    if (!conn)
        return;
    CHECK_INT(virConnectIsAlive(conn), 1);
    lvdKill(SIGKILL);
    waitpid(lvd.pid, NULL, 0);
    lvd.pid = 0;
    host = virConnectGetHostname(conn);
    CHECK(host == NULL);
    CHECK(virGetLastErrorCode() == VIR_ERR_RPC || virGetLastErrorCode() == VIR_ERR_SYSTEM_ERROR);
    CHECK_INT(virConnectIsAlive(conn), 0);
    CHECK(virConnectGetHostname(conn) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
    closeRemote(conn);
}


static const testCase tests[] = {
    TEST_CASE(test_connection_describes_the_daemon),
    TEST_CASE(test_lists_of_domains),
    TEST_CASE(test_domain_lookups_and_information),
    TEST_CASE(test_domain_lifecycle),
    TEST_CASE(test_snapshot_tree_queries),
    TEST_CASE(test_revert_brings_back_the_state),
    TEST_CASE(test_errors_come_as_the_daemon_sent_them),
    TEST_CASE(test_read_only_connection_refuses_writes),
    TEST_CASE(test_storage_pools_and_volumes),
    TEST_CASE(test_lifecycle_events_reach_the_loop),
    TEST_CASE(test_connections_share_the_host_and_close_cleanly),
    TEST_CASE(test_daemon_dying_breaks_calls_not_the_program),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    g_autofree char *libvirtd = findProgram("libvirtd");
    g_autofree char *setpriv = geteuid() == 0 ? findProgram("setpriv") : NULL;
    g_autofree char *why = NULL;

    if (!libvirtd || (geteuid() == 0 && !setpriv)) {
        printf("1..0 # SKIP needs libvirtd%s (Debian's libvirt-daemon)\n",
               geteuid() == 0 ? " and setpriv" : "");
        return EXIT_SUCCESS;
    }
    virEventRegisterDefaultImpl();
    atexit(lvdCleanup);
    signal(SIGTERM, lvdOnSignal);
    signal(SIGINT, lvdOnSignal);
    signal(SIGSEGV, lvdOnSignal);
    signal(SIGABRT, lvdOnSignal);
    if ((why = lvdStart(libvirtd, setpriv))) {
        printf("Bail out! %s\n", why);
        return EXIT_FAILURE;
    }
    return testRun(argc, argv, tests);
}
