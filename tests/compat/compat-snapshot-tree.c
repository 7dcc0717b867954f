/*
 * compat-snapshot-tree.c: libvirt's own virsh-snapshot scenario, through
 * the API
 *
 * One session on test:///default builds a forest whose name order differs
 * from its topology (s1, s3, s2, revert s3, s6, s5, revert s6, s4,
 * revert s1, s7, s8), then walks it with every listing call, deletes the
 * current root, deletes with CHILDREN_ONLY and CHILDREN while the current
 * snapshot moves, compares by-name and topological listings, dumps XML,
 * and finally redefines the dumped s3 and s2 in the wrong and right order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"


/* Makes @name current the way "virsh snapshot-current NAME" does: by
 * redefining its own XML with CURRENT. */
static void
set_current(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);
    virDomainSnapshotPtr again;
    char *xml;

    if (!snap)
        return;
    if ((xml = virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE))) {
        again = virDomainSnapshotCreateXML(dom, xml,
                                           VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                           VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
        compat_say("redefine %s with CURRENT = %s", name, again ? "ok" : "failed");
        if (!again)
            compat_print_error();
        compat_free_snap(again);
        free(xml);
    } else {
        compat_print_error();
    }
    virDomainSnapshotFree(snap);
}


static void
build_forest(virDomainPtr dom)
{
    compat_section("build the forest");
    compat_take(dom, "s1", NULL, 0);
    compat_take(dom, "s1", NULL, 0);
    compat_take(dom, "s3", NULL, 0);
    compat_take(dom, "s2", NULL, 0);
    compat_revert(dom, "s3", 0);
    compat_take(dom, "s6", NULL, 0);
    compat_take(dom, "s5", NULL, 0);
    compat_revert(dom, "s6", 0);
    compat_take(dom, "s4", NULL, 0);
    compat_revert(dom, "s1", 0);
    compat_take(dom, "s7", NULL, 0);
    compat_take(dom, "s8", NULL, 0);
    compat_print_tree(dom);
    compat_print_parents(dom);
    compat_print_current(dom);
    INT(virDomainHasCurrentSnapshot(dom, 0));
    INT(virDomainSnapshotNum(dom, 0));
}


/* Lists the domain's snapshots with @flags through all three calls. */
static void
list_domain(virDomainPtr dom, const char *label, unsigned int flags)
{
    virDomainSnapshotPtr *snaps = NULL;
    char *names[16];
    int n;

    compat_say("%s: num=%d", label, virDomainSnapshotNum(dom, flags));
    n = virDomainSnapshotListNames(dom, names, 16, flags);
    compat_print_names("  names", names, n, true);
    n = virDomainListAllSnapshots(dom, &snaps, flags);
    compat_print_snaps("  all", snaps, n, true);
}


/* Lists the children of @name with @flags through all three calls. */
static void
list_children(virDomainPtr dom, const char *name, const char *label,
              unsigned int flags)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);
    virDomainSnapshotPtr *snaps = NULL;
    char *names[16];
    int n;

    if (!snap)
        return;
    compat_say("%s %s: num=%d", name, label, virDomainSnapshotNumChildren(snap, flags));
    n = virDomainSnapshotListChildrenNames(snap, names, 16, flags);
    compat_print_names("  names", names, n, true);
    n = virDomainSnapshotListAllChildren(snap, &snaps, flags);
    compat_print_snaps("  all", snaps, n, true);
    virDomainSnapshotFree(snap);
}


