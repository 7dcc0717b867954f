/*
 * test-api-snapshot.c: the snapshot API on the test driver — hierarchy,
 * listing, current, redefine, delete, revert and their error paths
 *
 * Every case opens its own connection to test:///default and closes it,
 * which resets the shared default host.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

typedef apiFixture fixture;

static void
setUp(fixture *f)
{
    apiSetUp(f, NULL, "test");
}


static void
tearDown(fixture *f)
{
    apiTearDown(f);
}


/* Builds libvirt's virsh-snapshot test tree:
 *   s1 -> s3 -> s2, s6 -> s5, s4 ;  s1 -> s7 -> s8   (current s8) */
static void
buildTree(virDomainPtr dom)
{
    CHECK_INT(apiSnap(dom, "s1", 0), 0);
    CHECK_INT(apiSnap(dom, "s3", 0), 0);
    CHECK_INT(apiSnap(dom, "s2", 0), 0);
    CHECK_INT(apiRevert(dom, "s3", 0), 0);
    CHECK_INT(apiSnap(dom, "s6", 0), 0);
    CHECK_INT(apiSnap(dom, "s5", 0), 0);
    CHECK_INT(apiRevert(dom, "s6", 0), 0);
    CHECK_INT(apiSnap(dom, "s4", 0), 0);
    CHECK_INT(apiRevert(dom, "s1", 0), 0);
    CHECK_INT(apiSnap(dom, "s7", 0), 0);
    CHECK_INT(apiSnap(dom, "s8", 0), 0);
}


#define CHECK_LIST(dom, from, flags, expected) \
    do { \
        g_autofree char *_l = apiList(dom, from, flags); \
        CHECK_STR(_l, expected); \
    } while (0)

#define CHECK_CURRENT(dom, expected) \
    do { g_autofree char *_c = apiCurrent(dom); CHECK_STR(_c, expected); } while (0)

#define CHECK_PARENT(dom, name, expected) \
    do { g_autofree char *_p = apiParent(dom, name); CHECK_STR(_p, expected); } while (0)


static void
test_create_makes_a_child_of_current_and_becomes_current(void)
{
    fixture f;

    setUp(&f);
    CHECK_CURRENT(f.dom, "-");
    CHECK_INT(virDomainHasCurrentSnapshot(f.dom, 0), 0);
    CHECK_INT(apiSnap(f.dom, "a", 0), 0);
    CHECK_INT(apiSnap(f.dom, "b", 0), 0);
    CHECK_CURRENT(f.dom, "b");
    CHECK_PARENT(f.dom, "b", "a");
    CHECK_PARENT(f.dom, "a", "-");
    CHECK_INT(virDomainHasCurrentSnapshot(f.dom, 0), 1);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 2);
    tearDown(&f);
}


static void
test_create_without_name_uses_creation_time(void)
{
    fixture f;
    virDomainSnapshotPtr snap;
    long long before = g_get_real_time() / G_USEC_PER_SEC;

    setUp(&f);
    snap = virDomainSnapshotCreateXML(f.dom, "<domainsnapshot/>", 0);
    CHECK(snap != NULL);
    if (snap) {
        long long t = atoll(virDomainSnapshotGetName(snap));

        CHECK(t >= before && t <= before + 5);
        virDomainSnapshotFree(snap);
    }
    tearDown(&f);
}


static void
test_create_refuses_a_taken_name(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "dup", 0), 0);
    CHECK_INT(apiSnap(f.dom, "dup", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_FAILED, "domain moment dup already exists");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    tearDown(&f);
}


static void
test_create_refuses_unsafe_names(void)
{
    fixture f;
    const char *bad[] = { "a/b", ".", "..", "/etc" };
    g_autofree char *longName = g_strnfill(201, 'x');
    g_autofree char *okName = g_strnfill(200, 'y');

    setUp(&f);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        CHECK_INT(apiSnap(f.dom, bad[i], 0), -1);
        CHECK_ERROR(VIR_ERR_XML_ERROR, "invalid snapshot name");
    }
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name></name></domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "must not be empty");
    CHECK_INT(apiSnap(f.dom, longName, 0), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "longer than 200 bytes");
    CHECK_INT(apiSnap(f.dom, okName, 0), 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    tearDown(&f);
}


