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
#include "rpc/remote_protocol.h"
#include "rpc/remote_uri.h"
#include "rpc/virnetmessage.h"
#include "rpc/virnetxdr.h"
#include "util/virerror.h"

#define FAKE_ERROR_SIG "iiSiOSSSiiW"

static const unsigned char fakeUUID[VIR_UUID_BUFLEN] = { 0x66, 0x95, 0xeb, 0x01 };


static void
quiet(void *data G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}


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

    virSetErrorFunc(NULL, quiet);
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

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen("test+unix://elsewhere/default?socket=/tmp/nothing");
    CHECK(conn == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_REMOTE);
    CHECK_CONTAINS(virGetLastErrorMessage(), "names host 'elsewhere'");
}


/* ---- the scripted daemon ---- */

typedef enum {
    FAKE_NORMAL,
    FAKE_CLOSE_MID_CALL,      /* reads GET_HOSTNAME and hangs up */
    FAKE_SHORT_FRAME,         /* answers GET_HOSTNAME with a 2-byte frame */
    FAKE_CUT_FRAME,           /* answers GET_HOSTNAME with a length word only */
    FAKE_INTERLEAVE,          /* PING, event, stray reply before the answer */
} fakeMode;

typedef struct {
    char *dir;
    char *path;
    char *uri;
    int listenFd;
    GThread *thread;
    virNetSocket *sock;
    fakeMode mode;
    int authType;             /* -1: AUTH_LIST is an unknown procedure */

    /* what the daemon saw (read after joining the thread) */
    GArray *procs;            /* procedures called, in order */
    GArray *serials;          /* their serials */
    char *openName;
    unsigned int openFlags;
    int pongs;
    int needResults;
    int maxnames;
    bool serialsInOrder;
} fakeServer;


static void
fakeSend(fakeServer *srv, guint32 prog, int proc, int type, guint32 serial, int status,
         const char *sig, const virNetValue *vals)
{
    virNetMessageHeader hdr = { prog, 1, proc, type, serial, status };
    g_autoptr(GByteArray) msg = virNetMessageNew(&hdr);

    g_assert(virNetEncode(msg, sig, vals) == 0);
    g_assert(virNetMessageFinish(msg) == 0);
    virNetSocketWriteMessage(srv->sock, msg);
}


static void
fakeReply(fakeServer *srv, const virNetMessageHeader *call, const char *sig,
          const virNetValue *vals)
{
    fakeSend(srv, VIR_NET_PROGRAM_REMOTE, call->proc, VIR_NET_REPLY, call->serial,
             VIR_NET_OK, sig, vals);
}


static void
fakeReplyError(fakeServer *srv, const virNetMessageHeader *call, int code, int domain,
               const char *message)
{
    virNetValue err[11] = {
        { .i = code }, { .i = domain }, { .s = (char *)message }, { .i = VIR_ERR_ERROR },
    };

    err[8].i = err[9].i = -1;
    fakeSend(srv, VIR_NET_PROGRAM_REMOTE, call->proc, VIR_NET_REPLY, call->serial,
             VIR_NET_ERROR, FAKE_ERROR_SIG, err);
}


static void
fakeWriteRaw(fakeServer *srv, const char *bytes, size_t len)
{
    if (write(virNetSocketFD(srv->sock), bytes, len) != (ssize_t)len)
        g_warning("fake daemon: short write");
}


static void
fakeReplyString(fakeServer *srv, const virNetMessageHeader *call, const char *s)
{
    virNetValue v = { .s = (char *)s };

    fakeReply(srv, call, "s", &v);
}


static void
fakeReplyDomain(fakeServer *srv, const virNetMessageHeader *call, const char *name, int id)
{
    virNetValue v = { .dom = { (char *)name, { 0 }, id } };

    memcpy(v.dom.uuid, fakeUUID, VIR_UUID_BUFLEN);
    fakeReply(srv, call, "D", &v);
}


/* Reads frames until a keepalive PONG (true) or the end (false). */
static bool
fakeAwaitPong(fakeServer *srv)
{
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;

        if (virNetSocketReadMessage(srv->sock, &hdr, &payload) <= 0)
            return false;
        if (hdr.prog == VIR_NET_PROGRAM_KEEPALIVE && hdr.proc == VIR_NET_KEEPALIVE_PONG) {
            srv->pongs++;
            return true;
        }
    }
}


