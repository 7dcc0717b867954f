/*
 * qemutest.c: helpers for tests that run real QEMU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "qemutest.h"


static const char *
qtQemuImg(void)
{
    const char *env = g_getenv("SNAPVIRT_QEMU_IMG");

    return env && *env ? env : "qemu-img";
}


/* Runs @argv; returns its stdout (stderr appended) or NULL and fails the
 * case if it did not exit with 0. */
static char *
qtRun(const char *const *argv)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = 0;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, &err, &status, &gerr) ||
        !g_spawn_check_wait_status(status, NULL)) {
        g_autofree char *cmd = g_strjoinv(" ", (char **)argv);

        testFail(__FILE__, __LINE__, "'%s' failed: %s%s", cmd,
                 gerr ? gerr->message : "", err ? err : "");
        return NULL;
    }
    return g_strconcat(out, err, NULL);
}


bool
qtSetUp(qtEnv *env)
{
    g_autofree char *qemu = g_find_program_in_path(g_getenv("SNAPVIRT_QEMU") ?
                                                   g_getenv("SNAPVIRT_QEMU") :
                                                   "qemu-system-x86_64");
    g_autofree char *img = g_find_program_in_path(qtQemuImg());
    g_autofree char *io = g_find_program_in_path("qemu-io");

    memset(env, 0, sizeof(*env));
    if (!qemu || !img || !io) {
        testSkip("needs qemu-system-x86_64, qemu-img and qemu-io "
                 "(scripts/install-deps.sh installs them)");
        return false;
    }
    env->dir = g_dir_make_tmp("snapvirt-qemu-XXXXXX", NULL);
    if (!env->dir) {
        testFail(__FILE__, __LINE__, "cannot create a temporary folder");
        return false;
    }
    env->root = g_build_filename(env->dir, "root", NULL);
    env->uri = g_strdup_printf("qemu:///embed?root=%s", env->root);
    env->conn = apiOpen(env->uri);
    return env->conn != NULL;
}


static void
qtRemoveTree(const char *path)
{
    const char *argv[] = { "rm", "-rf", path, NULL };

    g_autofree char *out = qtRun(argv);
}


void
qtTearDown(qtEnv *env)
{
    if (env->conn) {
        virDomainPtr *doms = NULL;
        int n = virConnectListAllDomains(env->conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);

        for (int i = 0; i < n; i++) {
            virDomainDestroy(doms[i]);
            virDomainFree(doms[i]);
        }
        free(doms);
        if (virConnectClose(env->conn) != 0)
            testFail(__FILE__, __LINE__, "the connection is still referenced");
    }
    if (env->dir && !g_getenv("SNAPVIRT_TEST_KEEP"))
        qtRemoveTree(env->dir);
    g_free(env->dir);
    g_free(env->root);
    g_free(env->uri);
    memset(env, 0, sizeof(*env));
}


void
qtReopen(qtEnv *env)
{
    if (virConnectClose(env->conn) != 0)
        testFail(__FILE__, __LINE__, "the connection is still referenced");
    env->conn = apiOpen(env->uri);
}


const char *const qtOneDisk[] = { "disk0.qcow2", NULL };
const char *const qtTwoDisks[] = { "disk0.qcow2", "disk1.qcow2", NULL };


char *
qtPath(qtEnv *env, const char *name)
{
    return g_build_filename(env->dir, name, NULL);
}


char *
qtImage(qtEnv *env, const char *name, const char *format, const char *backing)
{
    char *path = qtPath(env, name);
    g_autofree char *out = NULL;

    if (backing) {
        const char *argv[] = { qtQemuImg(), "create", "-q", "-f", format, "-b", backing,
                               "-F", "qcow2", path, NULL };
        out = qtRun(argv);
    } else {
        const char *argv[] = { qtQemuImg(), "create", "-q", "-f", format, path, "16M",
                               NULL };
        out = qtRun(argv);
    }
    return path;
}


