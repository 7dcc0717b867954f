/*
 * snapvirtd: serves snapvirt's API over libvirt's remote protocol
 *
 *   snapvirtd [--socket PATH] [--ro-socket PATH] [--default-uri URI]
 *             [--listen-tcp [ADDR:]PORT] [--listen-tls [ADDR:]PORT --pki-dir DIR
 *              [--tls-allowed-dn PATTERN]...]
 *
 * Clients (snapvirt's remote driver, real virsh, libvirt's bindings)
 * connect with URIs such as test+unix:///default?socket=PATH.  The
 * daemon runs the default event loop in a thread of its own, so block
 * jobs progress and events fire between calls, and stops cleanly on
 * SIGINT or SIGTERM.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rpc/virnetserver.h"
#include "util/virerror.h"

typedef struct {
    char *socket;
    char *roSocket;
    char *defaultURI;
    char *listenTCP;
    char *listenTLS;
    char *pkiDir;
    char **allowedDNs;
    char *qemuRoot;
    int maxClients;
} snapvirtdOptions;


/* $XDG_RUNTIME_DIR/snapvirt/snapvirt-sock, or /run/snapvirt/... for root. */
static char *
snapvirtdDefaultSocket(void)
{
    const char *runtime = geteuid() == 0 ? "/run" : g_get_user_runtime_dir();

    return g_build_filename(runtime, "snapvirt", "snapvirt-sock", NULL);
}


static int
snapvirtdParse(int argc, char **argv, snapvirtdOptions *opts)
{
    gboolean version = FALSE;
    GOptionEntry entries[] = {
        { "socket", 0, 0, G_OPTION_ARG_FILENAME, &opts->socket,
          "read-write socket (default: $XDG_RUNTIME_DIR/snapvirt/snapvirt-sock, "
          "/run/snapvirt/snapvirt-sock for root)", "PATH" },
        { "ro-socket", 0, 0, G_OPTION_ARG_FILENAME, &opts->roSocket,
          "read-only socket (default: the read-write one with -ro appended)", "PATH" },
        { "default-uri", 0, 0, G_OPTION_ARG_STRING, &opts->defaultURI,
          "what a client that names no URI gets (default: test:///default)", "URI" },
        { "listen-tcp", 0, 0, G_OPTION_ARG_STRING, &opts->listenTCP,
          "also listen on plain TCP (no encryption, no authentication: tests and "
          "trusted networks only); port 0 picks a free one", "[ADDR:]PORT" },
        { "listen-tls", 0, 0, G_OPTION_ARG_STRING, &opts->listenTLS,
          "also listen on TCP with x509 TLS (libvirt's port is 16514)", "[ADDR:]PORT" },
        { "pki-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts->pkiDir,
          "TLS files: cacert.pem, servercert.pem, serverkey.pem, cacrl.pem (optional)",
          "DIR" },
        { "tls-allowed-dn", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->allowedDNs,
          "accept only TLS clients whose certificate's DN matches (a glob; repeatable)",
          "PATTERN" },
        { "qemu-root", 0, 0, G_OPTION_ARG_FILENAME, &opts->qemuRoot,
          "the QEMU driver's state for qemu:///system and qemu:///session (default: "
          "/var/lib/snapvirt/qemu for root, else $XDG_DATA_HOME/snapvirt/qemu)", "DIR" },
        { "max-clients", 0, 0, G_OPTION_ARG_INT, &opts->maxClients,
          "clients served at once; more are disconnected (default 5000, as libvirtd)", "N" },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "print the version", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- the snapvirt daemon");
    g_autoptr(GError) err = NULL;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "snapvirtd: %s\n", err->message);
        return -1;
    }
    if (argc > 1) {
        fprintf(stderr, "snapvirtd: unexpected argument '%s'\n", argv[1]);
        return -1;
    }
    if (version) {
        printf("snapvirtd %s\n", SNAPVIRTD_VERSION);
        exit(EXIT_SUCCESS);
    }
    if (opts->listenTLS && !opts->pkiDir) {
        fprintf(stderr, "snapvirtd: --listen-tls needs --pki-dir\n");
        return -1;
    }
    if (!opts->socket)
        opts->socket = snapvirtdDefaultSocket();
    if (opts->maxClients < 0) {
        fprintf(stderr, "snapvirtd: --max-clients must be positive\n");
        return -1;
    }
    if (!opts->qemuRoot)
        opts->qemuRoot = geteuid() == 0 ? g_strdup("/var/lib/snapvirt/qemu")
                                        : g_build_filename(g_get_user_data_dir(), "snapvirt",
                                                           "qemu", NULL);
    if (!g_path_is_absolute(opts->qemuRoot)) {
        fprintf(stderr, "snapvirtd: --qemu-root must be absolute\n");
        return -1;
    }
    if (!opts->roSocket)
        opts->roSocket = g_strconcat(opts->socket, "-ro", NULL);
    return 0;
}