/* GET_HOSTNAME in the misbehaving modes; false to hang up. */
static bool
fakeHostname(fakeServer *srv, const virNetMessageHeader *call)
{
    virNetValue junk = { .i = 42 };
    virNetValue none = { .u = 0 };

    switch (srv->mode) {
    case FAKE_CLOSE_MID_CALL:
        return false;
    case FAKE_SHORT_FRAME:
        fakeWriteRaw(srv, "\0\0\0\2", 4);
        return false;
    case FAKE_CUT_FRAME:
        fakeWriteRaw(srv, "\0\0\0\x40", 4);
        return false;
    case FAKE_INTERLEAVE:
        fakeSend(srv, VIR_NET_PROGRAM_KEEPALIVE, VIR_NET_KEEPALIVE_PING, VIR_NET_MESSAGE, 0,
                 VIR_NET_OK, "", &none);
        fakeSend(srv, VIR_NET_PROGRAM_REMOTE, 107, VIR_NET_MESSAGE, 1, VIR_NET_OK, "i", &junk);
        fakeSend(srv, VIR_NET_PROGRAM_REMOTE, call->proc, VIR_NET_REPLY, call->serial + 100,
                 VIR_NET_OK, "i", &junk);
        if (!fakeAwaitPong(srv))
            return false;
        break;
    case FAKE_NORMAL:
        break;
    }
    fakeReplyString(srv, call, "fakehost");
    return true;
}


/* A list reply: @n names "a0", "a1", ... (the caller's room is tested). */
static void
fakeReplyNames(fakeServer *srv, const virNetMessageHeader *call, guint32 n)
{
    g_autofree virNetValue *items = g_new0(virNetValue, n ? n : 1);
    g_autofree char *names = g_malloc0(n * 3 + 1);
    virNetValue list = { .array = { items, n } };

    for (guint32 k = 0; k < n; k++) {
        g_snprintf(names + 3 * k, 3, "a%u", k);
        items[k].s = names + 3 * k;
    }
    fakeReply(srv, call, "[s", &list);
}


static void
fakeListAllDomains(fakeServer *srv, const virNetMessageHeader *call, const GByteArray *payload)
{
    virNetValue args[2] = { { .u = 0 } };
    virNetValue doms[2] = { { .dom = { (char *)"d0", { 0 }, 1 } },
                            { .dom = { (char *)"d1", { 1 }, -1 } } };
    virNetValue ret[2] = { { .array = { doms, 2 } }, { .u = 2 } };

    g_assert(virNetDecode(payload->data, payload->len, "iu", args) == 0);
    srv->needResults = args[0].i;
    if (!args[0].i) {
        ret[0].array.n = 0;
        ret[1].u = 5;     /* only the count matters then */
    }
    fakeReply(srv, call, "[Du", ret);
}


/* The calls every connection makes. */
static void
fakeConnectCall(fakeServer *srv, const virNetMessageHeader *call, const GByteArray *payload)
{
    virNetValue none = { .u = 0 };

    if (call->proc == REMOTE_PROC_AUTH_LIST) {
        virNetValue type = { .i = srv->authType };
        virNetValue list = { .array = { &type, 1 } };

        if (srv->authType < 0)
            fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 66");
        else
            fakeReply(srv, call, "[i", &list);
    } else if (call->proc == REMOTE_PROC_CONNECT_OPEN) {
        virNetValue args[2] = { { .u = 0 } };

        g_assert(virNetDecode(payload->data, payload->len, "Su", args) == 0);
        srv->openName = g_steal_pointer(&args[0].s);
        srv->openFlags = args[1].u;
        fakeReply(srv, call, "", &none);
    } else {
        fakeReply(srv, call, "", &none);    /* CONNECT_CLOSE */
    }
}


/* Answers one call; false to hang up. */
static bool
fakeAnswer(fakeServer *srv, const virNetMessageHeader *call, const GByteArray *payload)
{
    virNetValue v[3] = { { .u = 0 } };

    switch (call->proc) {
    case REMOTE_PROC_AUTH_LIST:
    case REMOTE_PROC_CONNECT_OPEN:
    case REMOTE_PROC_CONNECT_CLOSE:
        fakeConnectCall(srv, call, payload);
        return true;
    case REMOTE_PROC_CONNECT_GET_HOSTNAME:
        return fakeHostname(srv, call);
    case REMOTE_PROC_CONNECT_GET_TYPE:
        fakeReplyString(srv, call, "FAKE");
        return true;
    case REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS:
        fakeListAllDomains(srv, call, payload);
        return true;
    case REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME:
        if (virNetDecode(payload->data, payload->len, "s", v) == 0 && STREQ(v[0].s, "vm1"))
            fakeReplyDomain(srv, call, "vm1", -1);
        else
            fakeReplyError(srv, call, VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                           "Domain not found: no domain with matching name 'nosuch'");
        virNetValuesClear("s", v);
        return true;
    case REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS:
        fakeReplyDomain(srv, call, "vm1", 7);
        return true;
    case REMOTE_PROC_DOMAIN_DESTROY_FLAGS:
        fakeReply(srv, call, "", v);
        return true;
    case REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES:
        g_assert(virNetDecode(payload->data, payload->len, "Diu", v) == 0);
        srv->maxnames = v[1].i;
        virNetValuesClear("Diu", v);
        fakeReplyNames(srv, call, 3);
        return true;
    default: {
        g_autofree char *msg = g_strdup_printf("unknown procedure: %d", call->proc);

        fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, msg);
        return true;
    }
    }
}