static void
walk_forest(virDomainPtr dom)
{
    static const char *const names[] = { "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8" };

    compat_section("domain listings of the forest");
    list_domain(dom, "all", 0);
    list_domain(dom, "ROOTS", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    list_domain(dom, "LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    list_domain(dom, "NO_LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES);
    list_domain(dom, "LEAVES|NO_LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES |
                VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES);
    list_domain(dom, "ROOTS|LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS |
                VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    list_domain(dom, "ROOTS|NO_LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS |
                VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES);
    list_domain(dom, "METADATA", VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
    list_domain(dom, "NO_METADATA", VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA);
    list_domain(dom, "TOPOLOGICAL", VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);

    compat_section("children listings of the forest");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        list_children(dom, names[i], "children", 0);
        list_children(dom, names[i], "DESCENDANTS", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    }
    list_children(dom, "s1", "LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    list_children(dom, "s1", "DESCENDANTS|LEAVES",
                  VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    list_children(dom, "s1", "DESCENDANTS|NO_LEAVES",
                  VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES);
    list_children(dom, "s3", "DESCENDANTS|METADATA",
                  VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
    list_children(dom, "s3", "DESCENDANTS|NO_METADATA",
                  VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA);
}


/* Prints the topological property and, separately, the exact order. */
static void
check_topological(virDomainPtr dom, virDomainSnapshotPtr from, const char *what)
{
    unsigned int topo = VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL;
    virDomainSnapshotPtr *snaps = NULL;
    char *names[16];
    int n;

    compat_section("topological listing of %s: parents first", what);
    if (from)
        n = virDomainSnapshotListAllChildren(from, &snaps,
                                             topo | VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    else
        n = virDomainListAllSnapshots(dom, &snaps, topo);
    compat_print_topological("ListAll TOPOLOGICAL", snaps, n);

    compat_section("topological listing of %s: exact order", what);
    compat_print_snaps("ListAll TOPOLOGICAL", snaps, n, false);
    if (from)
        n = virDomainSnapshotListChildrenNames(from, names, 16,
                                               topo | VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    else
        n = virDomainSnapshotListNames(dom, names, 16, topo);
    compat_print_names("ListNames TOPOLOGICAL", names, n, false);
}


static void
delete_current_root(virDomainPtr dom)
{
    compat_section("make s1 current and delete it");
    set_current(dom, "s1");
    compat_print_current(dom);
    compat_delete_show(dom, "s1", 0);
    INT(virDomainHasCurrentSnapshot(dom, 0));
    list_domain(dom, "ROOTS", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    list_domain(dom, "LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    list_domain(dom, "NO_LEAVES", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES);
    compat_print_parents(dom);
    list_children(dom, "s3", "children", 0);
    list_children(dom, "s3", "DESCENDANTS", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
}


static void
delete_subtrees(virDomainPtr dom)
{
    compat_section("delete with CHILDREN_ONLY and CHILDREN while current moves");
    set_current(dom, "s4");
    compat_print_current(dom);
    compat_delete_show(dom, "s6", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
    compat_delete_show(dom, "s7", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN);
    compat_delete_show(dom, "s6", 0);
    list_domain(dom, "all", 0);
}


static void
linear_chain_order(virDomainPtr dom)
{
    char *names[4];
    int n;

    compat_section("by name vs topological on the chain s3 -> s2");
    n = virDomainSnapshotListNames(dom, names, 4, 0);
    compat_print_names("by name (sorted)", names, n, true);
    n = virDomainSnapshotListNames(dom, names, 4, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    compat_print_names("topological", names, n, false);
}


/* Dumps the XML of s3 and s2 into @xml3 / @xml2 (owned by the caller). */
static void
dump_xml(virDomainPtr dom, char **xml3, char **xml2)
{
    virDomainSnapshotPtr s3 = compat_lookup(dom, "s3");
    virDomainSnapshotPtr s2 = compat_lookup(dom, "s2");

    compat_section("dump XML of s3 and s2");
    if (s3 && (*xml3 = virDomainSnapshotGetXMLDesc(s3, 0)))
        compat_print_xml("s3", strdup(*xml3));
    if (s2 && (*xml2 = virDomainSnapshotGetXMLDesc(s2, 0)))
        compat_print_xml("s2", strdup(*xml2));
    compat_free_snap(s3);
    compat_free_snap(s2);
}


static void
snapshot_info(virDomainPtr dom)
{
    virDomainSnapshotPtr cur = SNAP(virDomainSnapshotCurrent(dom, 0));
    virDomainSnapshotPtr parent;

    if (!cur)
        return;
    CSTR(virDomainSnapshotGetName(cur));
    INT(virDomainSnapshotIsCurrent(cur, 0));
    if ((parent = SNAP(virDomainSnapshotGetParent(cur, 0))))
        virDomainSnapshotFree(parent);
    INT(virDomainSnapshotNumChildren(cur, 0));
    INT(virDomainSnapshotNumChildren(cur, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS));
    INT(virDomainSnapshotHasMetadata(cur, 0));
    compat_print_xml("xml", virDomainSnapshotGetXMLDesc(cur, 0));
    virDomainSnapshotFree(cur);
}


static void
redefine(virDomainPtr dom, const char *xml3, const char *xml2)
{
    unsigned int redef = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                         VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;

    compat_section("redefine s2 before s3, then s3 and s2 with CURRENT");
    compat_delete(dom, "s3", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN);
    INT(virDomainSnapshotNum(dom, 0));
    if (!xml3 || !xml2)
        return;
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml2, redef)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml3, redef)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml2,
                          redef | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)));
    compat_print_tree(dom);
    snapshot_info(dom);
}


/* An internal snapshot takes every disk: an explicit snapshot='no' (or
 * 'external') is refused, running or shut off. */
static void
internal_takes_every_disk(virDomainPtr dom)
{
    compat_section("an internal snapshot takes every disk");
    compat_take(dom, "x1", "<disks><disk name='vda' snapshot='no'/></disks>", 0);
    compat_take(dom, "x2", "<memory snapshot='internal'/>"
                "<disks><disk name='vda' snapshot='no'/></disks>", 0);
    compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
    compat_take(dom, "x3", "<disks><disk name='vda' snapshot='no'/></disks>", 0);
    compat_take(dom, "x4", "<disks><disk name='vda' snapshot='internal'/></disks>", 0);
    compat_delete(dom, "x4", 0);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    INT(virDomainSnapshotNum(dom, 0));
}


/* A snapshot carrying the persistent definition of a running domain
 * (<inactiveDomain>, here with other memory) and a driver <cookie>. */
static void
redefine_inactive_domain(virDomainPtr dom)
{
    const char *snap = "<domainsnapshot><name>inact</name><state>running</state>"
                       "<creationTime>1000</creationTime>"
                       "<memory snapshot='internal'/>"
                       "<disks><disk name='vda' snapshot='internal'/></disks>";
    char *domxml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    char *inact, *at, *xml;
    virDomainSnapshotPtr snapshot;
    size_t len;

    compat_section("redefine with <inactiveDomain> and <cookie>");
    if (!domxml)
        return;
    /* "<domain ...</domain>\n" -> "<inactiveDomain ...</inactiveDomain>" */
    len = strlen(domxml) + 64;
    inact = calloc(1, len);
    at = strstr(domxml, "</domain>");
    snprintf(inact, len, "<inactiveDomain%.*s</inactiveDomain>",
             (int)(at - domxml - strlen("<domain")), domxml + strlen("<domain"));
    len = strlen(snap) + strlen(domxml) + strlen(inact) + 128;
    xml = calloc(1, len);
    snprintf(xml, len, "%s%s%s<cookie><cpu mode='custom'/></cookie></domainsnapshot>",
             snap, domxml, inact);
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(
        dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)));
    if ((snapshot = compat_lookup(dom, "inact"))) {
        compat_print_xml("xml", virDomainSnapshotGetXMLDesc(snapshot, 0));
        virDomainSnapshotFree(snapshot);
    }
    compat_delete(dom, "inact", 0);
    free(xml);
    free(inact);
    free(domxml);
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainSnapshotPtr s3;
    char *xml3 = NULL, *xml2 = NULL;

    if (!(dom = compat_begin(&conn)))
        return 1;
    build_forest(dom);
    walk_forest(dom);
    check_topological(dom, NULL, "the forest");
    if ((s3 = compat_lookup(dom, "s3"))) {
        check_topological(dom, s3, "the descendants of s3");
        virDomainSnapshotFree(s3);
    }
    delete_current_root(dom);
    check_topological(dom, NULL, "the forest without s1");
    delete_subtrees(dom);
    linear_chain_order(dom);
    dump_xml(dom, &xml3, &xml2);
    redefine(dom, xml3, xml2);
    internal_takes_every_disk(dom);
    redefine_inactive_domain(dom);
    free(xml3);
    free(xml2);
    return compat_end(conn, dom);
}
