/*
 * compat-domain.c: domain lookup, accessors, XML, lifecycle, definition
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

static const unsigned char test_uuid[VIR_UUID_BUFLEN] = {
    0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04,
    0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f,
};

static const unsigned char other_uuid[VIR_UUID_BUFLEN] = {
    0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33,
    0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
};

#define OTHER_XML(name, uuid) \
    "<domain type='test'><name>" name "</name><uuid>" uuid "</uuid>" \
    "<memory>1048576</memory><currentMemory>524288</currentMemory>" \
    "<vcpu>1</vcpu><os><type>hvm</type></os>" \
    "<devices><disk type='file' device='disk'>" \
    "<source file='/guest/" name ".img'/><target dev='vda' bus='virtio'/>" \
    "</disk></devices></domain>"

static const char other_xml[] =
    OTHER_XML("other", "11111111-2222-3333-4444-555555555555");


static void
check_lookup(virConnectPtr conn)
{
    virDomainPtr dom;

    compat_section("lookup");
    compat_free_dom(DOM(virDomainLookupByName(conn, "test")));
    compat_free_dom(DOM(virDomainLookupByID(conn, 1)));
    compat_free_dom(DOM(virDomainLookupByUUID(conn, test_uuid)));
    compat_free_dom(DOM(virDomainLookupByUUIDString(conn,
                        "6695eb01-f6a4-8304-79aa-97f2502e193f")));
    compat_free_dom(DOM(virDomainLookupByUUIDString(conn,
                        "6695eb01f6a4830479aa97f2502e193f")));

    compat_section("lookup with bad arguments");
    compat_free_dom(DOM(virDomainLookupByName(conn, NULL)));
    compat_free_dom(DOM(virDomainLookupByID(conn, -1)));
    compat_free_dom(DOM(virDomainLookupByUUID(conn, NULL)));
    compat_free_dom(DOM(virDomainLookupByUUIDString(conn, "not-a-uuid")));
    compat_free_dom(DOM(virDomainLookupByUUIDString(conn, NULL)));

    compat_section("lookup of missing domains [diverges: snapvirt names the "
                   "missing domain in \"Domain not found\" errors, libvirt's "
                   "test driver does not]");
    compat_free_dom(DOM(virDomainLookupByName(conn, "nosuch")));
    compat_free_dom(DOM(virDomainLookupByID(conn, 99)));
    compat_free_dom(DOM(virDomainLookupByUUID(conn, other_uuid)));
    compat_free_dom(DOM(virDomainLookupByUUIDString(conn,
                        "11111111-2222-3333-4444-555555555555")));

    compat_section("lookup of an inactive domain by ID");
    if ((dom = DOM(virDomainDefineXML(conn, other_xml)))) {
        compat_print_state(dom);
        compat_free_dom(DOM(virDomainLookupByID(conn, -1)));
        INT(virDomainUndefine(dom));
        virDomainFree(dom);
    }
}


static void
check_accessors(virConnectPtr conn, virDomainPtr dom)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int state = -1, autostart = -1;

    compat_section("accessors");
    CSTR(virDomainGetName(dom));
    compat_say("virDomainGetID(dom) = %d", (int)virDomainGetID(dom));
    if (INT(virDomainGetUUID(dom, uuid)) == 0)
        compat_say("uuid matches: %d", memcmp(uuid, test_uuid, sizeof(uuid)) == 0);
    if (INT(virDomainGetUUIDString(dom, uuidstr)) == 0)
        compat_say("uuidstr=%s", uuidstr);
    compat_say("virDomainGetConnect(dom) == conn: %d", virDomainGetConnect(dom) == conn);
    STR(virDomainGetOSType(dom));
    compat_say("virDomainGetMaxMemory(dom) = %lu", virDomainGetMaxMemory(dom));
    if (INT(virDomainGetInfo(dom, &info)) == 0)
        compat_say("info: state=%d maxMem=%lu memory=%lu nrVirtCpu=%u cpuTime=%llu",
                   info.state, info.maxMem, info.memory, info.nrVirtCpu,
                   info.cpuTime);
    compat_print_state(dom);
    if (INT(virDomainGetState(dom, &state, NULL, 0)) == 0)
        compat_say("state=%d", state);
    INT(virDomainGetState(dom, NULL, NULL, 0));
    INT(virDomainGetState(dom, &state, NULL, 1));
    INT(virDomainIsActive(dom));
    INT(virDomainIsPersistent(dom));
    if (INT(virDomainGetAutostart(dom, &autostart)) == 0)
        compat_say("autostart=%d", autostart);
    INT(virDomainGetAutostart(dom, NULL));
    INT(virDomainGetUUID(dom, NULL));
    INT(virDomainGetUUIDString(dom, NULL));
    INT(virDomainGetInfo(dom, NULL));
    INT(virDomainRef(dom));
    INT(virDomainFree(dom));
}


static void
check_null_domain(void)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int state, autostart;

    compat_section("NULL domain");
    CSTR(virDomainGetName(NULL));
    compat_say("virDomainGetID(NULL) = %d", (int)virDomainGetID(NULL));
    compat_print_error();
    INT(virDomainGetUUID(NULL, uuid));
    INT(virDomainGetUUIDString(NULL, uuidstr));
    compat_say("virDomainGetConnect(NULL) = %p", (void *)virDomainGetConnect(NULL));
    compat_print_error();
    STR(virDomainGetOSType(NULL));
    compat_say("virDomainGetMaxMemory(NULL) = %lu", virDomainGetMaxMemory(NULL));
    compat_print_error();
    INT(virDomainGetInfo(NULL, &info));
    INT(virDomainGetState(NULL, &state, NULL, 0));
    STR(virDomainGetXMLDesc(NULL, 0));
    INT(virDomainIsActive(NULL));
    INT(virDomainIsPersistent(NULL));
    INT(virDomainGetAutostart(NULL, &autostart));
    INT(virDomainRef(NULL));
    INT(virDomainFree(NULL));
    INT(virDomainUndefine(NULL));
    INT(virDomainUndefineFlags(NULL, 0));
    INT(virDomainCreate(NULL));
    INT(virDomainCreateWithFlags(NULL, 0));
    INT(virDomainDestroy(NULL));
    INT(virDomainDestroyFlags(NULL, 0));
    INT(virDomainSuspend(NULL));
    INT(virDomainResume(NULL));
}


static void
check_xml(virDomainPtr dom)
{
    compat_section("domain XML");
    compat_print_xml("virDomainGetXMLDesc(dom, 0)", virDomainGetXMLDesc(dom, 0));
    compat_print_xml("virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE)",
                     virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE));

    compat_section("domain XML flags");
    compat_print_xml("virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE)",
                     virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE));
    compat_print_xml("virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_MIGRATABLE)",
                     virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_MIGRATABLE));
    compat_print_xml("virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_UPDATE_CPU)",
                     virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_UPDATE_CPU));
    STR(virDomainGetXMLDesc(dom, 1u << 30));
}


static void
check_lifecycle(virDomainPtr dom)
{
    compat_section("suspend and resume");
    INT(virDomainSuspend(dom));
    compat_print_state(dom);
    INT(virDomainSuspend(dom));
    INT(virDomainResume(dom));
    compat_print_state(dom);
    INT(virDomainResume(dom));

    compat_section("destroy and start");
    INT(virDomainDestroy(dom));
    compat_print_state(dom);
    INT(virDomainDestroy(dom));
    INT(virDomainSuspend(dom));
    INT(virDomainResume(dom));
    INT(virDomainCreate(dom));
    compat_print_state(dom);
    INT(virDomainCreate(dom));
    INT(virDomainDestroyFlags(dom, VIR_DOMAIN_DESTROY_GRACEFUL));
    compat_print_state(dom);
    INT(virDomainDestroyFlags(dom, 1u << 30));
    INT(virDomainCreateWithFlags(dom, 1u << 30));
    INT(virDomainCreateWithFlags(dom, 0));
    compat_print_state(dom);
}


static void
check_start_paused(virConnectPtr conn, virDomainPtr dom)
{
    virDomainPtr other;

    compat_section("start paused [snapvirt-only: libvirt 9.0's test driver "
                   "refuses VIR_DOMAIN_START_PAUSED]");
    INT(virDomainDestroy(dom));
    INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED));
    compat_print_state(dom);
    INT(virDomainResume(dom));
    compat_print_state(dom);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    if ((other = DOM(virDomainCreateXML(conn, other_xml, VIR_DOMAIN_START_PAUSED)))) {
        compat_print_state(other);
        INT(virDomainDestroy(other));
        virDomainFree(other);
    }
}


static void
check_define(virConnectPtr conn)
{
    virDomainPtr dom;

    compat_section("define, start, undefine while running");
    if (!(dom = DOM(virDomainDefineXML(conn, other_xml))))
        return;
    compat_print_state(dom);
    INT(virDomainIsPersistent(dom));
    compat_free_dom(DOM(virDomainDefineXML(conn, other_xml)));
    INT(virDomainCreate(dom));
    compat_print_state(dom);
    INT(virDomainUndefine(dom));
    INT(virDomainIsPersistent(dom));
    compat_print_state(dom);

    compat_section("undefine a transient domain [diverges: libvirt's test "
                   "driver accepts and ignores it, snapvirt refuses it like "
                   "libvirt's QEMU driver]");
    INT(virDomainUndefine(dom));

    compat_section("destroy the domain made transient");
    INT(virDomainDestroy(dom));
    compat_print_exists(conn, "other");
    compat_print_state(dom);
    INT(virDomainIsActive(dom));
    virDomainFree(dom);

    compat_section("define with flags and undefine with flags");
    compat_free_dom(DOM(virDomainDefineXMLFlags(conn, other_xml, 1u << 30)));
    if (!(dom = DOM(virDomainDefineXMLFlags(conn, other_xml,
                                            VIR_DOMAIN_DEFINE_VALIDATE))))
        return;
    INT(virDomainUndefineFlags(dom, 1u << 30));
    INT(virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA));
    compat_print_exists(conn, "other");
    virDomainFree(dom);
}


static void
check_define_errors(virConnectPtr conn)
{
    compat_section("define errors");
    compat_free_dom(DOM(virDomainDefineXML(conn, NULL)));
    compat_free_dom(DOM(virDomainDefineXML(conn, "<domain")));
    compat_free_dom(DOM(virDomainDefineXML(conn, "<network/>")));
    compat_free_dom(DOM(virDomainDefineXML(conn,
        OTHER_XML("test", "11111111-2222-3333-4444-555555555555"))));
    compat_free_dom(DOM(virDomainDefineXML(conn,
        OTHER_XML("other", "6695eb01-f6a4-8304-79aa-97f2502e193f"))));
    compat_free_dom(DOM(virDomainCreateXML(conn, NULL, 0)));
    compat_free_dom(DOM(virDomainCreateXML(conn, other_xml, 1u << 30)));
    compat_free_dom(DOM(virDomainCreateXML(conn,
        OTHER_XML("test", "6695eb01-f6a4-8304-79aa-97f2502e193f"), 0)));
}


static void
check_transient(virConnectPtr conn)
{
    virDomainPtr dom;

    compat_section("transient domain");
    if (!(dom = DOM(virDomainCreateXML(conn, other_xml, 0))))
        return;
    compat_print_state(dom);
    INT(virDomainIsPersistent(dom));
    INT(virDomainSuspend(dom));
    compat_print_state(dom);
    INT(virDomainDestroy(dom));
    INT(virDomainIsActive(dom));
    compat_print_exists(conn, "other");
    virDomainFree(dom);

    compat_section("transient domain made persistent");
    if (!(dom = DOM(virDomainCreateXML(conn, other_xml, 0))))
        return;
    compat_free_dom(DOM(virDomainDefineXML(conn, other_xml)));
    INT(virDomainIsPersistent(dom));
    INT(virDomainDestroy(dom));
    compat_print_state(dom);
    INT(virDomainUndefine(dom));
    virDomainFree(dom);
}


static void
check_read_only(void)
{
    virConnectPtr ro;
    virDomainPtr dom;

    compat_section("read-only connection");
    if (!(ro = CONN(virConnectOpenReadOnly(COMPAT_URI))))
        return;
    if ((dom = DOM(virDomainLookupByName(ro, "test")))) {
        INT(virDomainSuspend(dom));
        INT(virDomainResume(dom));
        INT(virDomainDestroy(dom));
        INT(virDomainDestroyFlags(dom, 0));
        INT(virDomainCreate(dom));
        INT(virDomainCreateWithFlags(dom, 0));
        INT(virDomainUndefine(dom));
        INT(virDomainUndefineFlags(dom, 0));
        STR(virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE));
        INT(virDomainGetState(dom, &(int){0}, NULL, 0));
        compat_print_state(dom);
        virDomainFree(dom);
    }
    compat_free_dom(DOM(virDomainDefineXML(ro, other_xml)));
    compat_free_dom(DOM(virDomainDefineXMLFlags(ro, other_xml, 0)));
    compat_free_dom(DOM(virDomainCreateXML(ro, other_xml, 0)));
    INT(virConnectClose(ro));
}


typedef struct {
    const char *name;
    unsigned int flag;
} flagName;

#define FLAG(x) { #x, x }


/* Every creation flag on a shut-off domain, one at a time. */
static void
check_start_flags(virDomainPtr dom)
{
    static const flagName flags[] = {
        FLAG(VIR_DOMAIN_START_AUTODESTROY), FLAG(VIR_DOMAIN_START_BYPASS_CACHE),
        FLAG(VIR_DOMAIN_START_FORCE_BOOT), FLAG(VIR_DOMAIN_START_VALIDATE),
        FLAG(VIR_DOMAIN_START_RESET_NVRAM),
    };

    compat_section("start and destroy flags");
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
        compat_say("virDomainCreateWithFlags(dom, %s) = %d", flags[i].name,
                   virDomainCreateWithFlags(dom, flags[i].flag));
        compat_print_error();
        compat_print_state(dom);
    }
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    INT(virDomainDestroyFlags(dom, VIR_DOMAIN_DESTROY_REMOVE_LOGS));
    compat_print_state(dom);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
}


