/*
 * compat-connect.c: connections, URIs, versions and domain listing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"


static void
check_versions(void)
{
    unsigned long lib = 0, type = 0;

    compat_section("library version");
    INT(virInitialize());
    INT(virGetVersion(&lib, NULL, NULL));
    compat_say("libVer=%lu", lib);
    lib = type = 0;
    INT(virGetVersion(&lib, "Test", &type));
    compat_say("libVer=%lu typeVer=%lu", lib, type);

    compat_section("library version without libVer [diverges: libvirt 9.0 "
                   "reports no cause, snapvirt names the NULL argument]");
    INT(virGetVersion(NULL, NULL, NULL));
}


static void
check_connection_info(virConnectPtr conn)
{
    unsigned long ver = 0;

    CSTR(virConnectGetType(conn));
    INT(virConnectGetVersion(conn, &ver));
    compat_say("hvVer=%lu", ver);
    INT(virConnectGetLibVersion(conn, &ver));
    compat_say("libVer=%lu", ver);
    STR(virConnectGetHostname(conn));
    STR(virConnectGetURI(conn));
    INT(virConnectIsAlive(conn));
    INT(virConnectIsEncrypted(conn));
    INT(virConnectIsSecure(conn));
    INT(virConnectGetVersion(conn, NULL));
    INT(virConnectGetLibVersion(conn, NULL));
}


static void
check_open(void)
{
    virConnectPtr conn;

    compat_section("open read-write");
    if ((conn = CONN(virConnectOpen(COMPAT_URI)))) {
        check_connection_info(conn);
        INT(virConnectClose(conn));
    }

    compat_section("open read-only");
    if ((conn = CONN(virConnectOpenReadOnly(COMPAT_URI)))) {
        check_connection_info(conn);
        INT(virConnectClose(conn));
    }

    compat_section("open with authentication");
    if ((conn = CONN(virConnectOpenAuth(COMPAT_URI, NULL, 0))))
        INT(virConnectClose(conn));
    if ((conn = CONN(virConnectOpenAuth(COMPAT_URI, virConnectAuthPtrDefault, 0))))
        INT(virConnectClose(conn));
    if ((conn = CONN(virConnectOpenAuth(COMPAT_URI, virConnectAuthPtrDefault,
                                        VIR_CONNECT_RO)))) {
        STR(virConnectGetURI(conn));
        INT(virConnectClose(conn));
    }
    if ((conn = CONN(virConnectOpenAuth(COMPAT_URI, NULL, VIR_CONNECT_NO_ALIASES))))
        INT(virConnectClose(conn));
    if ((conn = CONN(virConnectOpenAuth(COMPAT_URI, NULL, 1u << 5))))
        INT(virConnectClose(conn));
}


static void
check_default_uri(void)
{
    virConnectPtr conn;

    compat_section("default URI from LIBVIRT_DEFAULT_URI");
    setenv("LIBVIRT_DEFAULT_URI", COMPAT_URI, 1);
    if ((conn = CONN(virConnectOpen(NULL))))
        INT(virConnectClose(conn));
    if ((conn = CONN(virConnectOpen(""))))
        INT(virConnectClose(conn));
    if ((conn = CONN(virConnectOpenReadOnly(NULL))))
        INT(virConnectClose(conn));
    unsetenv("LIBVIRT_DEFAULT_URI");
}


static void
check_bad_uris(void)
{
    static const char *const uris[] = {
        "test:///",
        "test://",
        "test:",
        "not a uri",
        "test:///no/such/dir/node.xml",
        "test:///default/extra",
        "test:///default?x=1",
    };
    virConnectPtr conn;

    compat_section("bad URIs");
    for (size_t i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
        compat_say("uri %s:", uris[i]);
        if ((conn = CONN(virConnectOpen(uris[i]))))
            INT(virConnectClose(conn));
        if ((conn = CONN(virConnectOpenReadOnly(uris[i]))))
            INT(virConnectClose(conn));
    }
}


static void
check_refcounts(void)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainSnapshotPtr snap;

    compat_section("close return values");
    if (!(conn = CONN(virConnectOpen(COMPAT_URI))))
        return;
    INT(virConnectRef(conn));
    INT(virConnectClose(conn));
    INT(virConnectClose(conn));

    compat_section("close with an outstanding domain handle");
    if (!(conn = CONN(virConnectOpen(COMPAT_URI))))
        return;
    if (!(dom = DOM(virDomainLookupByName(conn, "test"))))
        return;
    INT(virConnectClose(conn));
    CSTR(virDomainGetName(dom));
    compat_print_state(dom);
    compat_say("virDomainGetConnect(dom) == conn: %d",
               virDomainGetConnect(dom) == conn);
    INT(virDomainFree(dom));

    compat_section("close with an outstanding snapshot handle");
    if (!(conn = CONN(virConnectOpen(COMPAT_URI))))
        return;
    if (!(dom = DOM(virDomainLookupByName(conn, "test"))))
        return;
    compat_take(dom, "keep", NULL, 0);
    snap = SNAP(virDomainSnapshotLookupByName(dom, "keep", 0));
    INT(virDomainFree(dom));
    INT(virConnectClose(conn));
    if (snap) {
        CSTR(virDomainSnapshotGetName(snap));
        CSTR(virDomainGetName(virDomainSnapshotGetDomain(snap)));
        compat_say("virDomainSnapshotGetConnect(snap) == conn: %d",
                   virDomainSnapshotGetConnect(snap) == conn);
        INT(virDomainSnapshotIsCurrent(snap, 0));
        INT(virDomainSnapshotDelete(snap, 0));
        INT(virDomainSnapshotFree(snap));
    }
}


static void
check_null_connection(void)
{
    unsigned long ver;
    virDomainPtr *doms = NULL;
    int ids[4];
    char *names[4];

    compat_section("NULL connection");
    INT(virConnectRef(NULL));
    INT(virConnectClose(NULL));
    CSTR(virConnectGetType(NULL));
    INT(virConnectGetVersion(NULL, &ver));
    INT(virConnectGetLibVersion(NULL, &ver));
    STR(virConnectGetHostname(NULL));
    STR(virConnectGetURI(NULL));
    INT(virConnectIsAlive(NULL));
    INT(virConnectIsEncrypted(NULL));
    INT(virConnectIsSecure(NULL));
    INT(virConnectListAllDomains(NULL, &doms, 0));
    compat_say("doms after failure: %s", doms ? "set" : "NULL");
    INT(virConnectNumOfDomains(NULL));
    INT(virConnectListDomains(NULL, ids, 4));
    INT(virConnectNumOfDefinedDomains(NULL));
    INT(virConnectListDefinedDomains(NULL, names, 4));
}


/* Prints the names of the domains matching @flags. */
static void
list_domains(virConnectPtr conn, const char *label, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, flags);
    char **names = NULL;

    if (n >= 0) {
        names = calloc(n + 1, sizeof(*names));
        for (int i = 0; i < n; i++) {
            names[i] = strdup(virDomainGetName(doms[i]));
            virDomainFree(doms[i]);
        }
        free(doms);
    }
    compat_print_names(label, names, n, true);
    free(names);
}


