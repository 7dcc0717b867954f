/*
 * test-qemu-snapshot-tree.c: reverting and deleting in snapshot trees on
 * real QEMU and images, checked through the data the guest sees
 *
 * Each case writes a pattern before each snapshot, then checks that
 * reverting brings back that snapshot's pattern, and that deleting a
 * snapshot anywhere in the tree leaves every other one reverting to its
 * own data.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "qemutest.h"


#define DISK_ONLY VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY


/* Reverts to @name with @flags and checks pattern @pattern on each of
 * @ndisks disks (pattern + disk index), running or not. */
static void
revertAndCheck(virDomainPtr dom, const char *name, unsigned int flags, int ndisks,
               int pattern)
{
    if (apiRevert(dom, name, flags) < 0) {
        testFail(__FILE__, __LINE__, "revert to %s: %s", name, virGetLastErrorMessage());
        return;
    }
    for (int d = 0; d < ndisks; d++) {
        if (!qtCheckAny(dom, d, pattern + d))
            testFail(__FILE__, __LINE__, "after revert to %s, disk %d lacks pattern 0x%02x",
                     name, d, pattern + d);
    }
}


static void
writeAny(virDomainPtr dom, int ndisks, int pattern)
{
    for (int d = 0; d < ndisks; d++) {
        if (virDomainIsActive(dom) == 1)
            qtWrite(dom, d, pattern + d);
        else
            qtWriteOffline(dom, d, pattern + d);
    }
}


/* ---- internal ---- */

