/*
 * test-api-fixture.c: test:///PATH hosts built from fixture files —
 * run states, transient and managed-save domains, inline snapshot trees,
 * file references, and the refusal of broken fixtures
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

static char *
fixtureURI(const char *name)
{
    return g_strdup_printf("test://%s/data/fixtures/%s", testSourceDir(), name);
}


#define CHECK_STATE(dom, expected) \
    do { g_autofree char *_s = apiState(dom); CHECK_STR(_s, expected); } while (0)


static void
test_fixture_domains_start_in_their_run_states(void)
{
    g_autofree char *uri = fixtureURI("snapshots.xml");
    virConnectPtr conn = apiOpen(uri);
    const char *names[] = { "vm1", "paused", "ephemeral", "saved", "referenced" };
    const char *states[] = { "5/0", "3/0", "1/0", "5/0", "1/0" };
    int persistent[] = { 1, 1, 0, 1, 1 };

    for (size_t i = 0; conn && i < G_N_ELEMENTS(names); i++) {
        virDomainPtr dom = virDomainLookupByName(conn, names[i]);

        CHECK(dom != NULL);
        if (!dom)
            continue;
        CHECK_STATE(dom, states[i]);
        CHECK_INT(virDomainIsPersistent(dom), persistent[i]);
        virDomainFree(dom);
    }
    CHECK_INT(virConnectNumOfDomains(conn), 3);
    CHECK_INT(virConnectListAllDomains(conn, NULL, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE), 1);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_fixture_snapshot_tree_and_current_are_restored(void)
{
    g_autofree char *uri = fixtureURI("snapshots.xml");
    virConnectPtr conn = apiOpen(uri);
    virDomainPtr dom = virDomainLookupByName(conn, "vm1");
    g_autofree char *all = apiList(dom, NULL, 0);
    g_autofree char *kids = apiList(dom, "base", 0);
    g_autofree char *current = apiCurrent(dom);
    g_autofree char *ext = apiList(dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL);
    g_autofree char *inactive = apiList(dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE);
    g_autofree char *xml = apiSnapXML(dom, "other");

    CHECK_STR(all, "base child other");
    CHECK_STR(kids, "child other");
    CHECK_STR(current, "child");
    CHECK_STR(ext, "child");
    CHECK_STR(inactive, "base");
    CHECK_CONTAINS(xml, "<description>taken while running</description>");
    CHECK_CONTAINS(xml, "<parent>\n    <name>base</name>\n  </parent>");
    /* "other" kept no domain definition: the UUID stands in, and
     * reverting needs FORCE. */
    CHECK_CONTAINS(xml, "<domain>\n    <uuid>11111111-2222-3333-4444-555555555555</uuid>\n  </domain>");
    CHECK_INT(apiRevert(dom, "other", 0), -1);
    CHECK_ERROR(VIR_ERR_SNAPSHOT_REVERT_RISKY, "snapshot 'other' lacks domain 'vm1' rollback info");
    CHECK_INT(apiRevert(dom, "other", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE), 0);
    CHECK_STATE(dom, "1/4");
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_managed_save_blocks_undefine_until_started(void)
{
    g_autofree char *uri = fixtureURI("snapshots.xml");
    virConnectPtr conn = apiOpen(uri);
    virDomainPtr dom = virDomainLookupByName(conn, "saved");

    CHECK_INT(virDomainUndefine(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID,
                "Refusing to undefine while domain managed save image exists");
    CHECK_INT(virDomainCreate(dom), 0);
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK_INT(virDomainUndefine(dom), 0);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_broken_fixtures_are_refused_with_a_reason(void)
{
    struct { const char *file; int code; const char *fragment; } cases[] = {
        { "broken-missing-parent.xml", VIR_ERR_CONFIG_UNSUPPORTED,
          "parent 'gone' of snapshot 'orphan' of domain 'vm' not found" },
        { "broken-cycle.xml", VIR_ERR_CONFIG_UNSUPPORTED, "form a cycle" },
        { "broken-two-active.xml", VIR_ERR_CONFIG_UNSUPPORTED,
          "more than one snapshot of domain 'vm' claims to be active" },
        { "broken-duplicate.xml", VIR_ERR_OPERATION_FAILED, "domain moment a already exists" },
        { "broken-foreign-uuid.xml", VIR_ERR_INVALID_ARG,
          "definition for snapshot a must use uuid 11111111-2222-3333-4444-555555555555" },
        { "broken-no-active.xml", VIR_ERR_INTERNAL_ERROR, "Could not find 'active' element" },
        { "broken-root.xml", VIR_ERR_XML_ERROR, "Root element is not 'node'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *uri = fixtureURI(cases[i].file);

        apiQuiet();
        CHECK(virConnectOpen(uri) == NULL);
        CHECK_ERROR(cases[i].code, cases[i].fragment);
    }
}


static const testCase tests[] = {
    TEST_CASE(test_fixture_domains_start_in_their_run_states),
    TEST_CASE(test_fixture_snapshot_tree_and_current_are_restored),
    TEST_CASE(test_managed_save_blocks_undefine_until_started),
    TEST_CASE(test_broken_fixtures_are_refused_with_a_reason),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
