/*
 * remote-snapshots.c: snapshot calls over the remote protocol, timed
 *
 *   remote-snapshots URI N
 *
 * Uses the public API only, so it is built against libvirt and against
 * snapvirt: bench/remote-snapshots runs libvirt's client against libvirtd
 * and against snapvirtd (the same client: the difference is the daemon),
 * and snapvirt's client against snapvirtd.  Each line printed is
 * "operation<TAB>microseconds<TAB>calls".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static double
nowUs(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}


static void
report(const char *op, double start, int calls)
{
    printf("%s\t%.0f\t%d\n", op, nowUs() - start, calls);
}


static void
die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, virGetLastErrorMessage());
    exit(EXIT_FAILURE);
}


static void
quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}


/* Opens and closes a connection, 20 times. */
static void
benchConnect(const char *uri)
{
    double t = nowUs();

    for (int i = 0; i < 20; i++) {
        virConnectPtr conn = virConnectOpen(uri);

        if (!conn)
            die("open");
        virConnectClose(conn);
    }
    report("connect and close", t, 20);
}


/* A chain of @n snapshots b0 <- b1 <- ... */
static void
benchCreate(virDomainPtr dom, int n)
{
    char xml[128];
    double t = nowUs();

    for (int i = 0; i < n; i++) {
        virDomainSnapshotPtr s;

        snprintf(xml, sizeof(xml), "<domainsnapshot><name>b%d</name></domainsnapshot>", i);
        if (!(s = virDomainSnapshotCreateXML(dom, xml, 0)))
            die("create");
        virDomainSnapshotFree(s);
    }
    report("create (chain)", t, n);
}


static void
benchList(virDomainPtr dom, int n)
{
    virDomainSnapshotPtr *snaps = NULL;
    double t = nowUs();
    int listed = virDomainListAllSnapshots(dom, &snaps, 0);

    if (listed != n)
        die("list");
    report("list all (one call)", t, 1);
    for (int i = 0; i < listed; i++)
        virDomainSnapshotFree(snaps[i]);
    free(snaps);
}


/* Looks each snapshot up by name, and with @xml dumps it too. */
static void
benchLookup(virDomainPtr dom, int n, bool xml)
{
    char name[32];
    double t = nowUs();

    for (int i = 0; i < n; i++) {
        virDomainSnapshotPtr s;
        char *x = NULL;

        snprintf(name, sizeof(name), "b%d", i);
        if (!(s = virDomainSnapshotLookupByName(dom, name, 0)) ||
            (xml && !(x = virDomainSnapshotGetXMLDesc(s, 0))))
            die(xml ? "xml" : "lookup");
        free(x);
        virDomainSnapshotFree(s);
    }
    report(xml ? "lookup + XML" : "lookup by name", t, n);
}


static void
benchDelete(virDomainPtr dom)
{
    virDomainSnapshotPtr root;
    double t = nowUs();

    if (!(root = virDomainSnapshotLookupByName(dom, "b0", 0)) ||
        virDomainSnapshotDelete(root, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN) < 0)
        die("delete");
    report("delete chain (one call)", t, 1);
    virDomainSnapshotFree(root);
}


int
main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    int n;

    if (argc != 3 || (n = atoi(argv[2])) <= 0) {
        fprintf(stderr, "usage: %s URI N\n", argv[0]);
        return EXIT_FAILURE;
    }
    virSetErrorFunc(NULL, quiet);
    benchConnect(argv[1]);
    if (!(conn = virConnectOpen(argv[1])) || !(dom = virDomainLookupByName(conn, "test")))
        die("open");
    benchCreate(dom, n);
    benchList(dom, n);
    benchLookup(dom, n, false);
    benchLookup(dom, n, true);
    benchDelete(dom);
    virDomainFree(dom);
    virConnectClose(conn);
    return EXIT_SUCCESS;
}
