/*
 * test-api-external.c: external and disk-only snapshots on the test
 * driver's simulated disks: overlays, reverts that branch, deletes that
 * merge, and the flags libvirt's own test driver refuses (DISK_ONLY,
 * REUSE_EXT, NO_METADATA, METADATA_ONLY)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

#define DISK_ONLY VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY

typedef apiFixture fixture;

/* vm2 of tests/data/fixtures/two-disks.xml: running, vda on
 * /images/vm2-a.qcow2 (backed by /images/base.raw), vdb on
 * /images/vm2-b.qcow2, an empty cdrom hdc. */
static void
setUp(fixture *f)
{
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/two-disks.xml",
                                           testSourceDir());

    apiSetUp(f, uri, "vm2");
}


static void
tearDown(fixture *f)
{
    apiTearDown(f);
}


#define CHECK_CURRENT(dom, expected) \
    do { g_autofree char *_c = apiCurrent(dom); CHECK_STR(_c, expected); } while (0)

#define CHECK_STATE(dom, expected) \
    do { g_autofree char *_s = apiState(dom); CHECK_STR(_s, expected); } while (0)


static void
test_disk_only_snapshot_puts_an_overlay_on_each_disk(void)
{
    fixture f;
    g_autofree char *xml = NULL;
    g_autofree char *dom = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "d1", DISK_ONLY), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.d1 > /images/vm2-a.qcow2 > /images/base.raw");
    CHECK_CHAIN(f.dom, "vdb", "/images/vm2-b.d1 > /images/vm2-b.qcow2");
    CHECK_CHAIN(f.dom, "hdc", "");
    dom = virDomainGetXMLDesc(f.dom, 0);
    CHECK_CONTAINS(dom, "<driver name='qemu' type='qcow2'/>\n"
                        "      <source file='/images/vm2-a.d1'/>\n"
                        "      <backingStore type='file' index='1'>\n"
                        "        <format type='qcow2'/>\n"
                        "        <source file='/images/vm2-a.qcow2'/>\n"
                        "        <backingStore type='file' index='2'>\n"
                        "          <format type='raw'/>\n"
                        "          <source file='/images/base.raw'/>\n");

    xml = apiSnapXML(f.dom, "d1");
    CHECK_CONTAINS(xml, "<state>disk-snapshot</state>");
    CHECK_CONTAINS(xml, "<memory snapshot='no'/>");
    CHECK_CONTAINS(xml, "<disk name='vda' snapshot='external' type='file'>\n"
                        "      <driver type='qcow2'/>\n"
                        "      <source file='/images/vm2-a.d1'/>\n    </disk>");
    CHECK_CONTAINS(xml, "<disk name='hdc' snapshot='no'/>");
    /* The snapshot keeps the definition from before the overlays. */
    CHECK_CONTAINS(xml, "<source file='/images/vm2-a.qcow2'/>\n        <backingStore");

    g_free(xml);
    xml = apiList(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY);
    CHECK_STR(xml, "d1");
    g_free(xml);
    xml = apiList(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL);
    CHECK_STR(xml, "d1");
    g_free(xml);
    xml = apiList(f.dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL |
                  VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE);
    CHECK_STR(xml, "");
    CHECK_STATE(f.dom, "1/0");
    tearDown(&f);
}


static void
test_default_domain_overlay_is_named_after_the_snapshot(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainLookupByName(conn, "test");

    CHECK_INT(apiSnap(dom, "s1", DISK_ONLY), 0);
    CHECK_CHAIN(dom, "vda", "/guest/diskimage1.s1 > /guest/diskimage1");
    CHECK_INT(apiSnap(dom, "s2", DISK_ONLY), 0);
    CHECK_CHAIN(dom, "vda", "/guest/diskimage1.s2 > /guest/diskimage1.s1 > /guest/diskimage1");
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_disk_specs_choose_overlay_paths_and_skip_disks(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>p</name><disks>"
                             "<disk name='vda' snapshot='external'>"
                             "<source file='/other/over.qcow2'/></disk>"
                             "<disk name='/images/vm2-b.qcow2' snapshot='no'/>"
                             "</disks></domainsnapshot>", DISK_ONLY), 0);
    CHECK_CHAIN(f.dom, "vda", "/other/over.qcow2 > /images/vm2-a.qcow2 > /images/base.raw");
    CHECK_CHAIN(f.dom, "vdb", "/images/vm2-b.qcow2");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>q</name><disks>"
                             "<disk name='vdz'/></disks></domainsnapshot>", DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "no disk named 'vdz'");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>q</name><disks>"
                             "<disk name='vda'/><disk name='vda'/></disks>"
                             "</domainsnapshot>", DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "disk 'vda' specified twice");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>q</name><disks>"
                             "<disk name='vda'><driver type='raw'/></disk></disks>"
                             "</domainsnapshot>", DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "external snapshot format for disk vda is unsupported: raw");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>q</name><disks>"
                             "<disk name='vda'><source file='rel/path'/></disk></disks>"
                             "</domainsnapshot>", DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "must be absolute");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>q</name><disks>"
                             "<disk name='vda' snapshot='internal'><source file='/x'/></disk>"
                             "</disks></domainsnapshot>", DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "requires use of external snapshot mode");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    tearDown(&f);
}


