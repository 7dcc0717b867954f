/*
 * compat-snapshot-errors.c: the error paths of the snapshot API
 *
 * NULL handles and arguments, negative lengths, unknown and mutually
 * exclusive flags, read-only connections, unknown and deleted snapshots,
 * a missing current snapshot, a root's parent, bad XML, redefinitions
 * that would break the hierarchy, and undefining a domain that still has
 * snapshot metadata.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

#define BAD (1u << 30)


static void
check_null_snapshot(void)
{
    virDomainSnapshotPtr *snaps = NULL;
    char *names[2];

    compat_section("NULL snapshot handle");
    CSTR(virDomainSnapshotGetName(NULL));
    compat_say("virDomainSnapshotGetDomain(NULL) = %p",
               (void *)virDomainSnapshotGetDomain(NULL));
    compat_print_error();
    compat_say("virDomainSnapshotGetConnect(NULL) = %p",
               (void *)virDomainSnapshotGetConnect(NULL));
    compat_print_error();
    STR(virDomainSnapshotGetXMLDesc(NULL, 0));
    INT(virDomainSnapshotNumChildren(NULL, 0));
    INT(virDomainSnapshotListChildrenNames(NULL, names, 2, 0));
    INT(virDomainSnapshotListAllChildren(NULL, &snaps, 0));
    compat_say("snaps after failure: %s", snaps ? "set" : "NULL");
    compat_free_snap(SNAP(virDomainSnapshotGetParent(NULL, 0)));
    INT(virDomainSnapshotIsCurrent(NULL, 0));
    INT(virDomainSnapshotHasMetadata(NULL, 0));
    INT(virDomainRevertToSnapshot(NULL, 0));
    INT(virDomainSnapshotDelete(NULL, 0));
    INT(virDomainSnapshotRef(NULL));
    INT(virDomainSnapshotFree(NULL));
}


static void
check_null_domain(void)
{
    virDomainSnapshotPtr *snaps = NULL;
    char *names[2];

    compat_section("NULL domain handle in snapshot calls");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(NULL, "<domainsnapshot/>", 0)));
    INT(virDomainSnapshotNum(NULL, 0));
    INT(virDomainSnapshotListNames(NULL, names, 2, 0));
    INT(virDomainListAllSnapshots(NULL, &snaps, 0));
    compat_say("snaps after failure: %s", snaps ? "set" : "NULL");
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(NULL, "s1", 0)));
    INT(virDomainHasCurrentSnapshot(NULL, 0));
    compat_free_snap(SNAP(virDomainSnapshotCurrent(NULL, 0)));
}


static void
check_bad_arguments(virDomainPtr dom, virDomainSnapshotPtr s1)
{
    char *names[2];

    compat_section("NULL and negative arguments");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, NULL, 0)));
    INT(virDomainSnapshotListNames(dom, NULL, 2, 0));
    INT(virDomainSnapshotListNames(dom, names, -1, 0));
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(dom, NULL, 0)));
    INT(virDomainSnapshotListChildrenNames(s1, NULL, 2, 0));
    INT(virDomainSnapshotListChildrenNames(s1, names, -1, 0));
}


static void
check_unknown_flags(virDomainPtr dom, virDomainSnapshotPtr s1)
{
    virDomainSnapshotPtr *snaps = NULL;
    char *names[2];

    compat_section("unknown flags");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
                          "<domainsnapshot><name>x</name></domainsnapshot>", BAD)));
    STR(virDomainSnapshotGetXMLDesc(s1, BAD));
    STR(virDomainSnapshotGetXMLDesc(s1, 2));
    INT(virDomainSnapshotNum(dom, BAD));
    INT(virDomainSnapshotListNames(dom, names, 2, BAD));
    INT(virDomainListAllSnapshots(dom, &snaps, BAD));
    INT(virDomainSnapshotNumChildren(s1, BAD));
    INT(virDomainSnapshotListChildrenNames(s1, names, 2, BAD));
    INT(virDomainSnapshotListAllChildren(s1, &snaps, BAD));
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(dom, "s1", 1)));
    INT(virDomainHasCurrentSnapshot(dom, 1));
    compat_free_snap(SNAP(virDomainSnapshotCurrent(dom, 1)));
    compat_free_snap(SNAP(virDomainSnapshotGetParent(s1, 1)));
    INT(virDomainSnapshotIsCurrent(s1, 1));
    INT(virDomainSnapshotHasMetadata(s1, 1));
    INT(virDomainRevertToSnapshot(s1, BAD));
    INT(virDomainSnapshotDelete(s1, BAD));
    INT(virDomainSnapshotNum(dom, 0));
}


static void
check_exclusive_flags(virDomainPtr dom, virDomainSnapshotPtr s1)
{
    static const char xml[] = "<domainsnapshot><name>x</name></domainsnapshot>";

    compat_section("mutually exclusive and dependent flags");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml,
                          VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml,
                          VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                          VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, xml,
                          VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                          VIR_DOMAIN_SNAPSHOT_CREATE_HALT)));
    INT(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                      VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED));
    INT(virDomainSnapshotDelete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                                    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY));
    INT(virDomainSnapshotNum(dom, 0));
    compat_print_current(dom);
}


static void
check_read_only(void)
{
    virConnectPtr ro;
    virDomainPtr dom;
    virDomainSnapshotPtr snap;

    compat_section("read-only connection");
    if (!(ro = CONN(virConnectOpenReadOnly(COMPAT_URI))))
        return;
    if ((dom = DOM(virDomainLookupByName(ro, "test")))) {
        compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
                              "<domainsnapshot><name>ro</name></domainsnapshot>", 0)));
        compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
                              "<domainsnapshot><name>ro</name></domainsnapshot>", BAD)));
        if ((snap = SNAP(virDomainSnapshotLookupByName(dom, "s1", 0)))) {
            INT(virDomainRevertToSnapshot(snap, 0));
            INT(virDomainSnapshotDelete(snap, 0));
            STR(virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE));
            compat_print_xml("virDomainSnapshotGetXMLDesc(snap, 0)",
                             virDomainSnapshotGetXMLDesc(snap, 0));
            INT(virDomainSnapshotIsCurrent(snap, 0));
            virDomainSnapshotFree(snap);
        }
        INT(virDomainSnapshotNum(dom, 0));
        virDomainFree(dom);
    }
    INT(virConnectClose(ro));
}


static void
check_unknown_names(virDomainPtr dom)
{
    virDomainSnapshotPtr gone;
    char *names[2];

    compat_section("unknown and deleted snapshots");
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(dom, "nosuch", 0)));
    compat_take(dom, "gone", NULL, 0);
    if (!(gone = SNAP(virDomainSnapshotLookupByName(dom, "gone", 0))))
        return;
    INT(virDomainSnapshotRef(gone));
    INT(virDomainSnapshotFree(gone));
    INT(virDomainSnapshotDelete(gone, 0));
    CSTR(virDomainSnapshotGetName(gone));
    STR(virDomainSnapshotGetXMLDesc(gone, 0));
    INT(virDomainSnapshotNumChildren(gone, 0));
    INT(virDomainSnapshotListChildrenNames(gone, names, 2, 0));
    INT(virDomainSnapshotListAllChildren(gone, NULL, 0));
    compat_free_snap(SNAP(virDomainSnapshotGetParent(gone, 0)));
    INT(virDomainSnapshotIsCurrent(gone, 0));
    INT(virDomainSnapshotHasMetadata(gone, 0));
    INT(virDomainRevertToSnapshot(gone, 0));
    INT(virDomainSnapshotDelete(gone, 0));
    INT(virDomainSnapshotFree(gone));
}


static void
check_no_current(virDomainPtr dom)
{
    virDomainSnapshotPtr root;

    compat_section("no current snapshot, root without parent");
    compat_print_current(dom);
    INT(virDomainHasCurrentSnapshot(dom, 0));
    compat_take(dom, "root", NULL, 0);
    if ((root = SNAP(virDomainSnapshotLookupByName(dom, "root", 0)))) {
        compat_free_snap(SNAP(virDomainSnapshotGetParent(root, 0)));
        INT(virDomainSnapshotDelete(root, 0));
        virDomainSnapshotFree(root);
    }
    compat_free_snap(SNAP(virDomainSnapshotCurrent(dom, 0)));
    INT(virDomainHasCurrentSnapshot(dom, 0));
}


/* A redefinable snapshot of the domain's own definition (owned). */
static char *
snapshot_xml(virDomainPtr dom, const char *name, const char *parent,
             const char *state, const char *extra)
{
    char *domxml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    char *xml;
    size_t len;

    if (!domxml)
        return NULL;
    len = strlen(domxml) + 512 + (extra ? strlen(extra) : 0);
    xml = malloc(len);
    snprintf(xml, len,
             "<domainsnapshot><name>%s</name>%s%s%s<state>%s</state>"
             "<creationTime>1000</creationTime>%s%s</domainsnapshot>",
             name, parent ? "<parent><name>" : "", parent ? parent : "",
             parent ? "</name></parent>" : "", state, extra ? extra : "",
             domxml);
    free(domxml);
    return xml;
}


