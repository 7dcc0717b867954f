/*
 * compat-snapshot-revert.c: revert transitions and their errors
 *
 * Every combination of the domain's state before the revert (running,
 * paused, shut off), the snapshot's state (running, paused, shut off) and
 * the flags (none, RUNNING, PAUSED, FORCE and their combinations), then
 * the reverts that need FORCE and the transient-domain rule.
 *
 * IDs are not printed, only whether a revert gave the domain a new one
 * (a new hypervisor process): libvirt and snapvirt differ in how many
 * times the domain starts in the [diverges] sections, so later IDs would.
 * They are read through a fresh lookup, since a handle keeps the ID it was
 * made with.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

static const struct { const char *name; int state; } before[] = {
    { "running", VIR_DOMAIN_RUNNING },
    { "paused", VIR_DOMAIN_PAUSED },
    { "shutoff", VIR_DOMAIN_SHUTOFF },
};

static const struct { const char *name; unsigned int flags; } revert_flags[] = {
    { "0", 0 },
    { "FORCE", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE },
    { "RUNNING", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING },
    { "PAUSED", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED },
    { "RUNNING|FORCE", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                       VIR_DOMAIN_SNAPSHOT_REVERT_FORCE },
    { "PAUSED|FORCE", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                      VIR_DOMAIN_SNAPSHOT_REVERT_FORCE },
};


/* The domain's current ID, through a fresh handle. */
static int
current_id(virDomainPtr dom)
{
    virDomainPtr fresh = virDomainLookupByName(virDomainGetConnect(dom),
                                               virDomainGetName(dom));
    int id = fresh ? (int)virDomainGetID(fresh) : -2;

    compat_free_dom(fresh);
    return id;
}


/* Prints the state and whether the ID changed since @id_before. */
static void
print_state_since(virDomainPtr dom, int id_before)
{
    int state = -1, reason = -1;
    int id = current_id(dom);

    if (virDomainGetState(dom, &state, &reason, 0) < 0) {
        compat_print_error();
        return;
    }
    compat_say("  -> state %d reason %d active %d id %s", state, reason,
               virDomainIsActive(dom),
               id < 0 ? "none" : id == id_before ? "kept" : "new");
}


static void
print_state(virDomainPtr dom)
{
    print_state_since(dom, current_id(dom));
}


/* Takes "run", "pause" and "off" in those states; leaves it running. */
static void
take_snapshots(virDomainPtr dom)
{
    compat_section("snapshots to revert to");
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    compat_take(dom, "run", NULL, 0);
    compat_set_state(dom, VIR_DOMAIN_PAUSED);
    compat_take(dom, "pause", NULL, 0);
    compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
    compat_take(dom, "off", NULL, 0);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    compat_print_tree(dom);
}


/* Reverts to @snap with @flags from each starting state. */
static void
revert_from_each_state(virDomainPtr dom, const char *snap, unsigned int flags)
{
    for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
        virDomainSnapshotPtr s;
        int ret;

        int id;

        if (compat_set_state(dom, before[i].state) < 0 ||
            !(s = compat_lookup(dom, snap)))
            continue;
        id = current_id(dom);
        ret = virDomainRevertToSnapshot(s, flags);
        compat_say("from %s: revert %s flags=0x%x = %d", before[i].name, snap,
                   flags, ret);
        if (ret < 0)
            compat_print_error();
        print_state_since(dom, id);
        compat_say("  current is %s: %d", snap, virDomainSnapshotIsCurrent(s, 0));
        virDomainSnapshotFree(s);
    }
}


static void
check_transitions(virDomainPtr dom)
{
    static const char *const snaps[] = { "run", "pause", "off" };

    for (size_t s = 0; s < sizeof(snaps) / sizeof(snaps[0]); s++) {
        for (size_t f = 0; f < sizeof(revert_flags) / sizeof(revert_flags[0]); f++) {
            bool starts_inactive = s == 2 &&
                (revert_flags[f].flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                          VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED));

            if (starts_inactive)
                compat_section("revert to %s with %s [diverges: libvirt 9.0 reports "
                               "success but leaves the domain shut off when asked "
                               "to run or pause an inactive snapshot; snapvirt "
                               "starts it, and like libvirt's QEMU driver wants "
                               "FORCE to respawn a running guest for it]",
                               snaps[s], revert_flags[f].name);
            else
                compat_section("revert to %s with %s", snaps[s], revert_flags[f].name);
            revert_from_each_state(dom, snaps[s], revert_flags[f].flags);
        }
    }
}