static void
test_existing_overlay_needs_reuse_ext(void)
{
    fixture f;
    virDomainPtr spare;
    const char *onSpare = "<domainsnapshot><name>r</name><disks>"
                          "<disk name='vda'><source file='/images/spare.qcow2'/></disk>"
                          "<disk name='vdb' snapshot='no'/></disks></domainsnapshot>";
    const char *onOwnBase = "<domainsnapshot><name>r</name><disks>"
                            "<disk name='vda'><source file='/images/base.raw'/></disk>"
                            "</disks></domainsnapshot>";

    setUp(&f);
    /* Leave an unused image behind: a domain defined then undefined. */
    spare = virDomainDefineXML(f.conn, "<domain type='test'><name>spare</name>"
                               "<memory>1024</memory><os><type>hvm</type></os><devices>"
                               "<disk type='file'><source file='/images/spare.qcow2'/>"
                               "<target dev='vda'/></disk></devices></domain>");
    CHECK(spare != NULL);
    CHECK_INT(virDomainUndefine(spare), 0);
    virDomainFree(spare);

    CHECK_INT(apiSnap(f.dom, onSpare, DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID,
                "external snapshot file for disk vda already exists and is not a block device: "
                "/images/spare.qcow2");
    CHECK_INT(apiSnap(f.dom, onOwnBase, DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "is part of the backing chain of disk vda");
    CHECK_INT(apiSnap(f.dom, onSpare, DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/spare.qcow2 > /images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_external_memory_snapshot_saves_memory_and_overlays_disks(void)
{
    fixture f;
    g_autofree char *xml = NULL;
    const char *mem = "<domainsnapshot><name>m</name>"
                      "<memory snapshot='external' file='/mem/m.save'/></domainsnapshot>";

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, mem, 0), 0);
    xml = apiSnapXML(f.dom, "m");
    CHECK_CONTAINS(xml, "<state>running</state>");
    CHECK_CONTAINS(xml, "<memory snapshot='external' file='/mem/m.save'/>");
    CHECK_CONTAINS(xml, "<disk name='vda' snapshot='external' type='file'>");
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.m > /images/vm2-a.qcow2 > /images/base.raw");
    CHECK_STATE(f.dom, "1/0");

    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>m2</name>"
                             "<memory snapshot='external' file='/mem/m.save'/>"
                             "</domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "memory state file '/mem/m.save' already exists");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>m4</name>"
                             "<memory snapshot='external' file='/mem/m4'/></domainsnapshot>",
                      DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "disk-only snapshot 'm4' cannot include memory state");
    CHECK_INT(virDomainDestroy(f.dom), 0);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>m3</name>"
                             "<memory snapshot='external' file='/mem/m3'/></domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot save the memory state of inactive domain 'vm2'");
    tearDown(&f);
}


static void
test_full_internal_snapshot_refuses_external_disks(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>i</name><disks>"
                             "<disk name='vda' snapshot='external'/></disks>"
                             "</domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "disk 'vda' must use snapshot mode 'internal'");
    /* Nor can it leave a disk out (libvirt 9.0 neither). */
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>i</name><disks>"
                             "<disk name='vdb' snapshot='no'/></disks></domainsnapshot>", 0), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "disk 'vdb' must use snapshot mode 'internal'");
    CHECK_INT(apiSnap(f.dom, "<domainsnapshot><name>i</name><disks>"
                             "<disk name='vdb' snapshot='internal'/></disks></domainsnapshot>", 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_a_failing_snapshot_changes_nothing(void)
{
    fixture f;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    const char *bad = "<domainsnapshot><name>bad</name><disks>"
                      "<disk name='vda'/>"
                      "<disk name='vdb'><source file='/images/base.raw'/></disk>"
                      "</disks></domainsnapshot>";

    setUp(&f);
    before = virDomainGetXMLDesc(f.dom, 0);
    CHECK_INT(apiSnap(f.dom, bad, DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "external snapshot file for disk vdb already exists");
    after = virDomainGetXMLDesc(f.dom, 0);
    CHECK_STR(after, before);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);
    /* vda's overlay was not left behind: the same name is still free. */
    CHECK_INT(apiSnap(f.dom, "bad", DISK_ONLY), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.bad > /images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_no_metadata_changes_disks_but_keeps_no_snapshot(void)
{
    fixture f;
    virDomainSnapshotPtr snap;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "keep", DISK_ONLY), 0);
    snap = virDomainSnapshotCreateXML(f.dom, "<domainsnapshot><name>nm</name></domainsnapshot>",
                                      DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA);
    CHECK(snap != NULL);
    CHECK_STR(virDomainSnapshotGetName(snap), "nm");
    CHECK_INT(virDomainSnapshotHasMetadata(snap, 0), -1);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_SNAPSHOT, "'nm'");
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 1);
    CHECK_CURRENT(f.dom, "keep");
    CHECK_CHAIN(f.dom, "vdb", "/images/vm2-b.nm > /images/vm2-b.keep > /images/vm2-b.qcow2");
    virDomainSnapshotFree(snap);
    tearDown(&f);
}