static void
test_internal_online_in_place(void)
{
    qtEnv env;
    virDomainPtr dom;
    unsigned int id;
    g_autofree char *state = NULL;
    g_autofree char *paused = NULL;
    g_autofree char *current = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        CHECK_INT(virDomainCreate(dom), 0);
        id = virDomainGetID(dom);
        writeAny(dom, 2, 0x10);
        CHECK_INT(apiSnap(dom, "s1", 0), 0);
        writeAny(dom, 2, 0x20);
        CHECK_INT(apiSnap(dom, "s2", 0), 0);
        writeAny(dom, 2, 0x30);
        revertAndCheck(dom, "s1", 0, 2, 0x10);
        /* The same QEMU: snapshot-load, no restart. */
        CHECK_INT(virDomainGetID(dom), id);
        state = qtState(dom);
        CHECK_STR(state, "running/from_snapshot");
        current = apiCurrent(dom);
        CHECK_STR(current, "s1");
        revertAndCheck(dom, "s2", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED, 2, 0x20);
        paused = qtState(dom);
        CHECK_STR(paused, "paused/from_snapshot");
        CHECK_INT(virDomainGetID(dom), id);
        /* A branch from s1. */
        revertAndCheck(dom, "s1", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING, 2, 0x10);
        writeAny(dom, 2, 0x40);
        CHECK_INT(apiSnap(dom, "s3", 0), 0);
        {
            g_autofree char *parent = apiParent(dom, "s3");

            CHECK_STR(parent, "s1");
        }
        revertAndCheck(dom, "s2", 0, 2, 0x20);
        revertAndCheck(dom, "s3", 0, 2, 0x40);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_internal_offline(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        writeAny(dom, 2, 0x10);
        CHECK_INT(apiSnap(dom, "o1", 0), 0);
        writeAny(dom, 2, 0x20);
        CHECK_INT(apiSnap(dom, "o2", 0), 0);
        writeAny(dom, 2, 0x30);
        revertAndCheck(dom, "o1", 0, 2, 0x10);
        state = qtState(dom);
        CHECK_STR(state, "shutoff/from_snapshot");
        revertAndCheck(dom, "o2", 0, 2, 0x20);
        /* Asking to run an offline snapshot boots it. */
        revertAndCheck(dom, "o1", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED, 2, 0x10);
        CHECK_INT(virDomainIsActive(dom), 1);
        /* Respawning a running guest for an offline snapshot is risky. */
        CHECK_INT(apiRevert(dom, "o2", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING), -1);
        CHECK_ERROR(VIR_ERR_SNAPSHOT_REVERT_RISKY, "must respawn guest");
        revertAndCheck(dom, "o2", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, 2, 0x20);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* A snapshot of a running guest, reverted while the domain is off:
 * QEMU starts and loads the VM state. */
static void
test_internal_online_from_off(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 1, 0x11);
        CHECK_INT(apiSnap(dom, "live", 0), 0);
        CHECK_INT(virDomainDestroy(dom), 0);
        writeAny(dom, 1, 0x99);
        revertAndCheck(dom, "live", 0, 1, 0x11);
        state = qtState(dom);
        CHECK_STR(state, "running/from_snapshot");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- external ---- */

static void
test_external_branches(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;
    g_autofree char *chain = NULL;
    g_autofree char *chain2 = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 2, 0x10);
        CHECK_INT(apiSnap(dom, "e1", DISK_ONLY), 0);
        writeAny(dom, 2, 0x20);
        CHECK_INT(apiSnap(dom, "e2", DISK_ONLY), 0);
        writeAny(dom, 2, 0x30);
        /* A disk-only snapshot has no VM state: the domain is off after. */
        revertAndCheck(dom, "e1", 0, 2, 0x10);
        state = qtState(dom);
        CHECK_STR(state, "shutoff/from_snapshot");
        /* A fresh overlay on e1's frozen image. */
        chain = qtDiskChain(dom, 0);
        CHECK_STR(chain, "disk0.e1-1<disk0.qcow2");
        /* A new branch from e1, then back to the other branch. */
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 2, 0x40);
        CHECK_INT(apiSnap(dom, "e3", DISK_ONLY), 0);
        revertAndCheck(dom, "e2", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE |
                                  VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING, 2, 0x20);
        revertAndCheck(dom, "e3", 0, 2, 0x40);
        revertAndCheck(dom, "e1", 0, 2, 0x10);
        chain2 = qtDiskChain(dom, 1);
        CHECK(g_str_has_suffix(chain2, "<disk1.qcow2"));
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_external_memory_revert(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *xml = NULL;
    g_autofree char *mem = NULL;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    mem = qtPath(&env, "m1.mem");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 1, 0x61);
        xml = g_strdup_printf("<domainsnapshot><name>m1</name>"
                              "<memory snapshot='external' file='%s'/>"
                              "</domainsnapshot>", mem);
        CHECK_INT(apiSnap(dom, xml, 0), 0);
        writeAny(dom, 1, 0x62);
        revertAndCheck(dom, "m1", 0, 1, 0x61);
        state = qtState(dom);
        CHECK_STR(state, "running/from_snapshot");
        /* From an inactive domain too. */
        CHECK_INT(virDomainDestroy(dom), 0);
        revertAndCheck(dom, "m1", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED, 1, 0x61);
        g_free(state);
        state = qtState(dom);
        CHECK_STR(state, "paused/from_snapshot");
        /* Deleting it removes the memory file. */
        CHECK_INT(apiDelete(dom, "m1", 0), 0);
        CHECK(!g_file_test(mem, G_FILE_TEST_EXISTS));
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- delete ---- */

static void
test_delete_internal_middle(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img = NULL;
    g_autofree char *snaps = NULL;
    g_autofree char *parent = NULL;
    g_autofree char *snaps2 = NULL;

    if (!qtSetUp(&env))
        return;
    img = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 1, 0x10);
        CHECK_INT(apiSnap(dom, "i1", 0), 0);
        writeAny(dom, 1, 0x20);
        CHECK_INT(apiSnap(dom, "i2", 0), 0);
        writeAny(dom, 1, 0x30);
        CHECK_INT(apiSnap(dom, "i3", 0), 0);
        /* Online: snapshot-delete in the running QEMU. */
        CHECK_INT(apiDelete(dom, "i2", 0), 0);
        snaps = qtImageSnapshots(img);
        CHECK_STR(snaps, "i1 i3");
        parent = apiParent(dom, "i3");
        CHECK_STR(parent, "i1");
        revertAndCheck(dom, "i1", 0, 1, 0x10);
        revertAndCheck(dom, "i3", 0, 1, 0x30);
        /* Offline. */
        CHECK_INT(virDomainDestroy(dom), 0);
        CHECK_INT(apiDelete(dom, "i1", 0), 0);
        snaps2 = qtImageSnapshots(img);
        CHECK_STR(snaps2, "i3");
        revertAndCheck(dom, "i3", 0, 1, 0x30);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_delete_external_middle_and_leaf(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *chain = NULL;
    g_autofree char *chain2 = NULL;
    g_autofree char *list = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 2, 0x10);
        CHECK_INT(apiSnap(dom, "e1", DISK_ONLY), 0);
        writeAny(dom, 2, 0x20);
        CHECK_INT(apiSnap(dom, "e2", DISK_ONLY), 0);
        writeAny(dom, 2, 0x30);
        CHECK_INT(apiSnap(dom, "e3", DISK_ONLY), 0);
        writeAny(dom, 2, 0x40);
        /* e2 in the middle: its overlay merges into its frozen image,
         * inside the running QEMU's chain. */
        CHECK_INT(apiDelete(dom, "e2", 0), 0);
        chain = qtDiskChain(dom, 0);
        CHECK_STR(chain, "disk0.e3<disk0.e1<disk0.qcow2");
        {
            g_autofree char *merged = qtPath(&env, "disk0.e2");

            CHECK(!g_file_test(merged, G_FILE_TEST_EXISTS));
        }
        CHECK(qtCheck(dom, 0, 0x40));
        CHECK(qtCheck(dom, 1, 0x41));
        /* The leaf, whose overlay is the active layer: active commit. */
        CHECK_INT(apiDelete(dom, "e3", 0), 0);
        chain2 = qtDiskChain(dom, 0);
        CHECK_STR(chain2, "disk0.e1<disk0.qcow2");
        CHECK(qtCheck(dom, 0, 0x40));
        list = apiList(dom, NULL, 0);
        CHECK_STR(list, "e1");
        revertAndCheck(dom, "e1", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, 2, 0x10);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* After merging an overlay in the running QEMU (active and intermediate
 * commits), new overlays can go on the merged images: QEMU must not keep
 * the merged layers' nodes, which would hold the images as backing. */
static void
test_snapshot_after_online_merges(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *chain = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 1, 0x10);
        CHECK_INT(apiSnap(dom, "e1", DISK_ONLY), 0);
        writeAny(dom, 1, 0x20);
        CHECK_INT(apiDelete(dom, "e1", 0), 0);          /* active commit */
        CHECK_INT(apiSnap(dom, "e2", DISK_ONLY), 0);
        writeAny(dom, 1, 0x30);
        CHECK_INT(apiSnap(dom, "e3", DISK_ONLY), 0);
        writeAny(dom, 1, 0x40);
        CHECK_INT(apiDelete(dom, "e2", 0), 0);          /* intermediate commit */
        CHECK_INT(apiSnap(dom, "e4", DISK_ONLY), 0);
        chain = qtDiskChain(dom, 0);
        CHECK_STR(chain, "disk0.e4<disk0.e3<disk0.qcow2");
        CHECK(qtCheck(dom, 0, 0x40));
        revertAndCheck(dom, "e3", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, 1, 0x30);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* Deleting a snapshot on a branch the domain is not on (files only),
 * and a branching point, which keeps the image every branch needs. */
static void
test_delete_external_other_branch(void)
{
    qtEnv env;
    virDomainPtr dom;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        writeAny(dom, 1, 0x10);
        CHECK_INT(apiSnap(dom, "a", DISK_ONLY), 0);
        writeAny(dom, 1, 0x20);
        CHECK_INT(apiSnap(dom, "b", DISK_ONLY), 0);
        writeAny(dom, 1, 0x30);
        CHECK_INT(apiSnap(dom, "c", DISK_ONLY), 0);
        writeAny(dom, 1, 0x40);
        revertAndCheck(dom, "a", 0, 1, 0x10);
        writeAny(dom, 1, 0x50);
        CHECK_INT(apiSnap(dom, "d", DISK_ONLY), 0);
        /* a is a branching point: b's and d's images depend on it. */
        CHECK_INT(apiDelete(dom, "a", 0), 0);
        revertAndCheck(dom, "b", 0, 1, 0x20);
        revertAndCheck(dom, "d", 0, 1, 0x50);
        /* b, on the other branch, while running on d's branch. */
        CHECK_INT(virDomainCreate(dom), 0);
        CHECK_INT(apiDelete(dom, "b", 0), 0);
        CHECK(qtCheck(dom, 0, 0x50));
        revertAndCheck(dom, "c", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, 1, 0x30);
        revertAndCheck(dom, "d", 0, 1, 0x50);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_delete_children(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img = NULL;
    g_autofree char *list = NULL;
    g_autofree char *list2 = NULL;
    g_autofree char *list3 = NULL;
    g_autofree char *snaps = NULL;
    g_autofree char *current = NULL;

    if (!qtSetUp(&env))
        return;
    img = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        writeAny(dom, 1, 0x10);
        CHECK_INT(apiSnap(dom, "r", 0), 0);
        CHECK_INT(apiSnap(dom, "r-a", 0), 0);
        CHECK_INT(apiSnap(dom, "r-a-x", 0), 0);
        revertAndCheck(dom, "r", 0, 1, 0x10);
        CHECK_INT(apiSnap(dom, "r-b", 0), 0);
        CHECK_INT(apiDelete(dom, "r-a", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
        list = apiList(dom, NULL, 0);
        CHECK_STR(list, "r r-a r-b");
        CHECK_INT(apiDelete(dom, "r", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
        list2 = apiList(dom, NULL, 0);
        CHECK_STR(list2, "r");
        snaps = qtImageSnapshots(img);
        CHECK_STR(snaps, "r");
        current = apiCurrent(dom);
        CHECK_STR(current, "r");
        /* Metadata only: the image keeps its snapshot. */
        CHECK_INT(apiDelete(dom, "r", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
        list3 = apiList(dom, NULL, 0);
        CHECK_STR(list3, "");
        g_free(snaps);
        snaps = qtImageSnapshots(img);
        CHECK_STR(snaps, "r");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- mixed trees ---- */

/* An internal snapshot under an external one: its image is frozen, so
 * reverting copies the snapshot into a new overlay; deleting the
 * external parent keeps the tree's data. */
static void
test_mixed_tree(void)
{
    qtEnv env;
    virDomainPtr dom;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        writeAny(dom, 1, 0x10);
        /* (a comma, which qemu-img's option syntax needs doubled) */
        CHECK_INT(apiSnap(dom, "int1,a", 0), 0);
        writeAny(dom, 1, 0x20);
        CHECK_INT(apiSnap(dom, "ext1", DISK_ONLY), 0);
        writeAny(dom, 1, 0x30);
        CHECK_INT(apiSnap(dom, "int2", 0), 0);
        writeAny(dom, 1, 0x40);
        revertAndCheck(dom, "int1,a", 0, 1, 0x10);
        revertAndCheck(dom, "ext1", 0, 1, 0x20);
        revertAndCheck(dom, "int2", 0, 1, 0x30);
        revertAndCheck(dom, "int1,a", 0, 1, 0x10);
        /* int2 lives in ext1's overlay, which then holds an internal
         * snapshot: deleting ext1 keeps the files. */
        CHECK_INT(apiDelete(dom, "ext1", 0), 0);
        revertAndCheck(dom, "int2", 0, 1, 0x30);
        revertAndCheck(dom, "int1,a", 0, 1, 0x10);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* The VM state of an internal snapshot in an image that is now a
 * backing file cannot be loaded: risky without FORCE. */
static void
test_mixed_online_frozen(void)
{
    qtEnv env;
    virDomainPtr dom;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        writeAny(dom, 1, 0x10);
        CHECK_INT(apiSnap(dom, "live", 0), 0);
        writeAny(dom, 1, 0x20);
        CHECK_INT(apiSnap(dom, "ext", DISK_ONLY), 0);
        CHECK_INT(apiRevert(dom, "live", 0), -1);
        CHECK_ERROR(VIR_ERR_SNAPSHOT_REVERT_RISKY, "now a backing file");
        CHECK(qtCheck(dom, 0, 0x20));
        revertAndCheck(dom, "live", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, 1, 0x10);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- crash detection ---- */

static void
test_interrupted_operation(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *journal = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(apiSnap(dom, "s1", 0), 0);
        virDomainFree(dom);
    }
    /* As if the process died between changing images and metadata. */
    journal = g_strdup_printf("%s/lib/qemu/snapshot/guest/journal", env.root);
    CHECK(g_file_set_contents(journal, "creation of snapshot 's2' started\n"
                                       "internal snapshot in /x\n", -1, NULL));
    qtReopen(&env);
    if ((dom = virDomainLookupByName(env.conn, "guest"))) {
        g_autofree char *list = NULL;

        CHECK_INT(apiSnap(dom, "s3", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_FAILED, "interrupted snapshot operation");
        CHECK_INT(apiRevert(dom, "s1", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_FAILED, "creation of snapshot 's2'");
        CHECK_INT(apiDelete(dom, "s1", 0), -1);
        /* Metadata work stays possible, to repair. */
        list = apiList(dom, NULL, 0);
        CHECK_STR(list, "s1");
        CHECK_INT(apiDelete(dom, "s1", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), 0);
        virDomainFree(dom);
    }
    CHECK_INT(unlink(journal), 0);
    qtReopen(&env);
    if ((dom = virDomainLookupByName(env.conn, "guest"))) {
        CHECK_INT(apiSnap(dom, "s4", 0), 0);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static const testCase tests[] = {
    TEST_CASE(test_internal_online_in_place),
    TEST_CASE(test_internal_offline),
    TEST_CASE(test_internal_online_from_off),
    TEST_CASE(test_external_branches),
    TEST_CASE(test_external_memory_revert),
    TEST_CASE(test_delete_internal_middle),
    TEST_CASE(test_delete_external_middle_and_leaf),
    TEST_CASE(test_delete_external_other_branch),
    TEST_CASE(test_snapshot_after_online_merges),
    TEST_CASE(test_delete_children),
    TEST_CASE(test_mixed_tree),
    TEST_CASE(test_mixed_online_frozen),
    TEST_CASE(test_interrupted_operation),
    {}
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
