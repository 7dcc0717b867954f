/*
 * test-api-blockjob.c: block commit, pull and copy on the test driver's
 * simulated disks, driven by the event loop: the chain after each case
 * of the commit rules, the data the guest sees, progress and speed,
 * two-phase jobs, events in order, failure injection and the errors
 *
 * Fixture: tests/data/fixtures/blockjobs.xml (layers and their data are
 * described there).  The event loop is registered once in main(); each
 * virEventRunDefaultImpl() call sleeps until the next job tick (50 ms).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>
#include <libvirt/libvirt-qemu.h>

#include "apiutils.h"

#define MiB (1024ULL * 1024)
/* VIR_DOMAIN_EVENT_CALLBACK, without -Wcast-function-type's complaint. */
#define CB(cb) ((virConnectDomainEventGenericCallback)(void (*)(void))(cb))
#define BASE "/bj/base.qcow2"
#define SNAP1 "/bj/snap1.qcow2"
#define SNAP2 "/bj/snap2.qcow2"
#define ACTIVE "/bj/active.qcow2"
/* What the guest sees on vda before any job. */
#define VDA_VIEW "0k+1024k=0b 1024k+1024k=51 2048k+1024k=52 3072k+512k=ac 3584k+512k=0b"

typedef struct {
    virConnectPtr conn;
    virDomainPtr dom;
    GString *events;            /* "2:vda:3 ..." (BLOCK_JOB_2), "1:PATH:..." */
    int ids[4];
} fixture;


static void
onBlockJob(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
           const char *disk, int type, int status, void *opaque)
{
    fixture *f = opaque;

    g_string_append_printf(f->events, "%s%s:%d:%d", f->events->len ? " " : "",
                           disk, type, status);
}


static int
onLifecycle(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
            int event, int detail, void *opaque)
{
    fixture *f = opaque;

    g_string_append_printf(f->events, "%s%s/%d/%d", f->events->len ? " " : "",
                           virDomainGetName(dom), event, detail);
    return 0;
}


static void
setUp(fixture *f)
{
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/blockjobs.xml",
                                           testSourceDir());

    memset(f, 0, sizeof(*f));
    f->conn = apiOpen(uri);
    f->dom = virDomainLookupByName(f->conn, "bj");
    f->events = g_string_new(NULL);
    f->ids[0] = virConnectDomainEventRegisterAny(f->conn, NULL,
                                                 VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2,
                                                 CB(onBlockJob),
                                                 f, NULL);
    f->ids[1] = f->ids[2] = f->ids[3] = -1;
    CHECK(f->ids[0] >= 0);
}


static void
tearDown(fixture *f)
{
    for (size_t i = 0; i < G_N_ELEMENTS(f->ids); i++) {
        if (f->ids[i] >= 0)
            CHECK_INT(virConnectDomainEventDeregisterAny(f->conn, f->ids[i]), 0);
    }
    virDomainFree(f->dom);
    CHECK_INT(virConnectClose(f->conn), 0);
    g_string_free(f->events, TRUE);
}


/* Runs the loop until @disk has no job (at most @max iterations);
 * returns the iterations it took. */
static int
runUntilIdle(virDomainPtr dom, const char *disk, int max)
{
    virDomainBlockJobInfo info;

    for (int i = 0; i < max; i++) {
        if (virDomainGetBlockJobInfo(dom, disk, &info, 0) == 0) {
            virEventRunDefaultImpl();   /* deliver the last events */
            return i;
        }
        virEventRunDefaultImpl();
    }
    return -1;
}


/* Runs the loop until the job on @disk has made one step (its cursor
 * moved, or it ended); returns the new cursor. */
static unsigned long long
tick(virDomainPtr dom, const char *disk)
{
    virDomainBlockJobInfo info;
    unsigned long long before;

    if (virDomainGetBlockJobInfo(dom, disk, &info, 0) != 1)
        return 0;
    before = info.cur;
    for (int i = 0; i < 20; i++) {
        virEventRunDefaultImpl();
        if (virDomainGetBlockJobInfo(dom, disk, &info, 0) != 1 || info.cur != before)
            return info.cur;
    }
    return before;
}


