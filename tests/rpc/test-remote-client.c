/*
 * test-remote-client.c: the remote driver against a scripted daemon
 *
 * Unit tests of the client side of the RPC layer: how a remote URI maps
 * to a socket and to the name sent in CONNECT_OPEN, and what the driver
 * does on the wire and on failure.  The "daemon" is a thread of this
 * program on a UNIX socket in a temporary folder, answering with the
 * codec: it records what it receives and can misbehave on request
 * (close mid-call, send a broken frame, interleave pings and events).
 * The real daemon is exercised by test-remote-libvirtd.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "testutils.h"
#include "fakedaemon.h"
#include "rpc/remote_uri.h"
#include "util/virerror.h"

/* ---- URIs ---- */

static void
test_open_name_drops_transport_and_remote_params(void)
{
    static const struct { const char *uri, *name; } cases[] = {
        { "test+unix:///default?socket=/tmp/s", "test:///default" },
        { "qemu+unix:///system", "qemu:///system" },
        { "qemu+unix:///system?socket=/s&mode=legacy&no_tty=1", "qemu:///system" },
        { "qemu+unix:///system?a=1&socket=/s;b=%2F2", "qemu:///system?a=1&b=%2F2" },
        { "qemu+unix:///session?so%63ket=/s", "qemu:///session" },
        { "test+unix:///default?name=test:///other&socket=/s", "test:///other" },
        { "test+unix:///default?name=test%3A%2F%2F%2Fenc", "test:///enc" },
        { "test+unix:///tmp/node.xml", "test:///tmp/node.xml" },
        { "qemu+tcp://host:1234/system", "qemu:///system" },
        { "qemu+tls://user@host/system?pkipath=/x&no_verify=1", "qemu:///system" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(virURI) uri = virURIParse(cases[i].uri);
        g_autofree char *name = uri ? remoteURIOpenName(uri) : NULL;

        CHECK_STR(name, cases[i].name);
    }
}


static void
test_socket_path_defaults(void)
{
    static const struct { const char *uri; bool ro; const char *path; } cases[] = {
        { "test+unix:///default?socket=/tmp/x", false, "/tmp/x" },
        { "test+unix:///default?socket=/tmp/x", true, "/tmp/x" },
        { "test+unix:///default", false, "/run/libvirt/libvirt-sock" },
        { "test+unix:///default", true, "/run/libvirt/libvirt-sock-ro" },
        { "qemu+unix:///system?mode=legacy", false, "/run/libvirt/libvirt-sock" },
        { "qemu+unix:///system?mode=direct", false, "/run/libvirt/virtqemud-sock" },
        { "qemu+unix:///system?mode=direct", true, "/run/libvirt/virtqemud-sock-ro" },
    };
    g_autoptr(virURI) bad = virURIParse("qemu+unix:///system?mode=sideways");

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(virURI) uri = virURIParse(cases[i].uri);
        g_autofree char *path = uri ? remoteURISocketPath(uri, cases[i].ro) : NULL;

        if (strstr(cases[i].uri, "default") && !strstr(cases[i].uri, "socket") &&
            g_file_test("/run/libvirt/virttestd-sock", G_FILE_TEST_EXISTS))
            continue;   /* not libvirt's layout on this host */
        CHECK_STR(path, cases[i].path);
    }
    CHECK(remoteURISocketPath(bad, false) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_CONTAINS(virGetLastErrorMessage(), "unknown remote mode 'sideways'");
}


static void
test_socket_path_of_a_session(void)
{
    g_autoptr(virURI) uri = virURIParse("qemu+unix:///session");
    g_autofree char *saved = g_strdup(g_getenv("XDG_RUNTIME_DIR"));
    g_autofree char *path = NULL;

    if (geteuid() == 0) {
        testSkip("root always uses the system socket");
        return;
    }
    g_setenv("XDG_RUNTIME_DIR", "/tmp/xdg", TRUE);
    path = remoteURISocketPath(uri, true);
    CHECK_STR(path, "/tmp/xdg/libvirt/libvirt-sock");
    if (saved)
        g_setenv("XDG_RUNTIME_DIR", saved, TRUE);
    else
        g_unsetenv("XDG_RUNTIME_DIR");
}


static void
test_missing_socket_is_a_system_error_naming_it(void)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen("test+unix:///default?socket=/nonexistent/snapvirt/sock");
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_SYSTEM_ERROR);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_RPC);
    CHECK_CONTAINS(virGetLastErrorMessage(), "'/nonexistent/snapvirt/sock'");
    CHECK_CONTAINS(virGetLastErrorMessage(), "No such file or directory");
}


