/*
 * compat-common.c: shared helpers of the compatibility programs
 *
 * Public API only: this file is compiled against libvirt and against
 * snapvirt.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>

#include "compat-common.h"

static int compat_handler_count;


static void
compat_quiet_handler(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
    compat_handler_count++;
}


void
compat_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    virSetErrorFunc(NULL, compat_quiet_handler);
}


const char *
compat_uri(void)
{
    const char *uri = getenv("COMPAT_URI");

    return uri && *uri ? uri : "test:///default";
}


virDomainPtr
compat_begin(virConnectPtr *conn)
{
    compat_init();
    if (!(*conn = CONN(virConnectOpen(COMPAT_URI))))
        return NULL;
    return DOM(virDomainLookupByName(*conn, "test"));
}


int
compat_end(virConnectPtr conn, virDomainPtr dom)
{
    compat_section("teardown");
    compat_delete_all(dom);
    virDomainFree(dom);
    INT(virConnectClose(conn));
    return 0;
}


int
compat_handler_calls(void)
{
    return compat_handler_count;
}


void
compat_section(const char *fmt, ...)
{
    va_list ap;

    fputs("## ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}


void
compat_say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}


void
compat_print_error(void)
{
    virErrorPtr err = virGetLastError();

    if (!err) {
        printf("  no error\n");
        return;
    }
    printf("  error: code=%d domain=%d level=%d message=%s\n",
           err->code, err->domain, (int)err->level,
           err->message ? err->message : "(null)");
}


int
compat_int(const char *what, int ret)
{
    printf("%s = %d\n", what, ret);
    if (ret < 0)
        compat_print_error();
    return ret;
}


bool
compat_str(const char *what, char *str)
{
    printf("%s = %s%s%s\n", what, str ? "\"" : "", str ? str : "NULL",
           str ? "\"" : "");
    if (!str)
        compat_print_error();
    free(str);
    return str != NULL;
}


const char *
compat_cstr(const char *what, const char *str)
{
    printf("%s = %s%s%s\n", what, str ? "\"" : "", str ? str : "NULL",
           str ? "\"" : "");
    if (!str)
        compat_print_error();
    return str;
}


virConnectPtr
compat_conn(const char *what, virConnectPtr conn)
{
    char *uri = conn ? virConnectGetURI(conn) : NULL;

    if (conn)
        printf("%s = connection to %s\n", what, uri ? uri : "(no URI)");
    else
        printf("%s = NULL\n", what);
    if (!conn)
        compat_print_error();
    free(uri);
    return conn;
}


virDomainPtr
compat_dom(const char *what, virDomainPtr dom)
{
    if (dom)
        printf("%s = domain '%s' id %d\n", what, virDomainGetName(dom),
               (int)virDomainGetID(dom));
    else
        printf("%s = NULL\n", what);
    if (!dom)
        compat_print_error();
    return dom;
}


virDomainSnapshotPtr
compat_snap(const char *what, virDomainSnapshotPtr snap)
{
    if (snap)
        printf("%s = snapshot '%s'\n", what, virDomainSnapshotGetName(snap));
    else
        printf("%s = NULL\n", what);
    if (!snap)
        compat_print_error();
    return snap;
}


void
compat_free_dom(virDomainPtr dom)
{
    if (dom)
        virDomainFree(dom);
}


void
compat_free_snap(virDomainSnapshotPtr snap)
{
    if (snap)
        virDomainSnapshotFree(snap);
}


/* Prints one line of XML with the text of <creationTime> masked. */
static void
compat_print_xml_line(const char *line, size_t len)
{
    static const char open[] = "<creationTime>";
    const char *tag = NULL;

    for (const char *p = line; p + strlen(open) <= line + len; p++) {
        if (strncmp(p, open, strlen(open)) == 0) {
            tag = p;
            break;
        }
    }
    if (tag) {
        const char *close = strstr(tag + 1, "</");

        if (close && close < line + len) {
            printf("  %.*sTIMESTAMP%.*s\n", (int)(tag + strlen(open) - line), line,
                   (int)(line + len - close), close);
            return;
        }
    }
    printf("  %.*s\n", (int)len, line);
}


void
compat_print_xml(const char *what, char *xml)
{
    const char *p = xml;

    if (!xml) {
        printf("%s = NULL\n", what);
        compat_print_error();
        return;
    }
    printf("%s =\n", what);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);

        compat_print_xml_line(p, len);
        p += len + (nl ? 1 : 0);
    }
    free(xml);
}