static void
test_halt_stops_the_domain_after_the_snapshot(void)
{
    fixture f;
    virDomainPtr transient;
    g_autofree char *xml = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "h", DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_HALT), 0);
    CHECK_STATE(f.dom, "5/7");
    CHECK_INT(virDomainGetID(f.dom), (unsigned int)-1);
    xml = apiSnapXML(f.dom, "h");
    CHECK_CONTAINS(xml, "<state>disk-snapshot</state>");
    /* Shut off now: a new disk-only snapshot records "shutoff". */
    CHECK_INT(apiSnap(f.dom, "off", DISK_ONLY), 0);
    g_free(xml);
    xml = apiSnapXML(f.dom, "off");
    CHECK_CONTAINS(xml, "<state>shutoff</state>");

    transient = virDomainCreateXML(f.conn, "<domain type='test'><name>tr</name>"
                                   "<memory>1024</memory><os><type>hvm</type></os></domain>", 0);
    CHECK(transient != NULL);
    CHECK_INT(apiSnap(transient, "t", VIR_DOMAIN_SNAPSHOT_CREATE_HALT), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot halt after transient domain snapshot");
    virDomainFree(transient);
    tearDown(&f);
}


static void
test_revert_to_external_snapshot_branches_on_the_frozen_image(void)
{
    fixture f;
    unsigned int run = VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    CHECK_INT(apiSnap(f.dom, "s2", DISK_ONLY), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s2 > /images/vm2-a.s1 > /images/vm2-a.qcow2 > /images/base.raw");

    /* Reverting a running guest to a disk-only (offline) state while
     * asking it to run needs FORCE. */
    CHECK_INT(apiRevert(f.dom, "s1", run), -1);
    CHECK_ERROR(VIR_ERR_SNAPSHOT_REVERT_RISKY, "must respawn guest to start inactive snapshot");
    CHECK_INT(apiRevert(f.dom, "s1", run | VIR_DOMAIN_SNAPSHOT_REVERT_FORCE), 0);
    CHECK_STATE(f.dom, "1/4");
    CHECK_CURRENT(f.dom, "s1");
    /* s1's own overlay carries s2, so the new branch gets a fresh one. */
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s1-1 > /images/vm2-a.qcow2 > /images/base.raw");
    CHECK_CHAIN(f.dom, "vdb", "/images/vm2-b.s1-1 > /images/vm2-b.qcow2");

    /* The other branch is intact: back to s2, whose overlay nothing uses. */
    CHECK_INT(apiRevert(f.dom, "s2", 0), 0);
    CHECK_STATE(f.dom, "5/7");
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s2 > /images/vm2-a.s1 > /images/vm2-a.qcow2 > /images/base.raw");
    CHECK_INT(apiSnap(f.dom, "s3", DISK_ONLY), 0);
    CHECK_INT(apiRevert(f.dom, "s1", 0), 0);
    /* The first branch's overlay was dropped when the domain left it (no
     * snapshot used it), so its name is free again. */
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s1-1 > /images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_delete_merges_the_overlay_and_rewrites_children(void)
{
    fixture f;
    g_autofree char *xml = NULL;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    CHECK_INT(apiSnap(f.dom, "s2", DISK_ONLY), 0);
    CHECK_INT(apiDelete(f.dom, "s1", 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s2 > /images/vm2-a.qcow2 > /images/base.raw");
    xml = apiSnapXML(f.dom, "s2");
    CHECK(strstr(xml, "vm2-a.s1") == NULL);
    CHECK_CONTAINS(xml, "<source file='/images/vm2-a.s2'/>");
    CHECK_CONTAINS(xml, "<source file='/images/vm2-a.qcow2'/>");
    {
        g_autofree char *parent = apiParent(f.dom, "s2");

        CHECK_STR(parent, "-");
    }
    CHECK_INT(apiDelete(f.dom, "s2", 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.qcow2 > /images/base.raw");
    CHECK_CHAIN(f.dom, "vdb", "/images/vm2-b.qcow2");
    /* The merged overlays are gone: their names can be used again. */
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    tearDown(&f);
}


static void
test_delete_keeps_an_image_two_branches_share(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    CHECK_INT(apiSnap(f.dom, "s2", DISK_ONLY), 0);
    CHECK_INT(apiRevert(f.dom, "s1", 0), 0);
    CHECK_INT(apiDelete(f.dom, "s1", 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s1-1 > /images/vm2-a.qcow2 > /images/base.raw");
    /* s2's branch still stands on the shared image. */
    CHECK_INT(apiRevert(f.dom, "s2", 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s2 > /images/vm2-a.s1 > /images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_delete_children_merges_the_whole_chain(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    CHECK_INT(apiSnap(f.dom, "s2", DISK_ONLY), 0);
    CHECK_INT(apiSnap(f.dom, "s3", DISK_ONLY), 0);
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);
    CHECK_CURRENT(f.dom, "-");
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_delete_metadata_only_keeps_the_images(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    CHECK_INT(apiDelete(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
    CHECK_INT(virDomainSnapshotNum(f.dom, 0), 0);
    CHECK_CHAIN(f.dom, "vda", "/images/vm2-a.s1 > /images/vm2-a.qcow2 > /images/base.raw");
    tearDown(&f);
}


static void
test_pending_persistent_definition_gets_the_overlay_too(void)
{
    fixture f;
    g_autofree char *xml = NULL;
    g_autofree char *inactive = NULL;
    virDomainPtr again;

    setUp(&f);
    xml = virDomainGetXMLDesc(f.dom, VIR_DOMAIN_XML_INACTIVE);
    {
        /* Same guest, more memory: becomes the definition for next boot. */
        char *m = strstr(xml, "524288</memory>");

        memcpy(m, "624288", 6);
    }
    again = virDomainDefineXML(f.conn, xml);
    CHECK(again != NULL);
    CHECK_INT(apiSnap(f.dom, "s1", DISK_ONLY), 0);
    inactive = apiChain(f.dom, "vda", VIR_DOMAIN_XML_INACTIVE);
    CHECK_STR(inactive, "/images/vm2-a.s1 > /images/vm2-a.qcow2 > /images/base.raw");
    g_free(xml);
    xml = virDomainGetXMLDesc(f.dom, VIR_DOMAIN_XML_INACTIVE);
    CHECK_CONTAINS(xml, "<memory unit='KiB'>624288</memory>");
    virDomainFree(again);
    tearDown(&f);
}


static const testCase tests[] = {
    TEST_CASE(test_disk_only_snapshot_puts_an_overlay_on_each_disk),
    TEST_CASE(test_default_domain_overlay_is_named_after_the_snapshot),
    TEST_CASE(test_disk_specs_choose_overlay_paths_and_skip_disks),
    TEST_CASE(test_existing_overlay_needs_reuse_ext),
    TEST_CASE(test_external_memory_snapshot_saves_memory_and_overlays_disks),
    TEST_CASE(test_full_internal_snapshot_refuses_external_disks),
    TEST_CASE(test_a_failing_snapshot_changes_nothing),
    TEST_CASE(test_no_metadata_changes_disks_but_keeps_no_snapshot),
    TEST_CASE(test_halt_stops_the_domain_after_the_snapshot),
    TEST_CASE(test_revert_to_external_snapshot_branches_on_the_frozen_image),
    TEST_CASE(test_delete_merges_the_overlay_and_rewrites_children),
    TEST_CASE(test_delete_keeps_an_image_two_branches_share),
    TEST_CASE(test_delete_children_merges_the_whole_chain),
    TEST_CASE(test_delete_metadata_only_keeps_the_images),
    TEST_CASE(test_pending_persistent_definition_gets_the_overlay_too),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
