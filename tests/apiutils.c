/*
 * apiutils.c: helpers for tests that drive the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include <stdarg.h>
#include <libvirt/libvirt-qemu.h>

#include "apiutils.h"

/* Helpers free their handles after a failed call, and freeing resets the
 * thread's error (as in libvirt): they keep a copy here for CHECK_ERROR. */
static virError apiSaved;


static void
apiKeep(int rc)
{
    virResetError(&apiSaved);
    if (rc < 0)
        virCopyLastError(&apiSaved);
}


static void
apiIgnoreError(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}


void
apiQuiet(void)
{
    virSetErrorFunc(NULL, apiIgnoreError);
}


virConnectPtr
apiOpen(const char *uri)
{
    virConnectPtr conn;

    apiQuiet();
    if (!(conn = virConnectOpen(uri ? uri : "test:///default")))
        testFail(__FILE__, __LINE__, "cannot open %s: %s", uri ? uri : "test:///default",
                 virGetLastErrorMessage());
    return conn;
}


void
apiSetUp(apiFixture *f, const char *uri, const char *domain)
{
    f->conn = apiOpen(uri);
    f->dom = f->conn ? virDomainLookupByName(f->conn, domain) : NULL;
    if (!f->dom)
        testFail(__FILE__, __LINE__, "no domain '%s'", domain);
}


void
apiTearDown(apiFixture *f)
{
    if (f->dom)
        virDomainFree(f->dom);
    if (f->conn && virConnectClose(f->conn) != 0)
        testFail(__FILE__, __LINE__, "the connection is still referenced");
}


void
apiCheckError(const char *file, int line, int code, const char *fragment)
{
    virErrorPtr err = virGetLastError();

    if (!err && apiSaved.code)
        err = &apiSaved;
    if (!err) {
        testFail(file, line, "expected error %d, got none", code);
        return;
    }
    if (err->code != code)
        testFail(file, line, "error code %d, expected %d (%s)", err->code, code,
                 err->message);
    if (fragment && (!err->message || !strstr(err->message, fragment)))
        testFail(file, line, "error \"%s\" lacks \"%s\"", err->message, fragment);
}


int
apiSnap(virDomainPtr dom, const char *xmlOrName, unsigned int flags)
{
    g_autofree char *xml = NULL;
    virDomainSnapshotPtr snap;

    if (strchr(xmlOrName, '<'))
        xml = g_strdup(xmlOrName);
    else
        xml = g_strdup_printf("<domainsnapshot><name>%s</name></domainsnapshot>", xmlOrName);
    if (!(snap = virDomainSnapshotCreateXML(dom, xml, flags))) {
        apiKeep(-1);
        return -1;
    }
    virDomainSnapshotFree(snap);
    apiKeep(0);
    return 0;
}


static int
apiOnSnapshot(virDomainPtr dom, const char *name, unsigned int flags, bool revert)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
    int ret;

    if (!snap) {
        apiKeep(-1);
        return -1;
    }
    ret = revert ? virDomainRevertToSnapshot(snap, flags) :
                   virDomainSnapshotDelete(snap, flags);
    apiKeep(ret);
    virDomainSnapshotFree(snap);
    return ret;
}


int
apiRevert(virDomainPtr dom, const char *name, unsigned int flags)
{
    return apiOnSnapshot(dom, name, flags, true);
}


int
apiDelete(virDomainPtr dom, const char *name, unsigned int flags)
{
    return apiOnSnapshot(dom, name, flags, false);
}