static int
compat_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


void
compat_print_names(const char *label, char **names, int n, bool sorted)
{
    if (n < 0) {
        printf("%s: failed (%d)\n", label, n);
        compat_print_error();
        return;
    }
    if (sorted)
        qsort(names, n, sizeof(*names), compat_cmp_names);
    printf("%s: %d:", label, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}


void
compat_print_snaps(const char *label, virDomainSnapshotPtr *snaps, int n,
                   bool sorted)
{
    char **names = NULL;

    if (n >= 0) {
        names = calloc(n + 1, sizeof(*names));
        for (int i = 0; i < n; i++) {
            names[i] = strdup(virDomainSnapshotGetName(snaps[i]));
            virDomainSnapshotFree(snaps[i]);
        }
    }
    compat_print_names(label, names, n, sorted);
    free(names);
    free(snaps);
}


void
compat_print_topological(const char *label, virDomainSnapshotPtr *snaps, int n)
{
    bool ok = true;

    if (n < 0) {
        printf("%s: failed (%d)\n", label, n);
        compat_print_error();
        return;
    }
    for (int i = 0; i < n && ok; i++) {
        virDomainSnapshotPtr parent = virDomainSnapshotGetParent(snaps[i], 0);
        const char *pname;
        int j, k;

        if (!parent) {
            virResetLastError();
            continue;
        }
        pname = virDomainSnapshotGetName(parent);
        for (j = 0; j < n && strcmp(virDomainSnapshotGetName(snaps[j]), pname); j++)
            ;
        for (k = 0; k < i && strcmp(virDomainSnapshotGetName(snaps[k]), pname); k++)
            ;
        /* A listed parent must come earlier. */
        if (j < n && k == i)
            ok = false;
        virDomainSnapshotFree(parent);
    }
    printf("%s: %d snapshots, parents before children: %s\n", label, n,
           ok ? "yes" : "NO");
}


/* ---- snapshot shortcuts ---- */

int
compat_take(virDomainPtr dom, const char *name, const char *extra,
            unsigned int flags)
{
    char xml[1024];
    virDomainSnapshotPtr snap;

    snprintf(xml, sizeof(xml), "<domainsnapshot><name>%s</name>%s</domainsnapshot>",
             name, extra ? extra : "");
    snap = virDomainSnapshotCreateXML(dom, xml, flags);
    printf("create %s flags=0x%x = %s\n", name, flags, snap ? "ok" : "failed");
    if (!snap) {
        compat_print_error();
        return -1;
    }
    virDomainSnapshotFree(snap);
    return 0;
}


virDomainSnapshotPtr
compat_lookup(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);

    if (!snap) {
        printf("lookup %s = NULL\n", name);
        compat_print_error();
    }
    return snap;
}


int
compat_revert(virDomainPtr dom, const char *name, unsigned int flags)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);
    int ret;

    if (!snap)
        return -1;
    ret = virDomainRevertToSnapshot(snap, flags);
    printf("revert %s flags=0x%x = %d\n", name, flags, ret);
    if (ret < 0)
        compat_print_error();
    virDomainSnapshotFree(snap);
    return ret;
}


int
compat_delete(virDomainPtr dom, const char *name, unsigned int flags)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);
    int ret;

    if (!snap)
        return -1;
    ret = virDomainSnapshotDelete(snap, flags);
    printf("delete %s flags=0x%x = %d\n", name, flags, ret);
    if (ret < 0)
        compat_print_error();
    virDomainSnapshotFree(snap);
    return ret;
}


void
compat_delete_show(virDomainPtr dom, const char *name, unsigned int flags)
{
    compat_delete(dom, name, flags);
    compat_print_tree(dom);
    compat_print_current(dom);
}


void
compat_delete_all(virDomainPtr dom)
{
    virDomainSnapshotPtr *roots = NULL;
    int n = virDomainListAllSnapshots(dom, &roots, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);

    for (int i = 0; i < n; i++) {
        if (virDomainSnapshotDelete(roots[i], VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN) < 0)
            compat_print_error();
        virDomainSnapshotFree(roots[i]);
    }
    free(roots);
}