static gpointer
fakeServerRun(gpointer opaque)
{
    fakeServer *srv = opaque;
    int fd = accept(srv->listenFd, NULL, NULL);

    g_assert(fd >= 0);
    srv->sock = virNetSocketNew(fd);
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;

        if (virNetSocketReadMessage(srv->sock, &hdr, &payload) <= 0)
            break;
        if (hdr.prog == VIR_NET_PROGRAM_KEEPALIVE) {
            srv->pongs += hdr.proc == VIR_NET_KEEPALIVE_PONG;
            continue;
        }
        if (srv->serials->len &&
            hdr.serial != g_array_index(srv->serials, guint32, srv->serials->len - 1) + 1)
            srv->serialsInOrder = false;
        g_array_append_val(srv->procs, hdr.proc);
        g_array_append_val(srv->serials, hdr.serial);
        if (!fakeAnswer(srv, &hdr, payload))
            break;
    }
    g_clear_pointer(&srv->sock, virNetSocketFree);
    return NULL;
}


/* A daemon listening in a new folder, answering one connection. */
static fakeServer *
fakeServerStart(fakeMode mode)
{
    fakeServer *srv = g_new0(fakeServer, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    srv->dir = g_dir_make_tmp("snapvirt-rpc-XXXXXX", NULL);
    srv->path = g_build_filename(srv->dir, "sock", NULL);
    srv->uri = g_strdup_printf("test+unix:///default?socket=%s", srv->path);
    srv->mode = mode;
    srv->procs = g_array_new(FALSE, FALSE, sizeof(int));
    srv->serials = g_array_new(FALSE, FALSE, sizeof(guint32));
    srv->serialsInOrder = true;
    g_strlcpy(addr.sun_path, srv->path, sizeof(addr.sun_path));
    srv->listenFd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert(srv->listenFd >= 0);
    g_assert(bind(srv->listenFd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    g_assert(listen(srv->listenFd, 1) == 0);
    srv->thread = g_thread_new("fake-daemon", fakeServerRun, srv);
    return srv;
}


/* Waits for the daemon's thread: the client must have hung up. */
static void
fakeServerJoin(fakeServer *srv)
{
    if (srv->thread)
        g_thread_join(srv->thread);
    srv->thread = NULL;
}


static void
fakeServerFree(fakeServer *srv)
{
    fakeServerJoin(srv);
    close(srv->listenFd);
    g_unlink(srv->path);
    g_rmdir(srv->dir);
    g_array_unref(srv->procs);
    g_array_unref(srv->serials);
    g_free(srv->openName);
    g_free(srv->uri);
    g_free(srv->path);
    g_free(srv->dir);
    g_free(srv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fakeServer, fakeServerFree)


static int
fakeProc(fakeServer *srv, guint i)
{
    return i < srv->procs->len ? g_array_index(srv->procs, int, i) : -1;
}


static virConnectPtr
fakeOpen(fakeServer *srv, unsigned int flags)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenAuth(srv->uri, NULL, flags);
    if (!conn)
        testFail(__FILE__, __LINE__, "cannot open %s: %s", srv->uri, virGetLastErrorMessage());
    return conn;
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
    CHECK_INT(srv->procs->len, 3);
    CHECK_INT(fakeProc(srv, 0), REMOTE_PROC_AUTH_LIST);
    CHECK_INT(fakeProc(srv, 1), REMOTE_PROC_CONNECT_OPEN);
    CHECK_INT(fakeProc(srv, 2), REMOTE_PROC_CONNECT_CLOSE);
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
    virSetErrorFunc(NULL, quiet);
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
    CHECK_INT(srv->procs->len, 3 + G_N_ELEMENTS(threads) * HAMMER_CALLS);
    CHECK(srv->serialsInOrder);
}


static const testCase tests[] = {
    TEST_CASE(test_open_name_drops_transport_and_remote_params),
    TEST_CASE(test_socket_path_defaults),
    TEST_CASE(test_socket_path_of_a_session),
    TEST_CASE(test_missing_socket_is_a_system_error_naming_it),
    TEST_CASE(test_unix_uri_with_a_host_is_refused),
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