virDomainPtr
qtDefine(qtEnv *env, const char *name, const char *const *images)
{
    g_autoptr(GString) xml = g_string_new(NULL);
    virDomainPtr dom;

    g_string_append_printf(xml,
                           "<domain type='qemu'>\n"
                           "  <name>%s</name>\n"
                           "  <memory unit='MiB'>64</memory>\n"
                           "  <vcpu>1</vcpu>\n"
                           "  <os><type arch='x86_64'>hvm</type></os>\n"
                           "  <devices>\n", name);
    for (size_t i = 0; images && images[i]; i++) {
        g_auto(GStrv) parts = g_strsplit(images[i], ":", 2);
        const char *format = parts[1] ? parts[1] : "qcow2";
        g_autofree char *path = g_build_filename(env->dir, parts[0], NULL);

        if (!g_file_test(path, G_FILE_TEST_EXISTS))
            g_free(qtImage(env, parts[0], format, NULL));
        g_string_append_printf(xml,
                               "    <disk type='file' device='disk'>\n"
                               "      <driver name='qemu' type='%s'/>\n"
                               "      <source file='%s'/>\n"
                               "      <target dev='vd%c' bus='virtio'/>\n"
                               "    </disk>\n", format, path, (char)('a' + i));
    }
    g_string_append(xml, "  </devices>\n</domain>\n");
    if (!(dom = virDomainDefineXML(env->conn, xml->str)))
        testFail(__FILE__, __LINE__, "cannot define '%s': %s", name,
                 virGetLastErrorMessage());
    return dom;
}


char *
qtHMP(virDomainPtr dom, const char *cmd)
{
    char *out = NULL;

    if (virDomainQemuMonitorCommand(dom, cmd, &out,
                                    VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP) < 0) {
        testFail(__FILE__, __LINE__, "HMP '%s' failed: %s", cmd, virGetLastErrorMessage());
        return NULL;
    }
    return out;
}


/* ---- reading the definition ---- */

/* Evaluates @expr on the domain's live XML; the string value or NULL. */
static char *
qtXPath(virDomainPtr dom, const char *expr)
{
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    xmlDocPtr doc;
    xmlXPathContextPtr ctxt;
    xmlXPathObjectPtr obj;
    char *ret = NULL;

    if (!xml || !(doc = xmlReadDoc(BAD_CAST xml, NULL, NULL, XML_PARSE_NONET)))
        return NULL;
    ctxt = xmlXPathNewContext(doc);
    obj = xmlXPathEvalExpression(BAD_CAST expr, ctxt);
    if (obj && obj->type == XPATH_STRING && obj->stringval && *obj->stringval)
        ret = g_strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
    return ret;
}


char *
qtDiskSource(virDomainPtr dom, int disk)
{
    g_autofree char *expr = g_strdup_printf("string(/domain/devices/disk[%d]/source/@file)",
                                            disk + 1);

    return qtXPath(dom, expr);
}


static char *
qtDiskFormat(virDomainPtr dom, int disk)
{
    g_autofree char *expr = g_strdup_printf("string(/domain/devices/disk[%d]/driver/@type)",
                                            disk + 1);
    char *fmt = qtXPath(dom, expr);

    return fmt ? fmt : g_strdup("raw");
}


