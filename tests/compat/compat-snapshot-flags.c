/*
 * compat-snapshot-flags.c: snapshot creation, XML, listing filters and
 * deletion flags that libvirt's test driver supports
 *
 * Snapshots are taken with the domain running, paused and shut off so
 * that the state filters (ACTIVE / INACTIVE / DISK_ONLY) and the location
 * filters (INTERNAL / EXTERNAL) each select something.  The flags only
 * snapvirt supports (DISK_ONLY, REUSE_EXT, NO_METADATA, METADATA_ONLY)
 * are in compat-snapshot-external.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

typedef struct {
    const char *name;
    unsigned int flags;
} flagName;

#define F(x) { #x, VIR_DOMAIN_SNAPSHOT_LIST_ ## x }

/* The filters tried on the domain and on each snapshot's descendants. */
static const flagName filters[] = {
    { "0", 0 },
    F(INACTIVE), F(ACTIVE), F(DISK_ONLY), F(INTERNAL), F(EXTERNAL),
    F(LEAVES), F(NO_LEAVES), F(METADATA), F(NO_METADATA), F(TOPOLOGICAL),
    { "ACTIVE|INACTIVE", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
                         VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE },
    { "ACTIVE|DISK_ONLY", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
                          VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY },
    { "INTERNAL|EXTERNAL", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL |
                           VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL },
    { "INACTIVE|INTERNAL", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE |
                           VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL },
    { "ACTIVE|LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
                       VIR_DOMAIN_SNAPSHOT_LIST_LEAVES },
    { "INACTIVE|NO_LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE |
                            VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES },
    { "ROOTS|ACTIVE", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS |
                      VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE },
    { "ROOTS|INACTIVE", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS |
                        VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE },
    { "METADATA|NO_METADATA", VIR_DOMAIN_SNAPSHOT_LIST_METADATA |
                              VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA },
};


static void
print_filtered(virDomainPtr dom, virDomainSnapshotPtr from, const flagName *f,
               unsigned int extra)
{
    virDomainSnapshotPtr *snaps = NULL;
    char *names[32];
    unsigned int flags = f->flags | extra;
    int num, n;

    if (from) {
        num = virDomainSnapshotNumChildren(from, flags);
        n = virDomainSnapshotListChildrenNames(from, names, 32, flags);
    } else {
        num = virDomainSnapshotNum(dom, flags);
        n = virDomainSnapshotListNames(dom, names, 32, flags);
    }
    compat_say("%s: num=%d", f->name, num);
    if (num < 0)
        compat_print_error();
    compat_print_names("  names", names, n, true);
    if (from)
        n = virDomainSnapshotListAllChildren(from, &snaps, flags);
    else
        n = virDomainListAllSnapshots(dom, &snaps, flags);
    compat_print_snaps("  all", snaps, n, true);
}


/* Takes running "r1", "r2" (child), paused "p1", shut-off "o1" and, with
 * HALT, "h1"; leaves the domain running. */
static void
take_in_each_state(virDomainPtr dom)
{
    compat_section("snapshots in running, paused and shut-off states");
    compat_take(dom, "r1", "<description>running</description>", 0);
    compat_take(dom, "r2", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC);
    INT(virDomainSuspend(dom));
    compat_take(dom, "p1", NULL, 0);
    compat_print_state(dom);
    INT(virDomainResume(dom));
    compat_take(dom, "h1", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    compat_print_state(dom);
    compat_take(dom, "o1", NULL, 0);
    compat_take(dom, "o2", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    compat_print_state(dom);
    INT(virDomainCreate(dom));
    compat_take(dom, "l1", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_LIVE);
    compat_take(dom, "q1", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE);
    compat_take(dom, "v1", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE);
    compat_print_state(dom);
    compat_print_tree(dom);
    compat_print_parents(dom);
}


static void
print_xml_of(virDomainPtr dom, const char *name, unsigned int flags)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);
    char label[64];

    if (!snap)
        return;
    snprintf(label, sizeof(label), "xml of %s flags=0x%x", name, flags);
    compat_print_xml(label, virDomainSnapshotGetXMLDesc(snap, flags));
    virDomainSnapshotFree(snap);
}