/* Runs the loop until the job on @disk is READY (cur == end and the
 * READY event seen in @f); returns the iterations, -1 if it never is. */
static int
runUntilReady(fixture *f, const char *disk, int max)
{
    g_autofree char *ready = g_strdup_printf("%s:", disk);

    for (int i = 0; i < max; i++) {
        virEventRunDefaultImpl();
        if (strstr(f->events->str, ":3") && strstr(f->events->str, ready))
            return i;
    }
    return -1;
}




static void
guestWrite(virDomainPtr dom, const char *disk, unsigned long long off,
           unsigned long long len, int pattern)
{
    g_autofree char *cmd = g_strdup_printf(
        "{\"execute\":\"x-snapvirt-write\",\"arguments\":{\"disk\":\"%s\","
        "\"offset\":%llu,\"length\":%llu,\"pattern\":%d}}", disk, off, len, pattern);
    g_autofree char *reply = apiHook(dom, "%s", cmd);

    CHECK_STR(reply, "{\"return\":{}}");
}


/* ---- commit: the cases of the chain base <- snap1 <- snap2 <- active ---- */

static void
test_commit_top_to_bottom(void)
{
    fixture f;

    setUp(&f);
    /* top snap2, base NULL: everything above the bottom merges into base. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " BASE);
    CHECK_DATA(f.dom, "image", BASE, "0k+1024k=0b 1024k+1024k=51 2048k+1024k=52 3072k+1024k=0b");
    CHECK_DATA(f.dom, "disk", "vda", VDA_VIEW);
    CHECK_STR(f.events->str, "vda:3:0");
    /* Without DELETE the merged layers stay. */
    CHECK_DATA(f.dom, "image", SNAP2, "2048k+1024k=52");
    tearDown(&f);
}


static void
test_commit_shallow_uses_the_image_below_top(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_SHALLOW), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP1 " > " BASE);
    CHECK_DATA(f.dom, "image", SNAP1, "1024k+1024k=51 2048k+1024k=52");
    CHECK_DATA(f.dom, "image", BASE, "0k+4096k=0b");
    CHECK_DATA(f.dom, "disk", "vda", VDA_VIEW);

    /* SHALLOW names its own base: giving one too is an error. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", BASE, SNAP1, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_SHALLOW), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "must not be given");
    tearDown(&f);
}


static void
test_commit_by_index_between_two_layers(void)
{
    fixture f;

    setUp(&f);
    /* vda[2] is snap1 and vda[3] base, as index='N' in the live XML. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", "vda[3]", "vda[2]", 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP2 " > " BASE);
    CHECK_DATA(f.dom, "disk", "vda", VDA_VIEW);
    tearDown(&f);
}


static void
test_commit_delete_and_relative(void)
{
    fixture f;
    g_autofree char *reply = NULL;

    setUp(&f);
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", SNAP1, SNAP2, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_DELETE |
                                   VIR_DOMAIN_BLOCK_COMMIT_RELATIVE), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP1 " > " BASE);
    /* DELETE unlinked the invalidated layer ... */
    CHECK(apiHook(f.dom, "{\"execute\":\"x-snapvirt-read\",\"arguments\":{\"image\":\"" SNAP2 "\"}}") == NULL);
    CHECK_ERROR(VIR_ERR_NO_STORAGE_VOL, SNAP2);
    /* ... and RELATIVE recorded the new backing by a relative name. */
    reply = apiHook(f.dom, "{\"execute\":\"x-snapvirt-read\",\"arguments\":{\"image\":\"" ACTIVE "\"}}");
    CHECK_CONTAINS(reply, "\"backing-name\":\"snap1.qcow2\"");
    CHECK_DATA(f.dom, "disk", "vda", VDA_VIEW);
    tearDown(&f);
}