static void
redefine(virDomainPtr dom, const char *name, const char *parent,
         const char *state, const char *extra, unsigned int flags)
{
    char *xml = snapshot_xml(dom, name, parent, state, extra);
    virDomainSnapshotPtr snap;

    if (!xml)
        return;
    snap = virDomainSnapshotCreateXML(dom, xml,
                                      VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | flags);
    compat_say("redefine %s parent=%s state=%s flags=0x%x = %s", name,
               parent ? parent : "(none)", state, flags, snap ? "ok" : "failed");
    if (!snap)
        compat_print_error();
    compat_free_snap(snap);
    free(xml);
}


/* Redefines "u" with a definition of the domain under another UUID. */
static void
redefine_other_uuid(virDomainPtr dom)
{
    static const char uuid[] = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    char *xml = snapshot_xml(dom, "u", NULL, "running", NULL);
    char *at = xml ? strstr(xml, uuid) : NULL;
    virDomainSnapshotPtr snap;

    if (!at) {
        free(xml);
        return;
    }
    memcpy(at, "11111111", 8);
    snap = SNAP(virDomainSnapshotCreateXML(dom, xml,
                                           VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE));
    compat_free_snap(snap);
    free(xml);
}


static void
check_redefine(virDomainPtr dom)
{
    compat_section("redefinitions that would break the hierarchy");
    compat_take(dom, "a", NULL, 0);
    compat_take(dom, "b", NULL, 0);
    compat_take(dom, "c", NULL, 0);
    redefine(dom, "orphan", "nosuch", "running", NULL, 0);
    redefine(dom, "a", "a", "running", NULL, 0);
    redefine(dom, "a", "c", "running", NULL, 0);
    redefine(dom, "a", "b", "running", NULL, 0);
    redefine(dom, "b", "b", "running", NULL, 0);
    redefine(dom, "a", NULL, "shutoff", NULL, 0);
    redefine(dom, "a", NULL, "disk-snapshot", NULL, 0);
    redefine_other_uuid(dom);
    compat_print_tree(dom);

    compat_section("redefinitions that are accepted");
    redefine(dom, "a", NULL, "running", "<description>again</description>", 0);
    compat_print_tree(dom);
    redefine(dom, "b", "a", "paused", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
    compat_print_tree(dom);
    redefine(dom, "d", "a", "shutoff", NULL, 0);
    redefine(dom, "e", NULL, "running", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
    redefine(dom, "c", "e", "running", NULL, 0);
    compat_print_tree(dom);
    compat_print_parents(dom);
    compat_delete_all(dom);
}


static void
check_bad_xml(virDomainPtr dom)
{
    compat_section("bad snapshot XML");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, "<domainsnapshot", 0)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, "<domain/>", 0)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, "", 0)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><name>m</name><memory snapshot='bogus'/></domainsnapshot>", 0)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><name>m</name><state>running</state></domainsnapshot>",
        VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><description>no name</description></domainsnapshot>",
        VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><name>u</name><bogus/></domainsnapshot>", 0)));
    compat_delete(dom, "u", 0);
    INT(virDomainSnapshotNum(dom, 0));
}


