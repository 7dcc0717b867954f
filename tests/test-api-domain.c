/*
 * test-api-domain.c: connections, domains and the error API on the test
 * driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

#define SIMPLE_DOMAIN(name) \
    "<domain type='test'><name>" name "</name><memory unit='MiB'>64</memory>" \
    "<os><type>hvm</type></os></domain>"

#define CHECK_STATE(dom, expected) \
    do { g_autofree char *_s = apiState(dom); CHECK_STR(_s, expected); } while (0)


static void
test_close_returns_the_references_left(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom;

    CHECK_INT(virConnectRef(conn), 0);
    CHECK_INT(virConnectClose(conn), 1);
    dom = virDomainLookupByName(conn, "test");
    /* The domain handle holds the connection open. */
    CHECK_INT(virConnectClose(conn), 1);
    CHECK(virDomainGetConnect(dom) == conn);
    CHECK_STR(virDomainGetName(dom), "test");
    CHECK_INT(virDomainFree(dom), 0);
    CHECK_INT(virConnectClose(NULL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_CONN, "invalid connection pointer in virConnectClose");
}


static void
test_connection_reports_driver_and_host(void)
{
    virConnectPtr conn = apiOpen(NULL);
    unsigned long ver = 0;
    g_autofree char *host = virConnectGetHostname(conn);
    g_autofree char *uri = virConnectGetURI(conn);

    CHECK_STR(virConnectGetType(conn), "TEST");
    CHECK_INT(virConnectGetVersion(conn, &ver), 0);
    CHECK_INT(ver, 2);
    CHECK_INT(virConnectGetLibVersion(conn, &ver), 0);
    CHECK_INT(ver, LIBVIR_VERSION_NUMBER);
    CHECK_INT(virGetVersion(&ver, NULL, NULL), 0);
    CHECK_INT(ver, 9000000);
    CHECK_STR(host, g_get_host_name());
    CHECK_STR(uri, "test:///default");
    CHECK_INT(virConnectIsAlive(conn), 1);
    CHECK_INT(virConnectIsEncrypted(conn), 0);
    CHECK_INT(virConnectIsSecure(conn), 1);
    CHECK_INT(virConnectGetVersion(conn, NULL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "hvVer in virConnectGetVersion must not be NULL");
    CHECK(virConnectGetType(NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_CONN, "virConnectGetType");
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_open_refuses_uris_without_a_driver(void)
{
    apiQuiet();
    CHECK(virConnectOpen("foo:///bar") == NULL);
    CHECK_ERROR(VIR_ERR_NO_CONNECT, "no connection driver available for foo:///bar");
    CHECK(virConnectOpen("test:///") == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "testOpen: supply a path or use test:///default");
    CHECK(virConnectOpen("test:///no/such/fixture.xml") == NULL);
    CHECK_ERROR(VIR_ERR_XML_ERROR, "failed to parse xml document '/no/such/fixture.xml'");
    CHECK(virConnectOpen("test://otherhost/default") == NULL);
    CHECK_ERROR(VIR_ERR_NO_CONNECT, NULL);
    CHECK(virConnectOpen("::not a uri") == NULL);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "Unable to parse URI ::not a uri");
    CHECK(virConnectOpenAuth("test:///default", NULL, 1 << 5) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x20)");
}


static void
test_default_uri_comes_from_the_environment(void)
{
    g_autofree char *fixture = g_strdup_printf("test://%s/data/fixtures/two-disks.xml",
                                               testSourceDir());
    virConnectPtr conn;

    g_setenv("SNAPVIRT_DEFAULT_URI", fixture, TRUE);
    g_setenv("LIBVIRT_DEFAULT_URI", "foo:///ignored", TRUE);
    apiQuiet();
    conn = virConnectOpen(NULL);
    if (conn) {
        g_autofree char *uri = virConnectGetURI(conn);

        CHECK_STR(uri, fixture);
        CHECK_INT(virConnectClose(conn), 0);
    }
    g_unsetenv("SNAPVIRT_DEFAULT_URI");
    CHECK(virConnectOpen("") == NULL);
    CHECK_ERROR(VIR_ERR_NO_CONNECT, "foo:///ignored");
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    conn = virConnectOpen(NULL);
    if (conn) {
        g_autofree char *uri = virConnectGetURI(conn);

        CHECK_STR(uri, "test:///default");
        CHECK_INT(virConnectClose(conn), 0);
    }
}


static void
test_default_host_has_libvirts_test_domain(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainLookupByName(conn, "test");
    virDomainPtr byId = virDomainLookupByID(conn, 1);
    virDomainPtr byUUID = virDomainLookupByUUIDString(conn, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    virDomainInfo info;
    int autostart = -1;
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *os = virDomainGetOSType(dom);

    CHECK(byId && byUUID);
    CHECK_STR(virDomainGetName(byId), "test");
    CHECK_INT(virDomainGetID(byUUID), 1);
    CHECK_INT(virDomainGetUUIDString(dom, uuid), 0);
    CHECK_STR(uuid, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    CHECK_INT(virDomainGetInfo(dom, &info), 0);
    CHECK_INT(info.state, VIR_DOMAIN_RUNNING);
    CHECK_INT(info.maxMem, 8388608);
    CHECK_INT(info.memory, 2097152);
    CHECK_INT(info.nrVirtCpu, 2);
    CHECK_INT(virDomainGetMaxMemory(dom), 8388608);
    CHECK_STR(os, "linux");
    CHECK_INT(virDomainIsActive(dom), 1);
    CHECK_INT(virDomainIsPersistent(dom), 1);
    CHECK_INT(virDomainGetAutostart(dom, &autostart), 0);
    CHECK_INT(autostart, 0);
    CHECK_STATE(dom, "1/0");
    virDomainFree(dom);
    virDomainFree(byId);
    virDomainFree(byUUID);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_lookups_of_missing_domains_fail(void)
{
    virConnectPtr conn = apiOpen(NULL);
    unsigned char raw[VIR_UUID_BUFLEN] = { 1, 2, 3 };

    CHECK(virDomainLookupByName(conn, "nosuch") == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN, "'nosuch'");
    CHECK(virDomainLookupByID(conn, 42) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN, "42");
    CHECK(virDomainLookupByUUID(conn, raw) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN, "01020300-0000-0000-0000-000000000000");
    CHECK(virDomainLookupByUUIDString(conn, "not-a-uuid") == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "Invalid UUID");
    CHECK(virDomainLookupByID(conn, -1) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "id in virDomainLookupByID must be zero or greater");
    CHECK(virDomainLookupByName(conn, NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "name in virDomainLookupByName must not be NULL");
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_domain_lifecycle_states_and_reasons(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainDefineXML(conn, SIMPLE_DOMAIN("d1"));

    CHECK(dom != NULL);
    CHECK_STATE(dom, "5/0");
    CHECK_INT(virDomainGetID(dom), (unsigned int)-1);
    CHECK_INT(virDomainIsActive(dom), 0);
    CHECK_INT(virDomainSuspend(dom), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "domain 'd1' not running");
    CHECK_INT(virDomainCreate(dom), 0);
    CHECK_STATE(dom, "1/1");
    CHECK_INT(virDomainGetID(dom), 2);
    CHECK_INT(virDomainCreate(dom), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "Domain 'd1' is already running");
    CHECK_INT(virDomainSuspend(dom), 0);
    CHECK_STATE(dom, "3/1");
    CHECK_INT(virDomainSuspend(dom), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "domain 'd1' not running");
    CHECK_INT(virDomainResume(dom), 0);
    CHECK_STATE(dom, "1/5");
    CHECK_INT(virDomainResume(dom), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "domain 'd1' not paused");
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK_STATE(dom, "5/2");
    CHECK_INT(virDomainDestroy(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "domain is not running");
    CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
    CHECK_STATE(dom, "3/1");
    CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_AUTODESTROY), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x2)");
    /* Undefining a running domain leaves it transient until it stops. */
    CHECK_INT(virDomainUndefine(dom), 0);
    CHECK_INT(virDomainIsPersistent(dom), 0);
    CHECK_INT(virDomainDestroyFlags(dom, VIR_DOMAIN_DESTROY_GRACEFUL), 0);
    CHECK_INT(virDomainIsActive(dom), -1);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN, "d1");
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_define_refuses_taken_names_and_uuids(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom;

    CHECK(virDomainDefineXML(conn, "<domain type='test'><name>test</name>"
                             "<memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_FAILED,
                "domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    CHECK(virDomainDefineXML(conn, "<domain type='test'><name>other</name>"
                             "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
                             "<memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_FAILED,
                "domain 'test' is already defined with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    CHECK(virDomainDefineXML(conn, "<domain type='test'><memory>1</memory></domain>") == NULL);
    CHECK_ERROR(VIR_ERR_NO_NAME, NULL);
    CHECK(virDomainDefineXMLFlags(conn, "<domain type='test'><name>v</name><memory>1</memory>"
                                  "<os><type>hvm</type></os><bogus/></domain>",
                                  VIR_DOMAIN_DEFINE_VALIDATE) == NULL);
    CHECK_ERROR(VIR_ERR_XML_INVALID_SCHEMA, "bogus");
    dom = virDomainDefineXMLFlags(conn, "<domain type='test'><name>v</name><memory>1</memory>"
                                  "<os><type>hvm</type></os><bogus/></domain>", 0);
    CHECK(dom != NULL);
    virDomainFree(dom);
    CHECK(virDomainDefineXML(conn, NULL) == NULL);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "xml in virDomainDefineXML must not be NULL");
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_definition_changed_while_running_applies_after_stop(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainLookupByName(conn, "test");
    g_autofree char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;
    virDomainPtr redefined;
    char *mem = strstr(xml, "<currentMemory unit='KiB'>2097152<");

    memcpy(mem, "<currentMemory unit='KiB'>1097152<", 34);
    redefined = virDomainDefineXML(conn, xml);
    CHECK(redefined != NULL);
    live = virDomainGetXMLDesc(dom, 0);
    inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    CHECK_CONTAINS(live, "<domain type='test' id='1'>");
    CHECK_CONTAINS(live, "2097152</currentMemory>");
    CHECK_CONTAINS(inactive, "1097152</currentMemory>");
    CHECK(strstr(inactive, "id='1'") == NULL);
    CHECK_INT(virDomainDestroy(dom), 0);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    CHECK_CONTAINS(live, "1097152</currentMemory>");
    CHECK_CONTAINS(live, "<domain type='test'>");
    virDomainFree(redefined);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_create_xml_makes_a_transient_domain(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainCreateXML(conn, SIMPLE_DOMAIN("tr"), VIR_DOMAIN_START_PAUSED);

    CHECK(dom != NULL);
    CHECK_STATE(dom, "3/1");
    CHECK_INT(virDomainIsPersistent(dom), 0);
    CHECK_INT(virDomainUndefine(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot undefine transient domain");
    CHECK(virDomainCreateXML(conn, SIMPLE_DOMAIN("tr"), 0) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_FAILED, "already exists");
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK(virDomainLookupByName(conn, "tr") == NULL);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static char *
listDomains(virConnectPtr conn, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    GString *out = g_string_new(NULL);
    int n = virConnectListAllDomains(conn, &doms, flags);

    for (int i = 0; i < n; i++) {
        g_string_append_printf(out, "%s%s", i ? " " : "", virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    free(doms);
    if (n < 0)
        g_string_assign(out, "<error>");
    return g_string_free(out, FALSE);
}

#define CHECK_DOMAINS(conn, flags, expected) \
    do { g_autofree char *_l = listDomains(conn, flags); CHECK_STR(_l, expected); } while (0)


static void
test_list_all_domains_filters_by_each_group(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr off = virDomainDefineXML(conn, SIMPLE_DOMAIN("off"));
    virDomainPtr paused = virDomainDefineXML(conn, SIMPLE_DOMAIN("paused"));
    virDomainPtr tr = virDomainCreateXML(conn, SIMPLE_DOMAIN("tr"), 0);
    virDomainPtr test = virDomainLookupByName(conn, "test");
    int ids[8];
    char *names[8];

    CHECK_INT(virDomainCreateWithFlags(paused, VIR_DOMAIN_START_PAUSED), 0);
    CHECK_INT(apiSnap(test, "s", 0), 0);
    CHECK_DOMAINS(conn, 0, "test off paused tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_ACTIVE, "test paused tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_INACTIVE, "off");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_TRANSIENT, "tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT, "test off paused");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_PAUSED, "paused");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_SHUTOFF,
                  "test off tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_OTHER, "");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, "test");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_ACTIVE,
                  "paused tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART, "");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, "test off paused tr");
    CHECK_DOMAINS(conn, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, "");
    CHECK_INT(virConnectListAllDomains(conn, NULL, VIR_CONNECT_LIST_DOMAINS_ACTIVE), 3);
    CHECK_INT(virConnectListAllDomains(conn, NULL, 1 << 16), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags (0x10000)");

    CHECK_INT(virConnectNumOfDomains(conn), 3);
    CHECK_INT(virConnectListDomains(conn, ids, 8), 3);
    CHECK_INT(ids[0], 1);
    CHECK_INT(virConnectNumOfDefinedDomains(conn), 1);
    CHECK_INT(virConnectListDefinedDomains(conn, names, 8), 1);
    CHECK_STR(names[0], "off");
    free(names[0]);

    virDomainFree(off);
    virDomainFree(paused);
    virDomainFree(tr);
    virDomainFree(test);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_undefine_needs_the_flag_for_snapshot_metadata(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virDomainPtr dom = virDomainLookupByName(conn, "test");

    CHECK_INT(apiSnap(dom, "a", 0), 0);
    CHECK_INT(apiSnap(dom, "b", 0), 0);
    CHECK_INT(virDomainDestroy(dom), 0);
    CHECK_INT(virDomainUndefine(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "cannot delete inactive domain with 2 snapshots");
    CHECK_INT(virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA), 0);
    CHECK(virDomainLookupByName(conn, "test") == NULL);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_read_only_connections_refuse_changes(void)
{
    virConnectPtr rw = apiOpen(NULL);
    virConnectPtr ro = virConnectOpenReadOnly("test:///default");
    virDomainPtr dom = virDomainLookupByName(ro, "test");
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);

    CHECK(xml != NULL);
    CHECK(virDomainDefineXML(ro, SIMPLE_DOMAIN("x")) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only access prevents virDomainDefineXML");
    CHECK(virDomainCreateXML(ro, SIMPLE_DOMAIN("x"), 0) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainCreateXML");
    CHECK_INT(virDomainSuspend(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainSuspend");
    CHECK_INT(virDomainResume(dom), -1);
    CHECK_INT(virDomainDestroy(dom), -1);
    CHECK_INT(virDomainCreate(dom), -1);
    CHECK_INT(virDomainUndefine(dom), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainUndefine");
    CHECK(virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE) == NULL);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "virDomainGetXMLDesc with secure flag");
    CHECK_INT(virDomainIsActive(dom), 1);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(ro), 0);
    CHECK_INT(virConnectClose(rw), 0);
}


static void
test_default_host_is_shared_then_reset(void)
{
    virConnectPtr a = apiOpen(NULL);
    virConnectPtr b = apiOpen(NULL);
    virDomainPtr da = virDomainLookupByName(a, "test");
    virDomainPtr db = virDomainLookupByName(b, "test");

    CHECK_INT(apiSnap(da, "shared", 0), 0);
    CHECK_INT(virDomainSnapshotNum(db, 0), 1);
    virDomainFree(da);
    virDomainFree(db);
    CHECK_INT(virConnectClose(a), 0);
    CHECK_INT(virConnectClose(b), 0);
    a = apiOpen(NULL);
    da = virDomainLookupByName(a, "test");
    CHECK_INT(virDomainSnapshotNum(da, 0), 0);
    virDomainFree(da);
    CHECK_INT(virConnectClose(a), 0);
}


static void
test_fixture_hosts_are_private_to_each_connection(void)
{
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/two-disks.xml",
                                           testSourceDir());
    virConnectPtr a = apiOpen(uri);
    virConnectPtr b = apiOpen(uri);
    virDomainPtr da = virDomainLookupByName(a, "vm2");
    virDomainPtr db = virDomainLookupByName(b, "vm2");

    CHECK_INT(apiSnap(da, "mine", 0), 0);
    CHECK_INT(virDomainSnapshotNum(da, 0), 1);
    CHECK_INT(virDomainSnapshotNum(db, 0), 0);
    virDomainFree(da);
    virDomainFree(db);
    CHECK_INT(virConnectClose(a), 0);
    CHECK_INT(virConnectClose(b), 0);
}


static int handlerCalls;
static int handlerCode;

static void
countingHandler(void *data, virErrorPtr err)
{
    handlerCalls++;
    handlerCode = err->code;
    *(int *)data = 1;
}


static void
test_error_api_reports_and_dispatches(void)
{
    virConnectPtr conn = apiOpen(NULL);
    virError copy;
    virErrorPtr saved;
    int seen = 0, connSeen = 0;

    virResetLastError();
    CHECK(virGetLastError() == NULL);
    CHECK_STR(virGetLastErrorMessage(), "no error");
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_OK);

    virSetErrorFunc(&seen, countingHandler);
    handlerCalls = 0;
    CHECK(virDomainLookupByName(conn, "nosuch") == NULL);
    CHECK_INT(handlerCalls, 1);
    CHECK_INT(handlerCode, VIR_ERR_NO_DOMAIN);
    CHECK_INT(seen, 1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_INT(virGetLastError()->level, VIR_ERR_ERROR);
    CHECK_INT(virConnGetLastError(conn)->code, VIR_ERR_NO_DOMAIN);

    CHECK_INT(virCopyLastError(&copy), VIR_ERR_NO_DOMAIN);
    CHECK_STR(copy.message, virGetLastErrorMessage());
    virResetError(&copy);
    CHECK_INT(virConnCopyLastError(conn, &copy), VIR_ERR_NO_DOMAIN);
    virResetError(&copy);
    saved = virSaveLastError();
    CHECK_INT(saved->code, VIR_ERR_NO_DOMAIN);
    virFreeError(saved);

    /* A connection's own handler takes precedence for its errors. */
    virConnSetErrorFunc(conn, &connSeen, countingHandler);
    seen = 0;
    CHECK(virDomainLookupByID(conn, 77) == NULL);
    CHECK_INT(connSeen, 1);
    CHECK_INT(seen, 0);
    virConnResetLastError(conn);
    CHECK_INT(virConnGetLastError(conn)->code, VIR_ERR_OK);

    /* Errors without a connection go to the global handler. */
    CHECK(virConnectOpen("foo:///x") == NULL);
    CHECK_INT(seen, 1);
    virResetLastError();
    CHECK(virGetLastError() == NULL);
    apiQuiet();
    CHECK_INT(virConnectClose(conn), 0);
}


static const testCase tests[] = {
    TEST_CASE(test_close_returns_the_references_left),
    TEST_CASE(test_connection_reports_driver_and_host),
    TEST_CASE(test_open_refuses_uris_without_a_driver),
    TEST_CASE(test_default_uri_comes_from_the_environment),
    TEST_CASE(test_default_host_has_libvirts_test_domain),
    TEST_CASE(test_lookups_of_missing_domains_fail),
    TEST_CASE(test_domain_lifecycle_states_and_reasons),
    TEST_CASE(test_define_refuses_taken_names_and_uuids),
    TEST_CASE(test_definition_changed_while_running_applies_after_stop),
    TEST_CASE(test_create_xml_makes_a_transient_domain),
    TEST_CASE(test_list_all_domains_filters_by_each_group),
    TEST_CASE(test_undefine_needs_the_flag_for_snapshot_metadata),
    TEST_CASE(test_read_only_connections_refuse_changes),
    TEST_CASE(test_default_host_is_shared_then_reset),
    TEST_CASE(test_fixture_hosts_are_private_to_each_connection),
    TEST_CASE(test_error_api_reports_and_dispatches),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