static void
test_commit_argument_errors(void)
{
    fixture f;

    setUp(&f);
    /* NULL top is the active layer: that needs ACTIVE. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, NULL, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "requires active flag");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "is not active");
    /* Base must be below top. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", SNAP2, SNAP1, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "could not find image '" SNAP2 "' beneath");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", "vda[9]", NULL, 0, VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "could not find image 'vda[9]'");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, BASE, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "has no backing file");
    CHECK_INT(virDomainBlockCommit(f.dom, "vdz", NULL, NULL, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "disk 'vdz' not found");
    CHECK_INT(virDomainBlockCommit(f.dom, NULL, NULL, NULL, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "disk");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 0, 1U << 20), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "unsupported flags");
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, ~0UL, 0), -1);
    CHECK_ERROR(VIR_ERR_OVERFLOW, "bandwidth must be less than");
    /* Nothing changed. */
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP2 " > " SNAP1 " > " BASE);
    CHECK_STR(f.events->str, "");
    tearDown(&f);
}


/* ---- active commit: two phases ---- */

static void
test_active_commit_ready_then_pivot(void)
{
    fixture f;

    setUp(&f);
    /* 16 MiB/s: 0.8 MiB a tick, so the 3.5 MiB above base take 5 ticks. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, NULL, 16,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE |
                                   VIR_DOMAIN_BLOCK_COMMIT_DELETE), 0);
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), -1);
    CHECK_ERROR(VIR_ERR_BLOCK_COPY_ACTIVE, "not ready for pivot yet");
    CHECK_INT(tick(f.dom, "vda"), 16 * MiB / 20);
    CHECK(runUntilReady(&f, "vda", 20) >= 0);
    CHECK_STR(f.events->str, "vda:4:3");
    /* READY: writes reach both the active layer and base. */
    guestWrite(f.dom, "vda", 0, 64 * 1024, 0xee);
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), 0);
    virEventRunDefaultImpl();
    CHECK_STR(f.events->str, "vda:4:3 vda:4:0");
    CHECK_CHAIN(f.dom, "vda", BASE);
    CHECK_DATA(f.dom, "disk", "vda", "0k+64k=ee 64k+960k=0b 1024k+1024k=51 "
                                     "2048k+1024k=52 3072k+512k=ac 3584k+512k=0b");
    /* DELETE dropped the old active layer and the two merged ones. */
    CHECK(apiHook(f.dom, "{\"execute\":\"x-snapvirt-read\",\"arguments\":{\"image\":\"" ACTIVE "\"}}") == NULL);
    CHECK(apiHook(f.dom, "{\"execute\":\"x-snapvirt-read\",\"arguments\":{\"image\":\"" SNAP1 "\"}}") == NULL);
    tearDown(&f);
}


static void
test_active_commit_abort_keeps_the_chain(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, NULL, 1,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), 0);
    virEventRunDefaultImpl();
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", 0), 0);
    virEventRunDefaultImpl();
    CHECK_STR(f.events->str, "vda:4:2");
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP2 " > " SNAP1 " > " BASE);
    CHECK_DATA(f.dom, "disk", "vda", VDA_VIEW);
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "does not have an active block job");
    tearDown(&f);
}


/* ---- progress, speed and info ---- */