static void
check_validate(virDomainPtr dom)
{
    compat_section("schema validation [diverges: the schema error names the "
                   "schema file, which is libvirt's installed one or "
                   "snapvirt's built-in one]");
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom,
        "<domainsnapshot><name>u</name><bogus/></domainsnapshot>",
        VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE)));
    INT(virDomainSnapshotNum(dom, 0));
}


static void
check_names(virDomainPtr dom)
{
    static const char *const names[] = { "a/b", ".", "..", "a b", "x&amp;y" };

    compat_section("unusual snapshot names [diverges: snapvirt refuses names "
                   "with '/' and the names '.' and '..', which libvirt's test "
                   "driver accepts]");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        compat_take(dom, names[i], NULL, 0);
    compat_print_tree(dom);
    compat_delete_all(dom);
    INT(virDomainSnapshotNum(dom, 0));
}


static const char other_xml[] =
    "<domain type='test'><name>other</name>"
    "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<memory>1048576</memory><os><type>hvm</type></os></domain>";


static void
check_undefine(virConnectPtr conn)
{
    virDomainPtr dom;

    compat_section("undefine with snapshot metadata");
    if (!(dom = DOM(virDomainDefineXML(conn, other_xml))))
        return;
    compat_take(dom, "o1", NULL, 0);
    compat_take(dom, "o2", NULL, 0);
    INT(virDomainUndefine(dom));
    INT(virDomainUndefineFlags(dom, 0));
    INT(virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA));
    compat_print_exists(conn, "other");
    virDomainFree(dom);

    compat_section("undefine a running domain with snapshot metadata");
    if (!(dom = DOM(virDomainDefineXML(conn, other_xml))))
        return;
    INT(virDomainCreate(dom));
    compat_take(dom, "o1", NULL, 0);
    INT(virDomainUndefine(dom));
    INT(virDomainIsPersistent(dom));
    INT(virDomainSnapshotNum(dom, 0));
    compat_take(dom, "o3", NULL, VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    INT(virDomainDestroy(dom));

    compat_section("snapshot calls on a domain that is gone");
    INT(virDomainSnapshotNum(dom, 0));
    compat_free_snap(SNAP(virDomainSnapshotLookupByName(dom, "o1", 0)));
    compat_free_snap(SNAP(virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0)));
    INT(virDomainHasCurrentSnapshot(dom, 0));
    virDomainFree(dom);
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainSnapshotPtr s1;

    if (!(dom = compat_begin(&conn)))
        return 1;
    check_null_snapshot();
    check_null_domain();
    check_no_current(dom);
    compat_take(dom, "s1", NULL, 0);
    if (!(s1 = SNAP(virDomainSnapshotLookupByName(dom, "s1", 0))))
        return 1;
    check_bad_arguments(dom, s1);
    check_unknown_flags(dom, s1);
    check_exclusive_flags(dom, s1);
    check_read_only();
    check_unknown_names(dom);
    virDomainSnapshotDelete(s1, 0);
    virDomainSnapshotFree(s1);
    check_redefine(dom);
    check_bad_xml(dom);
    check_validate(dom);
    check_names(dom);
    check_undefine(conn);
    return compat_end(conn, dom);
}