static void
check_xml(virDomainPtr dom)
{
    compat_section("snapshot XML of each state");
    print_xml_of(dom, "r1", 0);
    print_xml_of(dom, "p1", 0);
    print_xml_of(dom, "h1", 0);
    print_xml_of(dom, "o1", VIR_DOMAIN_SNAPSHOT_XML_SECURE);
}


static void
check_filters(virDomainPtr dom)
{
    static const char *const from[] = { "r1", "p1", "o1" };

    compat_section("domain listing filters");
    for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
        print_filtered(dom, NULL, &filters[i], 0);

    for (size_t j = 0; j < sizeof(from) / sizeof(from[0]); j++) {
        virDomainSnapshotPtr snap = compat_lookup(dom, from[j]);

        if (!snap)
            continue;
        compat_section("children filters of %s", from[j]);
        for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
            print_filtered(dom, snap, &filters[i], 0);
        compat_section("descendants filters of %s", from[j]);
        for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
            print_filtered(dom, snap, &filters[i],
                           VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
        virDomainSnapshotFree(snap);
    }
}


/* Frees the first @n names, but never more than the @len given. */
static void
free_names(char **names, int n, int len)
{
    for (int i = 0; i < n && i < len; i++)
        free(names[i]);
}


static void
check_truncated_lists(virDomainPtr dom)
{
    char *names[4] = { NULL, NULL, NULL, NULL };
    virDomainSnapshotPtr snap;

    compat_section("name lists shorter than the result [diverges: libvirt 9.0 "
                   "returns the number of matches, not the number of names "
                   "stored]");
    free_names(names, INT(virDomainSnapshotListNames(dom, names, 2, 0)), 2);
    free_names(names, INT(virDomainSnapshotListNames(dom, names, 0, 0)), 0);
    if ((snap = compat_lookup(dom, "r1"))) {
        free_names(names, INT(virDomainSnapshotListChildrenNames(snap, names, 1,
                   VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS)), 1);
        virDomainSnapshotFree(snap);
    }

    compat_section("counting with ListAll");
    INT(virDomainListAllSnapshots(dom, NULL, 0));
    INT(virDomainListAllSnapshots(dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE));
    if ((snap = compat_lookup(dom, "r1"))) {
        INT(virDomainSnapshotListAllChildren(snap, NULL, 0));
        INT(virDomainSnapshotListAllChildren(snap, NULL,
                                             VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS));
        virDomainSnapshotFree(snap);
    }
}


static void
check_unnamed(virDomainPtr dom)
{
    virDomainSnapshotPtr snap;
    const char *name;
    bool digits = true;

    compat_section("snapshot without a name");
    snap = virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0);
    if (!snap) {
        compat_print_error();
        return;
    }
    name = virDomainSnapshotGetName(snap);
    for (const char *p = name; *p; p++)
        digits &= *p >= '0' && *p <= '9';
    compat_say("name is a number of seconds: %s", digits && *name ? "yes" : "no");
    INT(virDomainSnapshotIsCurrent(snap, 0));
    INT(virDomainSnapshotDelete(snap, 0));
    virDomainSnapshotFree(snap);
    compat_print_current(dom);
}


static void
check_delete_flags(virDomainPtr dom)
{
    compat_section("delete flags");
    compat_delete(dom, "r2", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
    compat_delete(dom, "r2", 1u << 30);
    compat_print_tree(dom);
    compat_delete_show(dom, "p1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
    compat_delete_show(dom, "r2", 0);
    compat_delete_show(dom, "r1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN);
    INT(virDomainSnapshotNum(dom, 0));
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    if (!(dom = compat_begin(&conn)))
        return 1;
    take_in_each_state(dom);
    check_xml(dom);
    check_filters(dom);
    check_truncated_lists(dom);
    check_unnamed(dom);
    check_delete_flags(dom);
    return compat_end(conn, dom);
}