static void
test_progress_follows_bandwidth(void)
{
    fixture f;
    virDomainBlockJobInfo info;

    setUp(&f);
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info, 0), 0);
    /* 8 MiB/s is 400 KiB a tick; snap2 + snap1 hold 2 MiB to move. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 8, 0), 0);
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info, 0), 1);
    CHECK_INT(info.type, VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT);
    CHECK_INT(info.bandwidth, 8);
    CHECK_INT(info.cur, 0);
    CHECK_INT(info.end, 2 * MiB);
    CHECK_INT(tick(f.dom, "vda"), 8 * MiB / 20);
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info,
                                       VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES), 1);
    CHECK_INT(info.bandwidth, 8 * MiB);
    CHECK_INT(info.cur, 8 * MiB / 20);
    /* A new limit applies from the next tick. */
    CHECK_INT(virDomainBlockJobSetSpeed(f.dom, "vda", 1024 * 1024 * 20,
                                        VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES), 0);
    CHECK_INT(tick(f.dom, "vda"), 8 * MiB / 20 + MiB);
    CHECK_INT(virDomainBlockJobSetSpeed(f.dom, "vda", 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vda", 5) >= 0);
    CHECK_STR(f.events->str, "vda:3:0");
    CHECK_INT(virDomainBlockJobSetSpeed(f.dom, "vda", 1, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "does not have an active block job");
    tearDown(&f);
}


static void
test_one_job_per_disk(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 1, 0), 0);
    CHECK_INT(virDomainBlockPull(f.dom, ACTIVE, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "disk 'vda' already in active block job");
    /* Another disk is free, and snapshots wait for the job. */
    CHECK_INT(virDomainBlockPull(f.dom, "vdc", 0, 0), 0);
    CHECK_INT(apiSnap(f.dom, "s1", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already in active block job");
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC), 0);
    CHECK(runUntilIdle(f.dom, "vdc", 10) >= 0);
    tearDown(&f);
}


/* ---- pull ---- */

static void
test_pull_whole_chain_and_to_a_base(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", SNAP1, 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP1 " > " BASE);
    CHECK_DATA(f.dom, "image", ACTIVE, "2048k+1024k=52 3072k+512k=ac");
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vda", 10) >= 0);
    CHECK_CHAIN(f.dom, "vda", ACTIVE);
    CHECK_DATA(f.dom, "image", ACTIVE, VDA_VIEW);
    CHECK_STR(f.events->str, "vda:1:0 vda:1:0");
    tearDown(&f);
}


static void
test_pull_keeps_newer_guest_writes(void)
{
    fixture f;

    setUp(&f);
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 1024 * 1024 * 20,
                                 VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES), 0);
    CHECK_INT(tick(f.dom, "vda"), MiB);         /* the first 1 MiB came up */
    guestWrite(f.dom, "vda", 2 * MiB, 1 * MiB, 0x99);
    CHECK(runUntilIdle(f.dom, "vda", 20) >= 0);
    CHECK_DATA(f.dom, "disk", "vda", "0k+1024k=0b 1024k+1024k=51 2048k+1024k=99 "
                                     "3072k+512k=ac 3584k+512k=0b");
    tearDown(&f);
}


/* ---- copy ---- */

static void
test_copy_needs_transient_job_on_persistent_domain(void)
{
    fixture f;
    const char *dest = "<disk type='file'><source file='/bj/copy.qcow2'/>"
                       "<driver type='qcow2'/></disk>";

    setUp(&f);
    CHECK_INT(virDomainBlockCopy(f.dom, "vda", dest, NULL, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "domain is not transient");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", "/bj/copy.raw", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "domain is not transient");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", NULL, 0, VIR_DOMAIN_BLOCK_REBASE_COPY), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "base");
    CHECK_INT(virDomainBlockRebase(f.dom, "vda", NULL, 0, VIR_DOMAIN_BLOCK_REBASE_SHALLOW), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "requires a copy job");
    tearDown(&f);
}


static void
test_copy_mirrors_then_pivots(void)
{
    fixture f;
    virTypedParameter params[1] = { { .field = VIR_DOMAIN_BLOCK_COPY_BANDWIDTH,
                                      .type = VIR_TYPED_PARAM_ULLONG,
                                      .value.ul = 40 * MiB } };

    setUp(&f);
    CHECK_INT(virDomainBlockCopy(f.dom, "vda",
                                 "<disk type='file'><source file='/bj/copy.qcow2'/>"
                                 "<driver type='qcow2'/></disk>", params, 1,
                                 VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB), 0);
    CHECK_INT(tick(f.dom, "vda"), 2 * MiB);
    guestWrite(f.dom, "vda", 0, 64 * 1024, 0x44);     /* already copied: mirrored */
    guestWrite(f.dom, "vda", 3 * MiB, 64 * 1024, 0x45); /* not yet: copied later */
    CHECK(runUntilReady(&f, "vda", 10) >= 0);
    CHECK_STR(f.events->str, "vda:2:3");
    CHECK_CHAIN(f.dom, "vda", ACTIVE " > " SNAP2 " > " SNAP1 " > " BASE);
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), 0);
    virEventRunDefaultImpl();
    CHECK_STR(f.events->str, "vda:2:3 vda:2:0");
    CHECK_CHAIN(f.dom, "vda", "/bj/copy.qcow2");
    CHECK_DATA(f.dom, "disk", "vda", "0k+64k=44 64k+960k=0b 1024k+1024k=51 2048k+1024k=52 "
                                     "3072k+64k=45 3136k+448k=ac 3584k+512k=0b");
    tearDown(&f);
}