/* Failed calls are answered to their clients, not printed here. */
static void
snapvirtdQuietErrors(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}


static gpointer
snapvirtdEventLoop(gpointer opaque G_GNUC_UNUSED)
{
    for (;;) {
        if (virEventRunDefaultImpl() < 0)
            g_usleep(G_USEC_PER_SEC / 10);
    }
    return NULL;
}


/* "[ADDR:]PORT" -> a TCP listener (TLS when @tls); -1 after printing. */
static int
snapvirtdListenTCP(virNetServer *srv, const char *spec, virNetTLSContext *tls)
{
    const char *colon = strrchr(spec, ':');
    g_autofree char *addr = colon ? g_strndup(spec, colon - spec) : NULL;
    const char *portStr = colon ? colon + 1 : spec;
    char *end;
    long port = strtol(portStr, &end, 10);
    int bound;

    if (!*portStr || *end || port < 0 || port > 65535) {
        fprintf(stderr, "snapvirtd: invalid port in '%s'\n", spec);
        return -1;
    }
    /* [::1]:16514 */
    if (addr && addr[0] == '[' && addr[strlen(addr) - 1] == ']') {
        memmove(addr, addr + 1, strlen(addr));
        addr[strlen(addr) - 1] = '\0';
    }
    if ((bound = virNetServerAddTCP(srv, addr && *addr ? addr : NULL, port, tls)) < 0) {
        fprintf(stderr, "snapvirtd: %s\n", virGetLastErrorMessage());
        return -1;
    }
    fprintf(stderr, "snapvirtd: listening on %s port %d (%s)\n", addr ? addr : "*", bound,
            tls ? "tls" : "tcp");
    return 0;
}


int
main(int argc, char **argv)
{
    snapvirtdOptions opts = { 0 };
    g_autofree char *dir = NULL;
    g_autofree char *qemuURI = NULL;
    virNetTLSContext *tls = NULL;
    virNetServer *srv;
    int status = EXIT_SUCCESS;
    sigset_t stop;
    int sig = 0;

    if (snapvirtdParse(argc, argv, &opts) < 0)
        return EXIT_FAILURE;
    /* Every thread inherits the mask: only sigwait sees these. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    virSetErrorFunc(NULL, snapvirtdQuietErrors);
    if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0) {
        fprintf(stderr, "snapvirtd: %s\n", virGetLastErrorMessage());
        return EXIT_FAILURE;
    }
    dir = g_path_get_dirname(opts.socket);
    if (g_mkdir_with_parents(dir, 0755) < 0) {
        fprintf(stderr, "snapvirtd: cannot create %s: %s\n", dir, g_strerror(errno));
        return EXIT_FAILURE;
    }
    if (opts.listenTLS &&
        !(tls = virNetTLSContextNewServer(opts.pkiDir, (const char *const *)opts.allowedDNs))) {
        fprintf(stderr, "snapvirtd: %s\n", virGetLastErrorMessage());
        return EXIT_FAILURE;
    }
    srv = virNetServerNew(opts.defaultURI);
    if (opts.maxClients > 0)
        virNetServerSetMaxClients(srv, opts.maxClients);
    /* The daemon's QEMU driver is the embedded one on its own root. */
    qemuURI = g_strdup_printf("qemu:///embed?root=%s", opts.qemuRoot);
    virNetServerAddAlias(srv, "qemu:///system", qemuURI);
    virNetServerAddAlias(srv, "qemu:///session", qemuURI);
    if (virNetServerAddUNIX(srv, opts.socket, false) < 0 ||
        virNetServerAddUNIX(srv, opts.roSocket, true) < 0) {
        fprintf(stderr, "snapvirtd: %s\n", virGetLastErrorMessage());
        status = EXIT_FAILURE;
        goto cleanup;
    }
    if ((opts.listenTCP && snapvirtdListenTCP(srv, opts.listenTCP, NULL) < 0) ||
        (opts.listenTLS && snapvirtdListenTCP(srv, opts.listenTLS, tls) < 0)) {
        status = EXIT_FAILURE;
        goto cleanup;
    }
    g_thread_unref(g_thread_new("event-loop", snapvirtdEventLoop, NULL));
    virNetServerStart(srv);
    fprintf(stderr, "snapvirtd: listening on %s and %s\n", opts.socket, opts.roSocket);

    sigwait(&stop, &sig);
 cleanup:
    virNetServerFree(srv);
    virNetTLSContextFree(tls);
    g_free(opts.socket);
    g_free(opts.roSocket);
    g_free(opts.defaultURI);
    g_free(opts.listenTCP);
    g_free(opts.listenTLS);
    g_free(opts.pkiDir);
    g_strfreev(opts.allowedDNs);
    g_free(opts.qemuRoot);
    return status;
}