static void
check_flag_errors(virDomainPtr dom)
{
    virDomainSnapshotPtr snap = compat_lookup(dom, "run");

    compat_section("revert flag errors");
    if (!snap)
        return;
    /* A fresh start: the [diverges] sections before leave other states. */
    compat_set_state(dom, VIR_DOMAIN_SHUTOFF);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    INT(virDomainRevertToSnapshot(snap, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED));
    INT(virDomainRevertToSnapshot(snap, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                                        VIR_DOMAIN_SNAPSHOT_REVERT_FORCE));
    INT(virDomainRevertToSnapshot(snap, 1u << 30));
    INT(virDomainRevertToSnapshot(NULL, 0));
    print_state(dom);
    virDomainSnapshotFree(snap);

    compat_section("revert with RESET_NVRAM, which the test driver refuses");
    compat_revert(dom, "run", VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM);
    print_state(dom);
}


#define DOMAIN_XML(vcpus) \
    "<domain type='test'><name>test</name>" \
    "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>" \
    "<memory>8388608</memory><currentMemory>2097152</currentMemory>" \
    "<vcpu>" vcpus "</vcpu><os><type arch='i686'>hvm</type></os>" \
    "<devices><disk type='file' device='disk'>" \
    "<source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/>" \
    "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>" \
    "</disk></devices></domain>"


static void
redefine(virDomainPtr dom, const char *xml)
{
    virDomainSnapshotPtr snap =
        virDomainSnapshotCreateXML(dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE);

    compat_say("redefine = %s", snap ? virDomainSnapshotGetName(snap) : "failed");
    if (!snap)
        compat_print_error();
    compat_free_snap(snap);
}


static void
check_force(virDomainPtr dom)
{
    /* Neither library lets such a snapshot in, so "lacks domain rollback
     * info" (VIR_ERR_SNAPSHOT_REVERT_RISKY) cannot be reached. */
    compat_section("redefine a snapshot without a domain definition");
    redefine(dom, "<domainsnapshot><name>bare</name><state>running</state>"
                  "<creationTime>1</creationTime></domainsnapshot>");
    INT(virDomainSnapshotNum(dom, 0));

    compat_section("revert to a running snapshot of an incompatible definition "
                   "[diverges: libvirt 9.0's test driver reverts without FORCE; "
                   "snapvirt, like libvirt's QEMU driver and the API's documented "
                   "contract, reports VIR_ERR_SNAPSHOT_REVERT_RISKY without it]");
    redefine(dom, "<domainsnapshot><name>abi</name><state>running</state>"
                  "<creationTime>1</creationTime>" DOMAIN_XML("4")
                  "</domainsnapshot>");
    revert_from_each_state(dom, "abi", 0);
    revert_from_each_state(dom, "abi", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    compat_revert(dom, "run", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE);
    compat_set_state(dom, VIR_DOMAIN_RUNNING);
    print_state(dom);
}


static const char transient_xml[] =
    "<domain type='test'><name>temp</name>"
    "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<memory>1048576</memory><os><type>hvm</type></os></domain>";


static void
check_transient(virConnectPtr conn)
{
    virDomainPtr dom;

    compat_section("transient domain and an inactive snapshot");
    if (!(dom = virDomainCreateXML(conn, transient_xml, 0))) {
        compat_print_error();
        return;
    }
    print_state(dom);
    compat_take(dom, "t-run", NULL, 0);
    redefine(dom, "<domainsnapshot><name>t-off</name><state>shutoff</state>"
                  "<creationTime>1</creationTime>"
                  "<domain type='test'><name>temp</name>"
                  "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
                  "<memory>1048576</memory><os><type>hvm</type></os></domain>"
                  "</domainsnapshot>");
    compat_revert(dom, "t-off", 0);
    print_state(dom);
    compat_revert(dom, "t-run", 0);
    print_state(dom);
    INT(virDomainSnapshotNum(dom, 0));
    INT(virDomainDestroy(dom));
    INT(virDomainSnapshotNum(dom, 0));
    virDomainFree(dom);
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    if (!(dom = compat_begin(&conn)))
        return 1;
    take_snapshots(dom);
    check_transitions(dom);
    check_flag_errors(dom);
    check_force(dom);
    check_transient(conn);
    return compat_end(conn, dom);
}
