/*
 * compat-snapshot-external.c: the snapshot flags only snapvirt's test
 * driver supports
 *
 * libvirt 9.0's test driver refuses DISK_ONLY, REUSE_EXT and NO_METADATA
 * at creation and METADATA_ONLY at deletion ("unsupported flags"), so
 * every section here is [snapvirt-only] and is checked against
 * compat-snapshot-external.snapvirt.out; libvirt's build still runs, which
 * shows its refusals in the log.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

#define ONLY(what) " [snapvirt-only: libvirt 9.0's test driver refuses " what "]"

#define DISK(file) \
    "<disks><disk name='vda' snapshot='external'><source file='" file "'/>" \
    "</disk></disks>"


/* Prints the disk's backing chain from the live domain XML, top first. */
static void
print_domain_disk(virDomainPtr dom)
{
    static const char tag[] = "<source file='";
    char *xml = virDomainGetXMLDesc(dom, 0);
    const char *p, *end;

    if (!xml) {
        compat_print_error();
        return;
    }
    fputs("disk chain:", stdout);
    end = (p = strstr(xml, "<disk ")) ? strstr(p, "</disk>") : NULL;
    while (p && end && (p = strstr(p, tag)) && p < end) {
        const char *q = strchr(p + strlen(tag), '\'');

        printf(" %.*s", (int)(q - p - strlen(tag)), p + strlen(tag));
        p = q;
    }
    fputc('\n', stdout);
    free(xml);
}


static void
print_xml_of(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, name);

    if (!snap)
        return;
    compat_print_xml(name, virDomainSnapshotGetXMLDesc(snap, 0));
    virDomainSnapshotFree(snap);
}


static void
print_filters(virDomainPtr dom)
{
    static const struct { const char *name; unsigned int flags; } filters[] = {
        { "DISK_ONLY", VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY },
        { "ACTIVE", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE },
        { "INACTIVE", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE },
        { "INTERNAL", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL },
        { "EXTERNAL", VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL },
        { "METADATA", VIR_DOMAIN_SNAPSHOT_LIST_METADATA },
        { "NO_METADATA", VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA },
    };

    for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
        char *names[16];
        int n = virDomainSnapshotListNames(dom, names, 16, filters[i].flags);

        compat_print_names(filters[i].name, names, n, true);
    }
}


static void
check_disk_only(virDomainPtr dom)
{
    compat_section("disk-only snapshots" ONLY("DISK_ONLY"));
    compat_take(dom, "base", NULL, 0);
    compat_take(dom, "d1", DISK("/guest/d1.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    print_xml_of(dom, "d1");
    compat_print_xml("domain XML", virDomainGetXMLDesc(dom, 0));
    compat_print_xml("inactive domain XML",
                     virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE));
    compat_take(dom, "d2", DISK("/guest/d1.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    compat_take(dom, "d2", "<memory snapshot='internal'/>" DISK("/guest/d2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    compat_take(dom, "d2", DISK("/guest/d2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE |
                VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC);
    compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
    compat_take(dom, "d3", DISK("/guest/d3.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    print_xml_of(dom, "d3");
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    compat_print_tree(dom);
    print_filters(dom);
    print_domain_disk(dom);
}


static void
check_reuse(virDomainPtr dom)
{
    virDomainPtr spare;

    compat_section("reusing external files" ONLY("REUSE_EXT"));
    compat_take(dom, "r1", DISK("/guest/d1.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT);
    /* Reusing needs the file to exist... */
    compat_take(dom, "r2", DISK("/guest/r2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT);
    /* ...so leave one behind: a domain defined on it, then undefined. */
    spare = virDomainDefineXML(virDomainGetConnect(dom),
                               "<domain type='test'><name>spare</name>"
                               "<memory>1024</memory><os><type>hvm</type></os>"
                               "<devices><disk type='file' device='disk'>"
                               "<source file='/guest/r2.qcow2'/><target dev='vda'/>"
                               "</disk></devices></domain>");
    if (spare) {
        INT(virDomainUndefine(spare));
        virDomainFree(spare);
    }
    compat_take(dom, "r2", DISK("/guest/r2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT);
    print_domain_disk(dom);
    compat_print_tree(dom);
}


static void
check_no_metadata(virDomainPtr dom)
{
    virDomainSnapshotPtr snap;

    compat_section("snapshots without metadata" ONLY("NO_METADATA"));
    snap = SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><name>n1</name></domainsnapshot>",
        VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA));
    if (snap) {
        INT(virDomainSnapshotHasMetadata(snap, 0));
        INT(virDomainSnapshotIsCurrent(snap, 0));
        virDomainSnapshotFree(snap);
    }
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(dom, "n1", 0)));
    compat_take(dom, "n2", DISK("/guest/n2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA);
    print_domain_disk(dom);
    compat_print_current(dom);
    INT(virDomainSnapshotNum(dom, 0));
    print_filters(dom);
}


static void
check_metadata_only(virDomainPtr dom)
{
    compat_section("deleting metadata only" ONLY("DELETE_METADATA_ONLY"));
    compat_delete(dom, "r2", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY);
    print_domain_disk(dom);
    compat_delete(dom, "d1", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN);
    compat_print_tree(dom);
    print_domain_disk(dom);
    compat_print_current(dom);
}


static void
check_revert_and_merge(virDomainPtr dom)
{
    compat_section("revert to and delete external snapshots" ONLY("DISK_ONLY"));
    compat_take(dom, "e1", DISK("/guest/e1.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    compat_take(dom, "e2", DISK("/guest/e2.qcow2"),
                VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    print_domain_disk(dom);
    compat_revert(dom, "e1", 0);
    compat_print_state(dom);
    print_domain_disk(dom);
    compat_revert(dom, "e2", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING);
    print_domain_disk(dom);
    compat_delete(dom, "e2", 0);
    print_domain_disk(dom);
    compat_delete(dom, "e1", 0);
    print_domain_disk(dom);
    compat_print_tree(dom);
}


static void
check_external_memory(virDomainPtr dom)
{
    compat_section("external memory state" ONLY("external snapshots"));
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    compat_take(dom, "m1", "<memory snapshot='external' file='/guest/m1.mem'/>"
                DISK("/guest/m1.qcow2"), 0);
    print_xml_of(dom, "m1");
    compat_take(dom, "m2", "<memory snapshot='external' file='/guest/m1.mem'/>"
                DISK("/guest/m2.qcow2"), 0);
    compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
    compat_take(dom, "m3", "<memory snapshot='external' file='/guest/m3.mem'/>", 0);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    print_filters(dom);
    compat_delete_all(dom);
    INT(virDomainSnapshotNum(dom, 0));
    print_domain_disk(dom);
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    if (!(dom = compat_begin(&conn)))
        return 1;
    check_disk_only(dom);
    check_reuse(dom);
    check_no_metadata(dom);
    check_metadata_only(dom);
    check_revert_and_merge(dom);
    check_external_memory(dom);
    return compat_end(conn, dom);
}