/* Every creation flag of virDomainCreateXML and every undefine flag. */
static void
check_define_flags(virConnectPtr conn)
{
    static const flagName create[] = {
        FLAG(VIR_DOMAIN_START_AUTODESTROY),
        FLAG(VIR_DOMAIN_START_BYPASS_CACHE), FLAG(VIR_DOMAIN_START_FORCE_BOOT),
        FLAG(VIR_DOMAIN_START_VALIDATE), FLAG(VIR_DOMAIN_START_RESET_NVRAM),
    };
    static const flagName undefine[] = {
        FLAG(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE), FLAG(VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA),
        FLAG(VIR_DOMAIN_UNDEFINE_NVRAM), FLAG(VIR_DOMAIN_UNDEFINE_KEEP_NVRAM),
        FLAG(VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA), FLAG(VIR_DOMAIN_UNDEFINE_TPM),
        FLAG(VIR_DOMAIN_UNDEFINE_KEEP_TPM),
    };
    virDomainPtr dom;

    compat_section("create and undefine flags");
    for (size_t i = 0; i < sizeof(create) / sizeof(create[0]); i++) {
        dom = virDomainCreateXML(conn, other_xml, create[i].flag);
        compat_say("virDomainCreateXML(conn, other_xml, %s) = %s", create[i].name,
                   dom ? "ok" : "NULL");
        compat_print_error();
        if (dom) {
            compat_print_state(dom);
            virDomainDestroy(dom);
            virDomainFree(dom);
        }
    }
    for (size_t i = 0; i < sizeof(undefine) / sizeof(undefine[0]); i++) {
        if (!(dom = virDomainDefineXML(conn, other_xml))) {
            compat_print_error();
            continue;
        }
        compat_say("virDomainUndefineFlags(dom, %s) = %d", undefine[i].name,
                   virDomainUndefineFlags(dom, undefine[i].flag));
        compat_print_error();
        virDomainUndefine(dom);
        virDomainFree(dom);
    }
    compat_print_exists(conn, "other");
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    if (!(dom = compat_begin(&conn)))
        return 1;
    check_lookup(conn);
    check_accessors(conn, dom);
    check_null_domain();
    check_xml(dom);
    check_lifecycle(dom);
    check_define(conn);
    check_define_errors(conn);
    check_transient(conn);
    check_read_only();
    check_start_flags(dom);
    check_define_flags(conn);
    /* Last: libvirt fails to start the domain here, so the IDs part. */
    check_start_paused(conn, dom);
    return compat_end(conn, dom);
}