static void
check_list_flags(virConnectPtr conn)
{
    static const struct { const char *name; unsigned int flag; } flags[] = {
        { "0", 0 },
        { "ACTIVE", VIR_CONNECT_LIST_DOMAINS_ACTIVE },
        { "INACTIVE", VIR_CONNECT_LIST_DOMAINS_INACTIVE },
        { "PERSISTENT", VIR_CONNECT_LIST_DOMAINS_PERSISTENT },
        { "TRANSIENT", VIR_CONNECT_LIST_DOMAINS_TRANSIENT },
        { "RUNNING", VIR_CONNECT_LIST_DOMAINS_RUNNING },
        { "PAUSED", VIR_CONNECT_LIST_DOMAINS_PAUSED },
        { "SHUTOFF", VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
        { "OTHER", VIR_CONNECT_LIST_DOMAINS_OTHER },
        { "MANAGEDSAVE", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE },
        { "NO_MANAGEDSAVE", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE },
        { "AUTOSTART", VIR_CONNECT_LIST_DOMAINS_AUTOSTART },
        { "NO_AUTOSTART", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART },
        { "HAS_SNAPSHOT", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT },
        { "NO_SNAPSHOT", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT },
        { "HAS_CHECKPOINT", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT },
        { "NO_CHECKPOINT", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT },
        { "ACTIVE|INACTIVE", VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                             VIR_CONNECT_LIST_DOMAINS_INACTIVE },
        { "PERSISTENT|SHUTOFF", VIR_CONNECT_LIST_DOMAINS_PERSISTENT |
                                VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
        { "RUNNING|PAUSED", VIR_CONNECT_LIST_DOMAINS_RUNNING |
                            VIR_CONNECT_LIST_DOMAINS_PAUSED },
    };

    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        list_domains(conn, flags[i].name, flags[i].flag);
    INT(virConnectListAllDomains(conn, NULL, 0));
    INT(virConnectListAllDomains(conn, NULL, VIR_CONNECT_LIST_DOMAINS_INACTIVE));
    INT(virConnectListAllDomains(conn, NULL, 1u << 30));
}


static const char domain_xml[] =
    "<domain type='test'><name>other</name>"
    "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<memory>1048576</memory><os><type>hvm</type></os></domain>";


static void
check_legacy_lists(virConnectPtr conn)
{
    int ids[8];
    char *names[8];
    int n;

    INT(virConnectNumOfDomains(conn));
    n = INT(virConnectListDomains(conn, ids, 8));
    for (int i = 0; i < n; i++)
        compat_say("  id %d", ids[i]);
    INT(virConnectListDomains(conn, ids, 0));
    INT(virConnectListDomains(conn, NULL, 8));
    INT(virConnectListDomains(conn, ids, -1));
    INT(virConnectNumOfDefinedDomains(conn));
    compat_print_names("virConnectListDefinedDomains(conn, names, 8)", names,
                       virConnectListDefinedDomains(conn, names, 8), true);
    INT(virConnectListDefinedDomains(conn, names, 0));
    INT(virConnectListDefinedDomains(conn, NULL, 8));
    INT(virConnectListDefinedDomains(conn, names, -1));
}


static void
check_listing(void)
{
    virConnectPtr conn = virConnectOpen(COMPAT_URI);
    virDomainPtr other, test;

    if (!conn)
        return;
    test = virDomainLookupByName(conn, "test");

    compat_section("list domains on the default host");
    check_list_flags(conn);
    check_legacy_lists(conn);

    compat_section("list domains with one more defined, one with a snapshot");
    other = DOM(virDomainDefineXML(conn, domain_xml));
    compat_take(test, "s1", NULL, 0);
    check_list_flags(conn);
    check_legacy_lists(conn);

    compat_section("list domains with test paused");
    INT(virDomainSuspend(test));
    check_list_flags(conn);

    compat_delete(test, "s1", 0);
    INT(virDomainResume(test));
    if (other) {
        INT(virDomainUndefine(other));
        virDomainFree(other);
    }
    virDomainFree(test);
    virConnectClose(conn);
}


int
main(void)
{
    compat_init();
    check_versions();
    check_open();
    check_default_uri();
    check_bad_uris();
    check_refcounts();
    check_null_connection();
    check_listing();
    return 0;
}