static void
test_unix_uri_with_a_host_is_refused(void)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen("test+unix://elsewhere/default?socket=/tmp/nothing");
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_REMOTE);
    CHECK_CONTAINS(virGetLastErrorMessage(), "names host 'elsewhere'");
}


/* ---- TCP and TLS ---- */

static void
test_tcp_reaches_the_host_and_port(void)
{
    g_autoptr(fakeServer) srv = fakeServerStartTCP();
    virConnectPtr conn = fakeOpen(srv, 0);

    if (!conn)
        return;
    /* plain TCP is neither secure nor encrypted, whatever the daemon says */
    CHECK_INT(virConnectIsSecure(conn), 0);
    CHECK_INT(virConnectIsEncrypted(conn), 0);
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_STR(srv->openName, "test:///default");
    CHECK_INT(fakeCount(srv, REMOTE_PROC_CONNECT_IS_SECURE), 0);
}


static void
test_tcp_refused_names_host_and_port(void)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen("test+tcp://127.0.0.1:1/default");
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_SYSTEM_ERROR);
    CHECK_CONTAINS(virGetLastErrorMessage(), "unable to connect to server at '127.0.0.1:1'");
}


static void
test_other_transports_are_refused_by_name(void)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen("qemu+ssh://root@elsewhere/system");
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_CONTAINS(virGetLastErrorMessage(), "transport 'ssh'");
}


/* A TLS open of a (plain) daemon with URI parameters @query must fail
 * before the handshake, naming @file. */
static void
checkTLSFilesFail(const char *query, const char *file)
{
    g_autoptr(fakeServer) srv = fakeServerStartTCP();
    g_autofree char *uri = g_strdup_printf("test+tls://%s%s",
                                           srv->uri + strlen("test+tcp://"), query);
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen(uri);
    CHECK(conn == NULL);
    if (conn)
        virConnectClose(conn);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_SYSTEM_ERROR);
    CHECK_CONTAINS(virGetLastErrorMessage(), file);
}


/* Without pkipath: root uses /etc/pki, anyone else $HOME/.pki/libvirt
 * first (libvirt's places). */
static void
test_tls_files_come_from_pkipath_or_libvirts_places(void)
{
    g_autofree char *home = g_dir_make_tmp("snapvirt-home-XXXXXX", NULL);
    g_autofree char *dotpki = g_build_filename(home, ".pki", NULL);
    g_autofree char *pki = g_build_filename(dotpki, "libvirt", NULL);
    g_autofree char *ca = g_build_filename(pki, "cacert.pem", NULL);
    g_autofree char *saved = g_strdup(g_getenv("HOME"));

    g_mkdir_with_parents(pki, 0700);
    g_file_set_contents(ca, "not a certificate\n", -1, NULL);
    g_setenv("HOME", home, TRUE);
    checkTLSFilesFail("?pkipath=/nonexistent/pki", "/nonexistent/pki/cacert.pem");
    if (geteuid() != 0)
        checkTLSFilesFail("", ca);
    else if (!g_file_test("/etc/pki/CA/cacert.pem", G_FILE_TEST_EXISTS))
        checkTLSFilesFail("", "/etc/pki/CA/cacert.pem");
    if (saved)
        g_setenv("HOME", saved, TRUE);
    g_unlink(ca);
    g_rmdir(pki);
    g_rmdir(dotpki);
    g_rmdir(home);
}


/* ---- the wire ---- */

static void
test_open_and_close_follow_virsh(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, VIR_CONNECT_RO);

    if (conn)
        CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(srv->procs->len, 4);
    CHECK_INT(fakeProc(srv, 0), REMOTE_PROC_AUTH_LIST);
    CHECK_INT(fakeProc(srv, 1), REMOTE_PROC_CONNECT_OPEN);
    /* which event protocol the daemon speaks, as virsh asks after opening */
    CHECK_INT(fakeProc(srv, 2), REMOTE_PROC_CONNECT_SUPPORTS_FEATURE);
    CHECK_INT(fakeProc(srv, 3), REMOTE_PROC_CONNECT_CLOSE);
    CHECK_INT(srv->serials->len ? g_array_index(srv->serials, guint32, 0) : 99, 0);
    CHECK(srv->serialsInOrder);
    CHECK_STR(srv->openName, "test:///default");
    CHECK_INT(srv->openFlags, 1);   /* REMOTE_DRIVER_OPEN_RO */
}