static void
test_shallow_copy_on_transient_domain_and_abort(void)
{
    fixture f;
    virDomainPtr tj;

    setUp(&f);
    tj = virDomainLookupByName(f.conn, "tj");
    /* Shallow: only the top layer moves; the copy shares the backing. */
    CHECK_INT(virDomainBlockRebase(tj, "vda", "/tj/copy.qcow2", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY |
                                   VIR_DOMAIN_BLOCK_REBASE_SHALLOW), 0);
    CHECK(runUntilReady(&f, "vda", 10) >= 0);
    CHECK_DATA(tj, "image", "/tj/copy.qcow2", "0k+64k=7b");
    /* Abort of a READY copy keeps the source and the finished copy. */
    CHECK_INT(virDomainBlockJobAbort(tj, "vda", 0), 0);
    virEventRunDefaultImpl();
    CHECK_STR(f.events->str, "vda:2:3 vda:2:2");
    CHECK_CHAIN(tj, "vda", "/tj/disk.qcow2 > /tj/base.raw");
    CHECK_DATA(tj, "image", "/tj/copy.qcow2", "0k+64k=7b");
    /* Shallow into raw needs a file made beforehand. */
    CHECK_INT(virDomainBlockRebase(tj, "vda", "/tj/copy2.raw", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY |
                                   VIR_DOMAIN_BLOCK_REBASE_SHALLOW |
                                   VIR_DOMAIN_BLOCK_REBASE_COPY_RAW), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "into a raw file is not possible");
    CHECK_INT(virDomainBlockRebase(tj, "vda", "/tj/missing.qcow2", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY |
                                   VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "missing destination file");
    CHECK_INT(virDomainBlockRebase(tj, "vda", "/tj/base.raw", 0,
                                   VIR_DOMAIN_BLOCK_REBASE_COPY), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "is in use");
    virDomainFree(tj);
    tearDown(&f);
}


/* ---- failures and events ---- */

static void
test_injected_failure_rolls_back(void)
{
    fixture f;

    setUp(&f);
    /* bottom.qcow2 fails after 1 MiB; 2 MiB of top are to be merged. */
    CHECK_INT(virDomainBlockCommit(f.dom, "vdc", NULL, NULL, 0,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), 0);
    CHECK(runUntilIdle(f.dom, "vdc", 10) >= 0);
    CHECK_STR(f.events->str, "vdc:4:1");
    CHECK_CHAIN(f.dom, "vdc", "/bj/top.qcow2 > /bj/bottom.qcow2");
    CHECK_DATA(f.dom, "disk", "vdc", "0k+2048k=02 2048k+2048k=01");
    /* A copy that the failure stops leaves no half-made destination. */
    CHECK_INT(virDomainBlockCopy(f.dom, "vdc", "<disk><source file='/bj/c.qcow2'/></disk>",
                                 NULL, 0, VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB), 0);
    CHECK(runUntilIdle(f.dom, "vdc", 10) >= 0);
    CHECK_STR(f.events->str, "vdc:4:1 vdc:2:1");
    CHECK(apiHook(f.dom, "{\"execute\":\"x-snapvirt-read\",\"arguments\":{\"image\":\"/bj/c.qcow2\"}}") == NULL);
    tearDown(&f);
}


static void
test_events_both_ids_and_lifecycle(void)
{
    fixture f;
    g_autofree char *expected = NULL;

    setUp(&f);
    f.ids[1] = virConnectDomainEventRegisterAny(f.conn, f.dom, VIR_DOMAIN_EVENT_ID_BLOCK_JOB,
                                                CB(onBlockJob), &f, NULL);
    f.ids[2] = virConnectDomainEventRegisterAny(f.conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                CB(onLifecycle), &f, NULL);
    CHECK(f.ids[1] >= 0 && f.ids[2] >= 0);
    CHECK_INT(virDomainBlockPull(f.dom, "vdb", 0, 0), 0);
    CHECK(runUntilIdle(f.dom, "vdb", 10) >= 0);
    /* Once per transition and per registration: the path, then vdb. */
    CHECK_STR(f.events->str, "vdb:1:0 /bj/data.raw:1:0");
    g_string_truncate(f.events, 0);
    CHECK_INT(virDomainSuspend(f.dom), 0);
    CHECK_INT(virDomainResume(f.dom), 0);
    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, NULL, 1,
                                   VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), 0);
    CHECK_INT(virDomainDestroy(f.dom), 0);
    CHECK_INT(virDomainCreate(f.dom), 0);
    virEventRunDefaultImpl();
    /* Stopping the domain fails its job. */
    expected = g_strdup_printf("bj/%d/%d bj/%d/%d vda:4:1 " ACTIVE ":4:1 bj/%d/%d bj/%d/%d",
                               VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED,
                               VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED,
                               VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED,
                               VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    CHECK_STR(f.events->str, expected);
    /* Deregistered callbacks are silent; unknown IDs are refused. */
    CHECK_INT(virConnectDomainEventDeregisterAny(f.conn, f.ids[2]), 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(f.conn, f.ids[2]), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "could not find event callback");
    f.ids[2] = -1;
    CHECK_INT(virConnectDomainEventRegisterAny(f.conn, NULL, 99,
                                               CB(onLifecycle), &f,
                                               NULL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "eventID");
    tearDown(&f);
}


static void
test_state_and_access_errors(void)
{
    fixture f;
    virConnectPtr ro;
    virDomainPtr rodom;
    virDomainBlockJobInfo info;
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/blockjobs.xml",
                                           testSourceDir());

    setUp(&f);
    ro = virConnectOpenReadOnly(uri);
    rodom = virDomainLookupByName(ro, "bj");
    CHECK_INT(virDomainBlockCommit(rodom, "vda", NULL, SNAP2, 0, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only");
    CHECK_INT(virDomainBlockJobAbort(rodom, "vda", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only");
    CHECK_INT(virDomainGetBlockJobInfo(rodom, "vda", &info, 0), 0);
    virDomainFree(rodom);
    virConnectClose(ro);

    CHECK_INT(virDomainBlockCommit(f.dom, "vda", NULL, SNAP2, 1, 0), 0);
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "requires an active copy job");
    CHECK_INT(virDomainDestroy(f.dom), 0);
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 0, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "domain is not running");
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "domain is not running");
    tearDown(&f);
}


static const testCase tests[] = {
    TEST_CASE(test_commit_top_to_bottom),
    TEST_CASE(test_commit_shallow_uses_the_image_below_top),
    TEST_CASE(test_commit_by_index_between_two_layers),
    TEST_CASE(test_commit_delete_and_relative),
    TEST_CASE(test_commit_argument_errors),
    TEST_CASE(test_active_commit_ready_then_pivot),
    TEST_CASE(test_active_commit_abort_keeps_the_chain),
    TEST_CASE(test_progress_follows_bandwidth),
    TEST_CASE(test_one_job_per_disk),
    TEST_CASE(test_pull_whole_chain_and_to_a_base),
    TEST_CASE(test_pull_keeps_newer_guest_writes),
    TEST_CASE(test_copy_needs_transient_job_on_persistent_domain),
    TEST_CASE(test_copy_mirrors_then_pivots),
    TEST_CASE(test_shallow_copy_on_transient_domain_and_abort),
    TEST_CASE(test_injected_failure_rolls_back),
    TEST_CASE(test_events_both_ids_and_lifecycle),
    TEST_CASE(test_state_and_access_errors),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    apiQuiet();
    if (virEventRegisterDefaultImpl() < 0)
        return 1;
    return testRun(argc, argv, tests);
}
