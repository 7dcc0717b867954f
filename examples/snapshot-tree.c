/*
 * snapshot-tree.c: build a branching snapshot tree and print it
 *
 * Uses nothing but libvirt's public API, so it builds unchanged against
 * snapvirt or libvirt:
 *
 *     cc snapshot-tree.c $(pkg-config --cflags --libs snapvirt)
 *     ./a.out [URI]            (default test:///default)
 *
 * On the domain "test" it takes base, then a and a-child, reverts to base,
 * takes b, and prints the hierarchy with the current snapshot marked.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int
take(virDomainPtr dom, const char *name)
{
    char xml[256];
    virDomainSnapshotPtr snap;

    snprintf(xml, sizeof(xml),
             "<domainsnapshot><name>%s</name></domainsnapshot>", name);
    if (!(snap = virDomainSnapshotCreateXML(dom, xml, 0)))
        return -1;
    virDomainSnapshotFree(snap);
    return 0;
}


static int
revert(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
    int ret;

    if (!snap)
        return -1;
    ret = virDomainRevertToSnapshot(snap, 0);
    virDomainSnapshotFree(snap);
    return ret;
}


/* Prints @snap and its descendants; @prefix draws the branches above. */
static void
print_tree(virDomainSnapshotPtr snap, const char *current, char *prefix,
           int depth, int last)
{
    virDomainSnapshotPtr *children = NULL;
    const char *name = virDomainSnapshotGetName(snap);
    size_t len = strlen(prefix);
    int n;

    printf("%s%s%s%s\n", prefix, depth ? (last ? "`- " : "+- ") : "", name,
           strcmp(current, name) == 0 ? "   <- current" : "");
    n = virDomainSnapshotListAllChildren(snap, &children, 0);
    if (depth && len + 4 < 4096)
        strcat(prefix, last ? "   " : "|  ");
    for (int i = 0; i < n; i++) {
        print_tree(children[i], current, prefix, depth + 1, i == n - 1);
        virDomainSnapshotFree(children[i]);
    }
    prefix[len] = '\0';
    free(children);
}


int
main(int argc, char **argv)
{
    const char *uri = argc > 1 ? argv[1] : "test:///default";
    virConnectPtr conn = virConnectOpen(uri);
    virDomainPtr dom = NULL;
    virDomainSnapshotPtr *roots = NULL;
    virDomainSnapshotPtr cur;
    char current[256] = "";
    char prefix[4096];
    int n, ret = EXIT_FAILURE;

    if (!conn)
        return EXIT_FAILURE;
    if (!(dom = virDomainLookupByName(conn, "test")) ||
        take(dom, "base") < 0 || take(dom, "a") < 0 ||
        take(dom, "a-child") < 0 || revert(dom, "base") < 0 ||
        take(dom, "b") < 0)
        goto cleanup;

    if ((cur = virDomainSnapshotCurrent(dom, 0))) {
        snprintf(current, sizeof(current), "%s", virDomainSnapshotGetName(cur));
        virDomainSnapshotFree(cur);
    }
    printf("Snapshots of domain 'test' on %s:\n\n", uri);
    n = virDomainListAllSnapshots(dom, &roots, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    for (int i = 0; i < n; i++) {
        prefix[0] = '\0';
        print_tree(roots[i], current, prefix, 0, 1);
        virDomainSnapshotFree(roots[i]);
    }
    free(roots);
    ret = n < 0 ? EXIT_FAILURE : EXIT_SUCCESS;

 cleanup:
    if (ret != EXIT_SUCCESS)
        fprintf(stderr, "snapshot-tree: %s\n", virGetLastErrorMessage());
    if (dom)
        virDomainFree(dom);
    virConnectClose(conn);
    return ret;
}