static int
apiCompareNames(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


char *
apiList(virDomainPtr dom, const char *from, unsigned int flags)
{
    virDomainSnapshotPtr *snaps = NULL;
    virDomainSnapshotPtr parent = NULL;
    GString *out = g_string_new(NULL);
    g_autofree char **names = NULL;
    int n;

    if (from) {
        if (!(parent = virDomainSnapshotLookupByName(dom, from, 0)))
            return g_string_free(out, FALSE);
        n = virDomainSnapshotListAllChildren(parent, &snaps, flags);
        virDomainSnapshotFree(parent);
    } else {
        n = virDomainListAllSnapshots(dom, &snaps, flags);
    }
    if (n < 0) {
        g_string_free(out, TRUE);
        return g_strdup("<error>");
    }
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++)
        names[i] = (char *)virDomainSnapshotGetName(snaps[i]);
    qsort(names, n, sizeof(char *), apiCompareNames);
    for (int i = 0; i < n; i++)
        g_string_append_printf(out, "%s%s", i ? " " : "", names[i]);
    for (int i = 0; i < n; i++)
        virDomainSnapshotFree(snaps[i]);
    free(snaps);
    return g_string_free(out, FALSE);
}


char *
apiCurrent(virDomainPtr dom)
{
    virDomainSnapshotPtr cur = virDomainSnapshotCurrent(dom, 0);
    char *name;

    if (!cur)
        return g_strdup("-");
    name = g_strdup(virDomainSnapshotGetName(cur));
    virDomainSnapshotFree(cur);
    return name;
}


char *
apiParent(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
    virDomainSnapshotPtr parent;
    char *ret;

    if (!snap)
        return g_strdup("<no such snapshot>");
    parent = virDomainSnapshotGetParent(snap, 0);
    ret = g_strdup(parent ? virDomainSnapshotGetName(parent) : "-");
    if (parent)
        virDomainSnapshotFree(parent);
    virDomainSnapshotFree(snap);
    return ret;
}


char *
apiSnapXML(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
    char *xml;

    if (!snap)
        return NULL;
    xml = virDomainSnapshotGetXMLDesc(snap, 0);
    virDomainSnapshotFree(snap);
    return xml;
}


char *
apiState(virDomainPtr dom)
{
    int state = -1, reason = -1;

    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        return g_strdup("<error>");
    return g_strdup_printf("%d/%d", state, reason);
}


/* The chain of disk @target in the domain's XML, as "top > next > ...". */
char *
apiChain(virDomainPtr dom, const char *target, unsigned int flags)
{
    g_autofree char *xml = virDomainGetXMLDesc(dom, flags);
    g_autofree char *needle = g_strdup_printf("<target dev='%s'", target);
    GString *out = g_string_new(NULL);
    char *end, *disk, *p;

    if (!xml || !(end = strstr(xml, needle)))
        return g_string_free(out, FALSE);
    *end = '\0';
    disk = g_strrstr(xml, "<disk ");
    for (p = disk; (p = strstr(p, "file='")); p += 6) {
        char *q = strchr(p + 6, '\'');

        g_string_append_printf(out, "%s%.*s", out->len ? " > " : "", (int)(q - p - 6), p + 6);
    }
    return g_string_free(out, FALSE);
}


char *
apiHook(virDomainPtr dom, const char *fmt, ...)
{
    g_autofree char *cmd = NULL;
    char *reply = NULL;
    va_list ap;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (virDomainQemuMonitorCommand(dom, cmd, &reply, 0) < 0)
        return NULL;
    return reply;
}


char *
apiData(virDomainPtr dom, const char *what, const char *name)
{
    g_autofree char *reply = apiHook(dom, "{\"execute\":\"x-snapvirt-read\","
                                          "\"arguments\":{\"%s\":\"%s\"}}", what, name);
    GString *out = g_string_new(NULL);
    const char *p = reply ? strstr(reply, "\"data\":[") : NULL;
    unsigned long long off, len;
    int pat;

    while (p && (p = strstr(p, "{\"offset\":")) &&
           sscanf(p, "{\"offset\":%llu,\"length\":%llu,\"pattern\":%d", &off, &len, &pat) == 3) {
        g_string_append_printf(out, "%s%lluk+%lluk=%02x", out->len ? " " : "",
                               off / 1024, len / 1024, pat);
        p++;
    }
    return g_string_free(out, reply == NULL);
}