char *
qtDiskChain(virDomainPtr dom, int disk)
{
    g_autoptr(GString) chain = g_string_new(NULL);
    g_autoptr(GString) node = g_string_new(NULL);

    g_string_printf(node, "/domain/devices/disk[%d]", disk + 1);
    for (;;) {
        g_autofree char *expr = g_strdup_printf("string(%s/source/@file)", node->str);
        g_autofree char *path = qtXPath(dom, expr);

        if (!path)
            break;
        if (chain->len)
            g_string_append_c(chain, '<');
        g_string_append(chain, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
        g_string_append(node, "/backingStore");
    }
    return g_string_free(g_steal_pointer(&chain), FALSE);
}


/* ---- patterns ---- */

static char *
qtLogPath(virDomainPtr dom)
{
    /* The driver keeps QEMU's output in ROOT/log/qemu/NAME.log; the
     * root is in the connection's URI. */
    g_autofree char *uri = virConnectGetURI(virDomainGetConnect(dom));
    const char *root = uri ? strstr(uri, "root=") : NULL;

    if (!root)
        return NULL;
    return g_strdup_printf("%s/log/qemu/%s.log", root + 5, virDomainGetName(dom));
}


static gsize
qtFileSize(const char *path)
{
    GStatBuf st;

    return g_stat(path, &st) == 0 ? (gsize)st.st_size : 0;
}


/* Runs qemu-io command @cmd on disk @disk through HMP; returns what it
 * printed (to QEMU's log: HMP's qemu-io writes to QEMU's stdout). */
static char *
qtQemuIO(virDomainPtr dom, int disk, const char *cmd)
{
    g_autofree char *log = qtLogPath(dom);
    g_autofree char *hmp =
        g_strdup_printf("qemu-io -d /machine/peripheral/virtio-disk%d/virtio-backend \"%s\"",
                        disk, cmd);
    g_autofree char *out = NULL;
    gsize before;

    if (!log)
        return NULL;
    before = qtFileSize(log);
    if (!(out = qtHMP(dom, hmp)))
        return NULL;
    if (*out) {
        testFail(__FILE__, __LINE__, "HMP '%s': %s", hmp, out);
        return NULL;
    }
    /* qemu-io ends each command with its statistics line ("... ops/sec"). */
    for (int i = 0; i < 200; i++) {
        g_autofree char *text = NULL;
        gsize len;

        if (g_file_get_contents(log, &text, &len, NULL) && len > before &&
            strstr(text + before, "ops/sec"))
            return g_strdup(text + before);
        g_usleep(10000);
    }
    testFail(__FILE__, __LINE__, "no output from '%s' in %s", hmp, log);
    return NULL;
}


void
qtWrite(virDomainPtr dom, int disk, int pattern)
{
    g_autofree char *cmd = g_strdup_printf("write -P 0x%02x 0 %d", pattern, QT_PATTERN_SIZE);
    g_autofree char *out = qtQemuIO(dom, disk, cmd);

    if (out && !strstr(out, "wrote "))
        testFail(__FILE__, __LINE__, "write of pattern 0x%02x failed: %s", pattern, out);
}


bool
qtCheck(virDomainPtr dom, int disk, int pattern)
{
    g_autofree char *cmd = g_strdup_printf("read -P 0x%02x 0 %d", pattern, QT_PATTERN_SIZE);
    g_autofree char *out = qtQemuIO(dom, disk, cmd);

    return out && strstr(out, "read ") && !strstr(out, "verification failed");
}


/* Runs the qemu-io program's command @cmd on image @path of @format. */
static char *
qtQemuIOImage(const char *path, const char *format, const char *cmd, bool readonly)
{
    const char *argv[] = { "qemu-io", "-f", format, "-c", cmd,
                           readonly ? "-r" : path, readonly ? path : NULL, NULL };

    return qtRun(argv);
}


static char *
qtQemuIOOffline(virDomainPtr dom, int disk, const char *cmd, bool readonly)
{
    g_autofree char *path = qtDiskSource(dom, disk);
    g_autofree char *format = qtDiskFormat(dom, disk);

    if (!path) {
        testFail(__FILE__, __LINE__, "disk %d has no source", disk);
        return NULL;
    }
    return qtQemuIOImage(path, format, cmd, readonly);
}


bool
qtCheckImage(const char *path, const char *format, int pattern)
{
    g_autofree char *cmd = g_strdup_printf("read -P 0x%02x 0 %d", pattern, QT_PATTERN_SIZE);
    g_autofree char *out = qtQemuIOImage(path, format, cmd, true);

    return out && strstr(out, "read ") && !strstr(out, "verification failed");
}


void
qtWriteOffline(virDomainPtr dom, int disk, int pattern)
{
    g_autofree char *cmd = g_strdup_printf("write -P 0x%02x 0 %d", pattern, QT_PATTERN_SIZE);
    g_autofree char *out = qtQemuIOOffline(dom, disk, cmd, false);

    if (out && !strstr(out, "wrote "))
        testFail(__FILE__, __LINE__, "write of pattern 0x%02x failed: %s", pattern, out);
}


bool
qtCheckOffline(virDomainPtr dom, int disk, int pattern)
{
    g_autofree char *path = qtDiskSource(dom, disk);
    g_autofree char *format = qtDiskFormat(dom, disk);

    if (!path) {
        testFail(__FILE__, __LINE__, "disk %d has no source", disk);
        return false;
    }
    return qtCheckImage(path, format, pattern);
}


bool
qtCheckAny(virDomainPtr dom, int disk, int pattern)
{
    return virDomainIsActive(dom) == 1 ? qtCheck(dom, disk, pattern)
                                       : qtCheckOffline(dom, disk, pattern);
}


/* ---- images ---- */

static int
qtCompareNames(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


char *
qtImageSnapshots(const char *path)
{
    const char *argv[] = { qtQemuImg(), "snapshot", "-U", "-l", path, NULL };
    g_autofree char *out = qtRun(argv);
    g_auto(GStrv) lines = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (!out)
        return NULL;
    /* "ID TAG VM SIZE DATE ..." rows after two header lines. */
    lines = g_strsplit(out, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        g_auto(GStrv) cols = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
        size_t n = 0;
        char *fields[2] = { NULL, NULL };

        for (size_t j = 0; cols[j] && n < 2; j++)
            if (*cols[j])
                fields[n++] = cols[j];
        if (n == 2 && g_ascii_isdigit(fields[0][0]))
            g_ptr_array_add(names, g_strdup(fields[1]));
    }
    g_ptr_array_sort(names, qtCompareNames);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(" ", (char **)names->pdata);
}


char *
qtImageChain(const char *path)
{
    const char *argv[] = { qtQemuImg(), "info", "-U", "--backing-chain", path, NULL };
    g_autofree char *out = qtRun(argv);
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) chain = g_string_new(NULL);

    if (!out)
        return NULL;
    lines = g_strsplit(out, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        const char *p;

        if (!g_str_has_prefix(lines[i], "image: "))
            continue;
        p = lines[i] + strlen("image: ");
        if (chain->len)
            g_string_append_c(chain, '<');
        g_string_append(chain, strrchr(p, '/') ? strrchr(p, '/') + 1 : p);
    }
    return g_string_free(g_steal_pointer(&chain), FALSE);
}


char *
qtState(virDomainPtr dom)
{
    static const char *const states[] = {
        "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed",
        "pmsuspended",
    };
    static const char *const running[] = {
        "unknown", "booted", "migrated", "restored", "from_snapshot", "unpaused",
        "migration_canceled", "save_canceled", "wakeup", "crashed", "postcopy",
    };
    static const char *const paused[] = {
        "unknown", "user", "migration", "save", "dump", "ioerror", "watchdog",
        "from_snapshot", "shutting_down", "snapshot", "crashed", "starting_up",
        "postcopy", "postcopy_failed",
    };
    static const char *const shutoff[] = {
        "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
        "from_snapshot", "daemon",
    };
    const char *const *reasons = NULL;
    size_t nreasons = 0;
    int state = -1, reason = -1;

    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        return g_strdup("<error>");
    switch (state) {
    case VIR_DOMAIN_RUNNING:
        reasons = running;
        nreasons = G_N_ELEMENTS(running);
        break;
    case VIR_DOMAIN_PAUSED:
        reasons = paused;
        nreasons = G_N_ELEMENTS(paused);
        break;
    case VIR_DOMAIN_SHUTOFF:
        reasons = shutoff;
        nreasons = G_N_ELEMENTS(shutoff);
        break;
    }
    if (state < 0 || state >= (int)G_N_ELEMENTS(states) || reason < 0 ||
        (size_t)reason >= nreasons)
        return g_strdup_printf("%d/%d", state, reason);
    return g_strdup_printf("%s/%s", states[state], reasons[reason]);
}


void
qtWriteImage(const char *path, const char *format, int pattern)
{
    g_autofree char *cmd = g_strdup_printf("write -P 0x%02x 0 %d", pattern, QT_PATTERN_SIZE);
    g_autofree char *out = qtQemuIOImage(path, format, cmd, false);

    if (out && !strstr(out, "wrote "))
        testFail(__FILE__, __LINE__, "write of pattern 0x%02x to %s failed: %s",
                 pattern, path, out);
}
