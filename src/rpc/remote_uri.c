/*
 * remote_uri.c: what a remote URI means to the remote driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include "remote_uri.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

#define REMOTE_SYSTEM_SOCKET_DIR "/run/libvirt"

/* The query parameters libvirt's remote driver reads itself and removes
 * from the name it sends (libvirt 9.0, reference D.2). */
static const char *const remoteURIParams[] = {
    "name", "command", "socket", "auth", "sshauth", "netcat", "keyfile",
    "pkipath", "known_hosts", "known_hosts_verify", "tls_priority", "mode",
    "proxy", "no_sanity", "no_verify", "no_tty", NULL,
};


bool
remoteURISplitScheme(const char *scheme, char **driver, char **transport)
{
    const char *plus = strchr(scheme, '+');

    if (!plus || plus == scheme || !plus[1])
        return false;
    *driver = g_strndup(scheme, plus - scheme);
    *transport = g_strdup(plus + 1);
    return true;
}


/* Whether the raw "key=value" (or "key") @param is one of ours. */
static bool
remoteURIParamIsOurs(const char *param)
{
    g_autofree char *rawKey = g_strndup(param, strcspn(param, "="));
    g_autofree char *key = g_uri_unescape_string(rawKey, NULL);

    return key && g_strv_contains(remoteURIParams, key);
}


char *
remoteURIOpenName(const virURI *uri)
{
    const char *name = virURIGetParam(uri, "name");
    g_autofree char *driver = NULL;
    g_autofree char *transport = NULL;
    g_autoptr(GString) out = NULL;
    g_auto(GStrv) params = NULL;
    bool first = true;

    if (name)
        return g_strdup(name);
    if (!remoteURISplitScheme(uri->scheme, &driver, &transport))
        driver = g_strdup(uri->scheme);
    out = g_string_new(NULL);
    g_string_append_printf(out, "%s://%s", driver, uri->path ? uri->path : "");
    params = g_strsplit_set(uri->query ? uri->query : "", "&;", -1);
    for (char **p = params; *p; p++) {
        if (!**p || remoteURIParamIsOurs(*p))
            continue;
        g_string_append_c(out, first ? '?' : '&');
        g_string_append(out, *p);
        first = false;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}


/* The per-user socket directory of a session daemon. */
static char *
remoteURISessionDir(void)
{
    const char *runtime = g_getenv("XDG_RUNTIME_DIR");

    if (runtime && *runtime)
        return g_build_filename(runtime, "libvirt", NULL);
    return g_build_filename(g_get_home_dir(), ".cache", "libvirt", NULL);
}


char *
remoteURISocketPath(const virURI *uri, bool readonly)
{
    const char *sock = virURIGetParam(uri, "socket");
    const char *mode = virURIGetParam(uri, "mode");
    g_autofree char *driver = NULL;
    g_autofree char *transport = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *direct = NULL;
    const char *suffix = readonly ? "-ro" : "";

    if (sock && *sock)
        return g_strdup(sock);
    if (!mode)
        mode = "auto";
    if (STRNEQ(mode, "auto") && STRNEQ(mode, "legacy") && STRNEQ(mode, "direct")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "unknown remote mode '%s' in URI '%s' (auto, legacy or direct)",
                       mode, uri->text);
        return NULL;
    }
    if (!remoteURISplitScheme(uri->scheme, &driver, &transport))
        driver = g_strdup(uri->scheme);
    if (geteuid() != 0 && STREQ_NULLABLE(uri->path, "/session")) {
        dir = remoteURISessionDir();
        suffix = "";   /* a session daemon has no read-only socket */
    } else {
        dir = g_strdup(REMOTE_SYSTEM_SOCKET_DIR);
    }
    direct = g_strdup_printf("%s/virt%sd-sock%s", dir, driver, suffix);
    if (STREQ(mode, "direct") ||
        (STREQ(mode, "auto") && g_file_test(direct, G_FILE_TEST_EXISTS)))
        return g_steal_pointer(&direct);
    return g_strdup_printf("%s/libvirt-sock%s", dir, suffix);
}