static void
test_auth_list_unknown_means_no_auth(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;

    srv->authType = -1;
    conn = fakeOpen(srv, 0);
    if (conn)
        CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(fakeProc(srv, 1), REMOTE_PROC_CONNECT_OPEN);
    CHECK_INT(srv->openFlags, 0);
}


static void
test_auth_polkit_is_refused_clearly(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;

    srv->authType = 2;
    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpen(srv->uri);
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_AUTH_FAILED);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_REMOTE);
    CHECK_CONTAINS(virGetLastErrorMessage(), "requires polkit authentication");
    fakeServerJoin(srv);
    CHECK_INT(srv->procs->len, 1);   /* nothing after AUTH_LIST */
}


static void
test_server_error_keeps_code_domain_message(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);

    if (!conn)
        return;
    CHECK(virDomainLookupByName(conn, "nosuch") == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_STR(virGetLastErrorMessage(),
              "Domain not found: no domain with matching name 'nosuch'");
    /* "unknown procedure" is NO_SUPPORT, for callers' fallbacks */
    CHECK(virConnectGetVersion(conn, &(unsigned long){ 0 }) == -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
    CHECK_INT(virConnectIsAlive(conn), 1);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_ping_answered_events_and_stray_replies_skipped(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_INTERLEAVE);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_autofree char *host = NULL;

    if (!conn)
        return;
    host = virConnectGetHostname(conn);
    CHECK_STR(host, "fakehost");
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(srv->pongs, 1);
}


/* @mode breaks GET_HOSTNAME: the call fails with @code, the connection
 * is dead, later calls fail at once and closing still works. */
static void
checkBrokenHostname(fakeMode mode, int code, const char *fragment)
{
    g_autoptr(fakeServer) srv = fakeServerStart(mode);
    virConnectPtr conn = fakeOpen(srv, 0);

    if (!conn)
        return;
    CHECK(virConnectGetHostname(conn) == NULL);
    CHECK_INT(virGetLastErrorCode(), code);
    CHECK_CONTAINS(virGetLastErrorMessage(), fragment);
    CHECK_INT(virConnectIsAlive(conn), 0);
    CHECK(virConnectGetHostname(conn) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
    CHECK_CONTAINS(virGetLastErrorMessage(), "connection to the daemon is closed");
    CHECK_INT(virConnectClose(conn), 0);
    CHECK(virGetLastError() == NULL);
    fakeServerJoin(srv);
    CHECK_INT(fakeProc(srv, srv->procs->len - 1), REMOTE_PROC_CONNECT_GET_HOSTNAME);
}


static void
test_server_closing_mid_call_fails_the_call(void)
{
    checkBrokenHostname(FAKE_CLOSE_MID_CALL, VIR_ERR_RPC,
                        "closed the connection before replying to procedure 59");
}


static void
test_frame_too_short_kills_the_connection(void)
{
    checkBrokenHostname(FAKE_SHORT_FRAME, VIR_ERR_RPC, "packet of 2 bytes received is too small");
}


static void
test_frame_cut_after_its_length_kills_the_connection(void)
{
    checkBrokenHostname(FAKE_CUT_FRAME, VIR_ERR_RPC, "End of file while reading data");
}


static void
test_lists_respect_the_callers_room(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virDomainPtr dom;
    char *names[3] = { NULL };
    virDomainPtr *doms = NULL;

    if (!conn || !(dom = virDomainLookupByName(conn, "vm1"))) {
        testFail(__FILE__, __LINE__, "no domain vm1");
        return;
    }
    CHECK_INT(virDomainSnapshotListNames(dom, names, 2, 0), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
    CHECK_CONTAINS(virGetLastErrorMessage(), "too many remote snapshot names: 3 > 2");
    CHECK(names[0] == NULL);
    CHECK_INT(virDomainSnapshotListNames(dom, names, 3, 0), 3);
    CHECK_STR(names[2], "a2");
    for (int i = 0; i < 3; i++)
        g_free(names[i]);
    CHECK_INT(virDomainSnapshotListNames(dom, names, 16385, 0), -1);
    CHECK_CONTAINS(virGetLastErrorMessage(), "16385 > 16384");

    CHECK_INT(virConnectListAllDomains(conn, NULL, 0), 5);
    CHECK_INT(virConnectListAllDomains(conn, &doms, 0), 2);
    if (doms) {
        CHECK_STR(virDomainGetName(doms[0]), "d0");
        CHECK_INT(virDomainGetID(doms[1]), (unsigned int)-1);
        CHECK(doms[2] == NULL);
        for (int i = 0; doms[i]; i++)
            virDomainFree(doms[i]);
        g_free(doms);
    }
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(srv->maxnames, 3);
    CHECK_INT(srv->needResults, 1);
}


static void
test_start_and_destroy_update_the_handle_id(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virDomainPtr dom;

    if (!conn || !(dom = virDomainLookupByName(conn, "vm1"))) {
        testFail(__FILE__, __LINE__, "no domain vm1");
        return;
    }
    CHECK_INT(virDomainGetID(dom), (unsigned int)-1);
    CHECK_INT(virDomainCreate(dom), 0);
    CHECK_INT(virDomainGetID(dom), 7);
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK_INT(virDomainGetID(dom), (unsigned int)-1);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_type_is_fetched_once_and_kept(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    const char *a, *b;
    int calls = 0;

    if (!conn)
        return;
    a = virConnectGetType(conn);
    b = virConnectGetType(conn);
    CHECK_STR(a, "FAKE");
    CHECK(a == b);
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    for (guint i = 0; i < srv->procs->len; i++)
        calls += fakeProc(srv, i) == REMOTE_PROC_CONNECT_GET_TYPE;
    CHECK_INT(calls, 1);
}


#define HAMMER_CALLS 200

static gpointer
hammer(gpointer opaque)
{
    virConnectPtr conn = opaque;
    int failures = 0;

    for (int i = 0; i < HAMMER_CALLS; i++) {
        g_autofree char *host = virConnectGetHostname(conn);

        failures += g_strcmp0(host, "fakehost") != 0;
    }
    return GINT_TO_POINTER(failures);
}


static void
test_calls_from_threads_are_serialised(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    GThread *threads[4];
    int failures = 0;

    if (!conn)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(threads); i++)
        threads[i] = g_thread_new("hammer", hammer, conn);
    for (size_t i = 0; i < G_N_ELEMENTS(threads); i++)
        failures += GPOINTER_TO_INT(g_thread_join(threads[i]));
    CHECK_INT(failures, 0);
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(srv->procs->len, 4 + G_N_ELEMENTS(threads) * HAMMER_CALLS);
    CHECK(srv->serialsInOrder);
}


static const testCase tests[] = {
    TEST_CASE(test_open_name_drops_transport_and_remote_params),
    TEST_CASE(test_socket_path_defaults),
    TEST_CASE(test_socket_path_of_a_session),
    TEST_CASE(test_missing_socket_is_a_system_error_naming_it),
    TEST_CASE(test_unix_uri_with_a_host_is_refused),
    TEST_CASE(test_tcp_reaches_the_host_and_port),
    TEST_CASE(test_tcp_refused_names_host_and_port),
    TEST_CASE(test_other_transports_are_refused_by_name),
    TEST_CASE(test_tls_files_come_from_pkipath_or_libvirts_places),
    TEST_CASE(test_open_and_close_follow_virsh),
    TEST_CASE(test_auth_list_unknown_means_no_auth),
    TEST_CASE(test_auth_polkit_is_refused_clearly),
    TEST_CASE(test_server_error_keeps_code_domain_message),
    TEST_CASE(test_ping_answered_events_and_stray_replies_skipped),
    TEST_CASE(test_server_closing_mid_call_fails_the_call),
    TEST_CASE(test_frame_too_short_kills_the_connection),
    TEST_CASE(test_frame_cut_after_its_length_kills_the_connection),
    TEST_CASE(test_lists_respect_the_callers_room),
    TEST_CASE(test_start_and_destroy_update_the_handle_id),
    TEST_CASE(test_type_is_fetched_once_and_kept),
    TEST_CASE(test_calls_from_threads_are_serialised),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