static void
test_bad_xml_is_refused_with_xml_errors(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>x</name>", 0), -1);
    CHECK_ERROR(VIR_ERR_XML_DETAIL, "(domain_snapshot):1:");
    CHECK_INT(apiSnap(f.dom, "<foo/>", 0), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "expecting root element of 'domainsnapshot', not 'foo'");
    CHECK_INT(apiSnap(f.dom, "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                             "<domainsnapshot><name>&e;</name></domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "document type declarations are not allowed");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><memory snapshot='bogus'/></domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "Invalid value for attribute 'snapshot'");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);
    tearDown(&f);
}


static void
test_validate_flag_checks_the_schema(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>v</name><bogus/></domainsnapshot>",
                      VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE), -1);
    CHECK_ERROR(VIR_ERR_XML_INVALID_SCHEMA, "bogus");
    /* Without VALIDATE, unknown elements are ignored, as in libvirt. */
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>v</name><bogus/></domainsnapshot>", 0), 0);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>w</name><description>d</description>"
                             "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE), 0);
    tearDown(&f);
}


static void
test_reverting_and_creating_branches_the_tree(void)
{
    fixture f;

    setUp(&f);
    buildTree(f.dom);
    CHECK_CURRENT(f.dom, "s8");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, "s1");
    CHECK_LIST(f.dom, "s1", 0, "s3 s7");
    CHECK_LIST(f.dom, "s3", 0, "s2 s6");
    CHECK_LIST(f.dom, "s6", 0, "s4 s5");
    CHECK_LIST(f.dom, "s7", 0, "s8");
    CHECK_LIST(f.dom, "s3", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, "s2 s4 s5 s6");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, "s2 s4 s5 s8");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, "s1 s3 s6 s7");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, "");
    CHECK_LIST(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS |
               VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, "s2 s4 s5 s8");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_METADATA, "s1 s2 s3 s4 s5 s6 s7 s8");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, "");
    tearDown(&f);
}


static void
test_counts_and_name_lists_match_listings(void)
{
    fixture f;
    unsigned int flagsets[] = {
        0, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
        VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, VIR_DOMAIN_SNAPSHOT_LIST_METADATA,
        VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE,
        VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE, VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL,
        VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL,
        VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
    };

    setUp(&f);
    buildTree(f.dom);
    for (size_t i = 0; i < G_N_ELEMENTS(flagsets); i++) {
        virDomainSnapshotPtr s3 = virDomainSnapshotLookupByName(f.dom, "s3", 0);
        virDomainSnapshotPtr *all = NULL;
        char *names[16] = { NULL };
        int n = virDomainListAllSnapshots(f.dom, &all, flagsets[i]);

        CHECK(n >= 0);
        CHECK_INT(virDomainListAllSnapshots(f.dom, NULL, flagsets[i]), n);
        CHECK_INT(virDomainSnapshotNum(f.dom, flagsets[i]), n);
        CHECK_INT(virDomainSnapshotListNames(f.dom, names, 16, flagsets[i]), n);
        CHECK(all && all[n] == NULL);
        for (int j = 0; j < n; j++) {
            CHECK_STR(names[j], virDomainSnapshotGetName(all[j]));
            virDomainSnapshotFree(all[j]);
            free(names[j]);
        }
        free(all);
        all = NULL;
        n = virDomainSnapshotListAllChildren(s3, &all, flagsets[i]);
        CHECK_INT(virDomainSnapshotNumChildren(s3, flagsets[i]), n);
        CHECK_INT(virDomainSnapshotListChildrenNames(s3, names, 16, flagsets[i]), n);
        for (int j = 0; j < n; j++) {
            virDomainSnapshotFree(all[j]);
            free(names[j]);
        }
        free(all);
        virDomainSnapshotFree(s3);
    }
    tearDown(&f);
}