void
compat_print_current(virDomainPtr dom)
{
    virDomainSnapshotPtr cur = virDomainSnapshotCurrent(dom, 0);

    if (!cur) {
        printf("current: none\n");
        compat_print_error();
        return;
    }
    printf("current: %s\n", virDomainSnapshotGetName(cur));
    virDomainSnapshotFree(cur);
}


void
compat_print_state(virDomainPtr dom)
{
    int state = -1, reason = -1;

    if (virDomainGetState(dom, &state, &reason, 0) < 0) {
        printf("state: failed\n");
        compat_print_error();
        return;
    }
    printf("state: %d reason: %d id: %d active: %d\n", state, reason,
           (int)virDomainGetID(dom), virDomainIsActive(dom));
}


static int
compat_cmp_snaps(const void *a, const void *b)
{
    return strcmp(virDomainSnapshotGetName(*(virDomainSnapshotPtr const *)a),
                  virDomainSnapshotGetName(*(virDomainSnapshotPtr const *)b));
}


/* Prints @snaps[0..n-1] (sorted here, freed here) and their subtrees. */
static void
compat_print_subtrees(virDomainSnapshotPtr *snaps, int n, int depth)
{
    if (n < 0) {
        compat_print_error();
        return;
    }
    qsort(snaps, n, sizeof(*snaps), compat_cmp_snaps);
    for (int i = 0; i < n; i++) {
        virDomainSnapshotPtr *children = NULL;
        int current = virDomainSnapshotIsCurrent(snaps[i], 0);

        printf("%*s%s%s\n", 2 * depth + 2, "", virDomainSnapshotGetName(snaps[i]),
               current == 1 ? " *" : "");
        compat_print_subtrees(children,
                              virDomainSnapshotListAllChildren(snaps[i], &children, 0),
                              depth + 1);
        virDomainSnapshotFree(snaps[i]);
    }
    free(snaps);
}


void
compat_print_tree(virDomainPtr dom)
{
    virDomainSnapshotPtr *roots = NULL;
    int n = virDomainListAllSnapshots(dom, &roots, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);

    printf("tree (%d roots):\n", n);
    compat_print_subtrees(roots, n, 0);
}


void
compat_print_parents(virDomainPtr dom)
{
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots(dom, &snaps, 0);

    if (n < 0) {
        compat_print_error();
        return;
    }
    qsort(snaps, n, sizeof(*snaps), compat_cmp_snaps);
    printf("parents:");
    for (int i = 0; i < n; i++) {
        virDomainSnapshotPtr parent = virDomainSnapshotGetParent(snaps[i], 0);

        printf(" %s<-%s", virDomainSnapshotGetName(snaps[i]),
               parent ? virDomainSnapshotGetName(parent) : "(none)");
        if (parent)
            virDomainSnapshotFree(parent);
        virResetLastError();
        virDomainSnapshotFree(snaps[i]);
    }
    printf("\n");
    free(snaps);
}


int
compat_set_state(virDomainPtr dom, int state)
{
    int now = -1;
    int ret = 0;

    if (virDomainGetState(dom, &now, NULL, 0) < 0) {
        compat_print_error();
        return -1;
    }
    if (state == VIR_DOMAIN_SHUTOFF) {
        if (now != VIR_DOMAIN_SHUTOFF)
            ret = virDomainDestroy(dom);
    } else {
        if (now == VIR_DOMAIN_SHUTOFF && (ret = virDomainCreate(dom)) == 0)
            now = VIR_DOMAIN_RUNNING;
        if (ret == 0 && state == VIR_DOMAIN_RUNNING && now == VIR_DOMAIN_PAUSED)
            ret = virDomainResume(dom);
        if (ret == 0 && state == VIR_DOMAIN_PAUSED && now == VIR_DOMAIN_RUNNING)
            ret = virDomainSuspend(dom);
    }
    if (ret < 0) {
        printf("cannot bring the domain to state %d\n", state);
        compat_print_error();
    }
    return ret;
}


void
compat_print_exists(virConnectPtr conn, const char *name)
{
    virDomainPtr dom = virDomainLookupByName(conn, name);

    if (dom) {
        printf("domain %s exists\n", name);
        virDomainFree(dom);
    } else {
        printf("domain %s not found: code=%d domain=%d\n", name,
               virGetLastErrorCode(), virGetLastErrorDomain());
    }
}
