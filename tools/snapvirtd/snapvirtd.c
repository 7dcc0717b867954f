/*
 * snapvirtd: serves snapvirt's API over libvirt's remote protocol
 *
 *   snapvirtd [--socket PATH] [--ro-socket PATH] [--default-uri URI]
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
#include <sys/stat.h>
#include <unistd.h>

#include "rpc/virnetserver.h"
#include "util/virerror.h"

typedef struct {
    char *socket;
    char *roSocket;
    char *defaultURI;
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
    if (!opts->socket)
        opts->socket = snapvirtdDefaultSocket();
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


int
main(int argc, char **argv)
{
    snapvirtdOptions opts = { NULL, NULL, NULL };
    g_autofree char *dir = NULL;
    virNetServer *srv;
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
    srv = virNetServerNew(opts.defaultURI);
    if (virNetServerAddUNIX(srv, opts.socket, false) < 0 ||
        virNetServerAddUNIX(srv, opts.roSocket, true) < 0) {
        fprintf(stderr, "snapvirtd: %s\n", virGetLastErrorMessage());
        virNetServerFree(srv);
        return EXIT_FAILURE;
    }
    g_thread_unref(g_thread_new("event-loop", snapvirtdEventLoop, NULL));
    virNetServerStart(srv);
    fprintf(stderr, "snapvirtd: listening on %s and %s\n", opts.socket, opts.roSocket);

    sigwait(&stop, &sig);
    virNetServerFree(srv);
    g_free(opts.socket);
    g_free(opts.roSocket);
    g_free(opts.defaultURI);
    return EXIT_SUCCESS;
}