static void
test_name_list_stops_at_nameslen(void)
{
    fixture f;
    char *names[3] = { NULL, NULL, NULL };

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(virDomainSnapshotListNames(f.dom, names, 2, 0), 2);
    CHECK(names[2] == NULL);
    free(names[0]);
    free(names[1]);
    CHECK_INT(virDomainSnapshotListNames(f.dom, names, 0, 0), 0);
    CHECK_INT(virDomainSnapshotListNames(f.dom, names, -1, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "nameslen in virDomainSnapshotListNames must be zero or greater");
    CHECK_INT(virDomainSnapshotListNames(f.dom, NULL, 2, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "names in virDomainSnapshotListNames must not be NULL");
    tearDown(&f);
}


static void
test_topological_listing_puts_parents_first(void)
{
    fixture f;
    virDomainSnapshotPtr *all = NULL;
    int n;

    setUp(&f);
    buildTree(f.dom);
    n = virDomainListAllSnapshots(f.dom, &all, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    CHECK_INT(n, 8);
    for (int i = 0; i < n; i++) {
        g_autofree char *parent = apiParent(f.dom, virDomainSnapshotGetName(all[i]));

        if (strcmp(parent, "-") != 0) {
            bool before = false;

            for (int j = 0; j < i; j++)
                before |= strcmp(virDomainSnapshotGetName(all[j]), parent) == 0;
            CHECK(before);
        }
    }
    for (int i = 0; i < n; i++)
        virDomainSnapshotFree(all[i]);
    free(all);
    tearDown(&f);
}


static void
test_lookups_of_missing_things_fail_with_no_domain_snapshot(void)
{
    fixture f;
    virDomainSnapshotPtr snap;

    setUp(&f);
    CHECK(virDomainSnapshotLookupByName(f.dom, "nosuch", 0) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_SNAPSHOT, "no domain snapshot with matching name 'nosuch'");
    CHECK(virDomainSnapshotCurrent(f.dom, 0) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_SNAPSHOT, "the domain does not have a current snapshot");
    CHECK_INT(apiSnap(f.dom, "root", 0), 0);
    snap = virDomainSnapshotLookupByName(f.dom, "root", 0);
    CHECK(virDomainSnapshotGetParent(snap, 0) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_SNAPSHOT, "snapshot 'root' does not have a parent");
    CHECK_INT(virDomainSnapshotIsCurrent(snap, 0), 1);
    CHECK_INT(virDomainSnapshotHasMetadata(snap, 0), 1);
    CHECK_INT(apiDelete(f.dom, "root", 0), 0);
    /* A handle outliving its snapshot fails cleanly. */
    CHECK_INT(virDomainSnapshotIsCurrent(snap, 0), -1);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_SNAPSHOT, "'root'");
    CHECK(virDomainSnapshotGetXMLDesc(snap, 0) == NULL);
    CHECK_INT(virDomainRevertToSnapshot(snap, 0), -1);
    CHECK_INT(virDomainSnapshotDelete(snap, 0), -1);
    CHECK_INT(virDomainSnapshotNumChildren(snap, 0), -1);
    virDomainSnapshotFree(snap);
    tearDown(&f);
}


static void
test_handles_report_their_name_domain_and_connection(void)
{
    fixture f;
    virDomainSnapshotPtr snap;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "h", 0), 0);
    snap = virDomainSnapshotLookupByName(f.dom, "h", 0);
    CHECK_STR(virDomainSnapshotGetName(snap), "h");
    CHECK_STR(virDomainGetName(virDomainSnapshotGetDomain(snap)), "test");
    CHECK(virDomainSnapshotGetConnect(snap) == f.conn);
    CHECK_INT(virDomainSnapshotRef(snap), 0);
    CHECK_INT(virDomainSnapshotFree(snap), 0);
    CHECK_INT(virDomainSnapshotFree(snap), 0);
    CHECK(virDomainSnapshotGetName(NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, "virDomainSnapshotGetName");
    CHECK_INT(virDomainSnapshotFree(NULL), -1);
    CHECK_INT(virDomainRevertToSnapshot(NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, "virDomainRevertToSnapshot");
    CHECK(virDomainSnapshotCreateXML(NULL, "<domainsnapshot/>", 0) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_DOMAIN, "virDomainSnapshotCreateXML");
    CHECK(virDomainSnapshotCreateXML(f.dom, NULL, 0) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "xmlDesc in virDomainSnapshotCreateXML must not be NULL");
    CHECK(virDomainSnapshotLookupByName(f.dom, NULL, 0) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "name in virDomainSnapshotLookupByName must not be NULL");
    tearDown(&f);
}


static void
test_unknown_and_conflicting_flags_are_refused(void)
{
    fixture f;
    virDomainSnapshotPtr snap;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "x", 0), 0);
    snap = virDomainSnapshotLookupByName(f.dom, "x", 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 1 << 11), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x800)");
    CHECK_INT(apiSnap(f.dom, "y", 1 << 10), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x400)");
    CHECK(virDomainSnapshotLookupByName(f.dom, "x", 1) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x1)");
    CHECK_INT(virDomainSnapshotIsCurrent(snap, 1), -1);
    CHECK_INT(virDomainHasCurrentSnapshot(f.dom, 2), -1);
    CHECK_INT(virDomainRevertToSnapshot(snap, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and "
                "'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive");
    CHECK_INT(virDomainRevertToSnapshot(snap, VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x8)");
    CHECK_INT(virDomainSnapshotDelete(snap, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                                      VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "are mutually exclusive");
    CHECK_INT(apiSnap(f.dom, "y", VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required "
                "by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'");
    CHECK_INT(apiSnap(f.dom, "y", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                      VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "NO_METADATA' are mutually exclusive");
    CHECK_INT(apiSnap(f.dom, "y", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                      VIR_DOMAIN_SNAPSHOT_CREATE_HALT), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "HALT' are mutually exclusive");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    virDomainSnapshotFree(snap);
    tearDown(&f);
}


static void
test_read_only_connections_cannot_change_snapshots(void)
{
    fixture f;
    virConnectPtr ro;
    virDomainPtr rodom;
    virDomainSnapshotPtr snap;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "x", 0), 0);
    ro = virConnectOpenReadOnly("test:///default");
    rodom = virDomainLookupByName(ro, "test");
    snap = virDomainSnapshotLookupByName(rodom, "x", 0);
    CHECK(snap != NULL);
    CHECK_INT(apiSnap(rodom, "y", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only access prevents virDomainSnapshotCreateXML");
    CHECK_INT(virDomainRevertToSnapshot(snap, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainRevertToSnapshot");
    CHECK_INT(virDomainSnapshotDelete(snap, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainSnapshotDelete");
    CHECK(virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainSnapshotGetXMLDesc with secure flag");
    g_free(virDomainSnapshotGetXMLDesc(snap, 0));
    CHECK_INT(virDomainSnapshotNum(rodom, 0), 1);
    virDomainSnapshotFree(snap);
    virDomainFree(rodom);
    CHECK_INT(virConnectClose(ro), 0);
    tearDown(&f);
}


static void
test_delete_moves_children_to_parent_and_current_up(void)
{
    fixture f;

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(apiDelete(f.dom, "s3", 0), 0);
    CHECK_LIST(f.dom, "s1", 0, "s2 s6 s7");
    CHECK_PARENT(f.dom, "s6", "s1");
    CHECK_CURRENT(f.dom, "s8");
    CHECK_INT(apiDelete(f.dom, "s8", 0), 0);
    CHECK_CURRENT(f.dom, "s7");
    /* Deleting the current root leaves no current snapshot. */
    CHECK_INT(apiRevert(f.dom, "s1", 0), 0);
    CHECK_INT(apiDelete(f.dom, "s1", 0), 0);
    CHECK_CURRENT(f.dom, "-");
    CHECK_LIST(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, "s2 s6 s7");
    tearDown(&f);
}


static void
test_delete_children_removes_the_subtree(void)
{
    fixture f;

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(apiRevert(f.dom, "s4", 0), 0);
    CHECK_INT(apiDelete(f.dom, "s6", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0);
    CHECK_LIST(f.dom, NULL, 0, "s1 s2 s3 s7 s8");
    CHECK_CURRENT(f.dom, "s3");
    tearDown(&f);
}


static void
test_delete_children_only_keeps_the_snapshot(void)
{
    fixture f;

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(apiRevert(f.dom, "s4", 0), 0);
    CHECK_INT(apiDelete(f.dom, "s6", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
    CHECK_LIST(f.dom, NULL, 0, "s1 s2 s3 s6 s7 s8");
    CHECK_CURRENT(f.dom, "s6");
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
    CHECK_LIST(f.dom, NULL, 0, "s1");
    CHECK_CURRENT(f.dom, "s1");
    tearDown(&f);
}


static void
test_delete_metadata_only_forgets_the_snapshot(void)
{
    fixture f;

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(apiDelete(f.dom, "s7", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
    CHECK_PARENT(f.dom, "s8", "s1");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 7);
    tearDown(&f);
}


/* Dump every snapshot, forget them all, restore them from the dumps:
 * the hierarchy, current and XML come back identical. */
static void
test_redefine_restores_dumped_metadata_exactly(void)
{
    fixture f;
    const char *order[] = { "s1", "s3", "s2", "s6", "s5", "s4", "s7", "s8" };
    char *xml[G_N_ELEMENTS(order)];

    setUp(&f);
    buildTree(f.dom);
    CHECK_INT(apiRevert(f.dom, "s6", 0), 0);
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++)
        xml[i] = apiSnapXML(f.dom, order[i]);
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                        VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);

    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                             VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;

        if (strcmp(order[i], "s6") == 0)
            flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
        CHECK_INT(apiSnap(f.dom, xml[i], flags), 0);
    }
    CHECK_CURRENT(f.dom, "s6");
    CHECK_LIST(f.dom, "s3", 0, "s2 s6");
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        g_autofree char *again = apiSnapXML(f.dom, order[i]);

        CHECK_STR(again, xml[i]);
        g_free(xml[i]);
    }
    tearDown(&f);
}


/* A running domain's persistent definition (<inactiveDomain>) survives a
 * redefine and the metadata; a driver's <cookie> is not kept (libvirt's
 * test driver drops it too). */
static void
test_redefine_keeps_the_inactive_definition(void)
{
    fixture f;
    g_autofree char *dump = NULL;
    g_autofree char *domxml = NULL;
    g_autoptr(GString) inactive = NULL;
    g_autoptr(GString) xml = NULL;
    g_autofree char *again = NULL;
    g_autofree char *bad = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", 0), 0);
    CHECK((dump = apiSnapXML(f.dom, "s1")));
    CHECK_INT(apiDelete(f.dom, "s1", 0), 0);
    /* The domain's definition again, renamed, with half the memory. */
    CHECK((domxml = virDomainGetXMLDesc(f.dom, VIR_DOMAIN_XML_INACTIVE)));
    inactive = g_string_new(domxml);
    CHECK_INT(g_string_replace(inactive, "<memory unit='KiB'>8388608</memory>",
                               "<memory unit='KiB'>4194304</memory>", 0), 1);
    CHECK_INT(g_string_replace(inactive, "<domain ", "<inactiveDomain ", 0), 1);
    CHECK_INT(g_string_replace(inactive, "</domain>", "</inactiveDomain>", 0), 1);
    xml = g_string_new(dump);
    g_string_replace(xml, "</domainsnapshot>", "", 0);
    g_string_append_printf(xml, "%s<cookie><cpu mode='custom'/></cookie></domainsnapshot>",
                           inactive->str);
    CHECK_INT(apiSnap(f.dom, xml->str, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                      VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE), 0);
    CHECK((again = apiSnapXML(f.dom, "s1")));
    CHECK_CONTAINS(again, "<inactiveDomain type='test'>\n    <name>test</name>");
    CHECK_CONTAINS(again, "<memory unit='KiB'>4194304</memory>");
    CHECK_CONTAINS(again, "<memory unit='KiB'>8388608</memory>");
    CHECK(!strstr(again, "<cookie>"));

    /* A broken one is refused like a broken <domain>. */
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
    bad = g_strdup_printf("%.*s<inactiveDomain type='test'><name>x</name></inactiveDomain>"
                          "</domainsnapshot>",
                          (int)(strstr(dump, "</domainsnapshot>") - dump), dump);
    CHECK_INT(apiSnap(f.dom, bad, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "Memory size must be specified");
    tearDown(&f);
}


static void
test_redefine_checks_parents_and_cycles(void)
{
    fixture f;
    g_autofree char *s2 = NULL;
    g_autofree char *s1 = NULL;
    g_autofree char *cyc = NULL;
    const char *self = "<domainsnapshot><name>me</name><state>running</state>"
                       "<creationTime>1</creationTime><parent><name>me</name></parent>"
                       "</domainsnapshot>";

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", 0), 0);
    CHECK_INT(apiSnap(f.dom, "s2", 0), 0);
    s1 = apiSnapXML(f.dom, "s1");
    s2 = apiSnapXML(f.dom, "s2");
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0);

    CHECK_INT(apiSnap(f.dom, s2, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "parent s1 for moment s2 not found");
    CHECK_INT(apiSnap(f.dom, self, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "cannot set moment me as its own parent");
    CHECK_INT(apiSnap(f.dom, s1, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), 0);
    CHECK_INT(apiSnap(f.dom, s2, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), 0);
    CHECK_CURRENT(f.dom, "-");

    /* Making s1 a child of its own child s2 would close a cycle. */
    cyc = g_strdup(s1);
    {
        char *p = strstr(cyc, "<creationTime>");
        g_autofree char *with = g_strdup_printf("%.*s<parent><name>s2</name></parent>%s",
                                                (int)(p - cyc), cyc, p);

        CHECK_INT(apiSnap(f.dom, with, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "parent s2 would create cycle to s1");
    }
    CHECK_PARENT(f.dom, "s2", "s1");
    tearDown(&f);
}


static void
test_redefine_can_move_and_make_current(void)
{
    fixture f;
    const char *moved = "<domainsnapshot><name>b</name><state>running</state>"
                        "<creationTime>7</creationTime><parent><name>c</name></parent>"
                        "</domainsnapshot>";

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "a", 0), 0);
    CHECK_INT(apiSnap(f.dom, "b", 0), 0);
    CHECK_INT(apiRevert(f.dom, "a", 0), 0);
    CHECK_INT(apiSnap(f.dom, "c", 0), 0);
    CHECK_INT(apiSnap(f.dom, moved, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                      VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT), 0);
    CHECK_PARENT(f.dom, "b", "c");
    CHECK_CURRENT(f.dom, "b");
    CHECK_LIST(f.dom, "a", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, "b c");
    /* Metadata lacking a domain cannot be redefined in from scratch. */
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>old</name><state>running</state>"
                             "<creationTime>1</creationTime></domainsnapshot>",
                      VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "missing domain in snapshot");
    tearDown(&f);
}


static void
test_redefine_refuses_inconsistent_metadata(void)
{
    fixture f;
    g_autofree char *xml = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "r", 0), 0);
    xml = apiSnapXML(f.dom, "r");
    {
        g_autofree char *off = g_strdup(xml);
        char *st = strstr(off, "<state>running</state>");
        char *mem = strstr(off, "<memory snapshot='internal'/>");

        /* Same length replacements: an offline snapshot has no memory. */
        memcpy(st, "<state>shutoff</state>", strlen("<state>shutoff</state>"));
        memcpy(mem, "<memory snapshot='no'      />", strlen("<memory snapshot='no'      />"));
        CHECK_INT(apiSnap(f.dom, off, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "cannot change between online and offline");
    }
    CHECK_INT(apiSnap(f.dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                      VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "requires disk-snapshot state");
    {
        g_autofree char *other = g_strdup(xml);
        char *u = strstr(other, "6695eb01");

        memcpy(u, "00000000", 8);
        CHECK_INT(apiSnap(f.dom, other, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "must use uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    }
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><state>running</state></domainsnapshot>",
                      VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "a redefined snapshot must have a name");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>n</name><state>running</state>"
                             "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "missing creationTime from existing snapshot");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>n</name><creationTime>1</creationTime>"
                             "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "missing state from existing snapshot");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    tearDown(&f);
}


static void
test_snapshot_xml_records_state_parent_disks_and_domain(void)
{
    fixture f;
    g_autofree char *xml = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>p</name>"
                             "<description>a &lt;b&gt; &amp; 'c'</description>"
                             "</domainsnapshot>", 0), 0);
    CHECK_INT(apiSnap(f.dom, "q", 0), 0);
    xml = apiSnapXML(f.dom, "q");
    CHECK_CONTAINS(xml, "<domainsnapshot>\n  <name>q</name>\n  <state>running</state>\n"
                        "  <parent>\n    <name>p</name>\n  </parent>\n  <creationTime>");
    CHECK_CONTAINS(xml, "<memory snapshot='internal'/>\n  <disks>\n"
                        "    <disk name='vda' snapshot='internal'/>\n  </disks>\n"
                        "  <domain type='test'>\n    <name>test</name>\n");
    CHECK(strstr(xml, "id='1'") == NULL);
    g_free(xml);
    xml = apiSnapXML(f.dom, "p");
    CHECK_CONTAINS(xml, "<description>a &lt;b&gt; &amp; &apos;c&apos;</description>");
    CHECK(strstr(xml, "<parent>") == NULL);
    tearDown(&f);
}


static const testCase tests[] = {
    TEST_CASE(test_create_makes_a_child_of_current_and_becomes_current),
    TEST_CASE(test_create_without_name_uses_creation_time),
    TEST_CASE(test_create_refuses_a_taken_name),
    TEST_CASE(test_create_refuses_unsafe_names),
    TEST_CASE(test_bad_xml_is_refused_with_xml_errors),
    TEST_CASE(test_validate_flag_checks_the_schema),
    TEST_CASE(test_reverting_and_creating_branches_the_tree),
    TEST_CASE(test_counts_and_name_lists_match_listings),
    TEST_CASE(test_name_list_stops_at_nameslen),
    TEST_CASE(test_topological_listing_puts_parents_first),
    TEST_CASE(test_lookups_of_missing_things_fail_with_no_domain_snapshot),
    TEST_CASE(test_handles_report_their_name_domain_and_connection),
    TEST_CASE(test_unknown_and_conflicting_flags_are_refused),
    TEST_CASE(test_read_only_connections_cannot_change_snapshots),
    TEST_CASE(test_delete_moves_children_to_parent_and_current_up),
    TEST_CASE(test_delete_children_removes_the_subtree),
    TEST_CASE(test_delete_children_only_keeps_the_snapshot),
    TEST_CASE(test_delete_metadata_only_forgets_the_snapshot),
    TEST_CASE(test_redefine_restores_dumped_metadata_exactly),
    TEST_CASE(test_redefine_keeps_the_inactive_definition),
    TEST_CASE(test_redefine_checks_parents_and_cycles),
    TEST_CASE(test_redefine_can_move_and_make_current),
    TEST_CASE(test_redefine_refuses_inconsistent_metadata),
    TEST_CASE(test_snapshot_xml_records_state_parent_disks_and_domain),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
