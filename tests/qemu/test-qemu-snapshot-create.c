/*
 * test-qemu-snapshot-create.c: taking snapshots on real QEMU and images
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "qemutest.h"


static void
test_internal_online(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img = NULL;
    g_autofree char *snaps = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *parent = NULL;
    g_autofree char *current = NULL;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    img = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        qtWrite(dom, 0, 0x11);
        CHECK_INT(apiSnap(dom, "s1", 0), 0);
        qtWrite(dom, 0, 0x22);
        CHECK_INT(apiSnap(dom, "s2", 0), 0);
        /* QEMU keeps running, and the images hold both snapshots. */
        state = qtState(dom);
        CHECK_STR(state, "running/booted");
        CHECK(qtCheck(dom, 0, 0x22));
        snaps = qtImageSnapshots(img);
        CHECK_STR(snaps, "s1 s2");
        xml = apiSnapXML(dom, "s1");
        CHECK_CONTAINS(xml, "<state>running</state>");
        CHECK_CONTAINS(xml, "<memory snapshot='internal'/>");
        CHECK_CONTAINS(xml, "<disk name='vda' snapshot='internal'/>");
        parent = apiParent(dom, "s2");
        CHECK_STR(parent, "s1");
        current = apiCurrent(dom);
        CHECK_STR(current, "s2");
        virDomainFree(dom);
    }
    /* The metadata persists: a new driver instance knows the tree. */
    qtReopen(&env);
    if ((dom = virDomainLookupByName(env.conn, "guest"))) {
        g_autofree char *list = apiList(dom, NULL, 0);
        g_autofree char *cur = apiCurrent(dom);
        g_autofree char *par = apiParent(dom, "s2");

        CHECK_STR(list, "s1 s2");
        CHECK_STR(cur, "s2");
        CHECK_STR(par, "s1");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_internal_offline_two_disks(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img0 = NULL;
    g_autofree char *img1 = NULL;
    g_autofree char *snaps0 = NULL;
    g_autofree char *snaps1 = NULL;
    g_autofree char *xml = NULL;

    if (!qtSetUp(&env))
        return;
    img0 = qtPath(&env, "disk0.qcow2");
    img1 = qtPath(&env, "disk1.qcow2");
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        CHECK_INT(apiSnap(dom, "off1", 0), 0);
        snaps0 = qtImageSnapshots(img0);
        snaps1 = qtImageSnapshots(img1);
        CHECK_STR(snaps0, "off1");
        CHECK_STR(snaps1, "off1");
        xml = apiSnapXML(dom, "off1");
        CHECK_CONTAINS(xml, "<state>shutoff</state>");
        CHECK_CONTAINS(xml, "<memory snapshot='no'/>");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_external_online_two_disks(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *chain0 = NULL;
    g_autofree char *chain1 = NULL;
    g_autofree char *ichain = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *img0 = NULL;

    if (!qtSetUp(&env))
        return;
    img0 = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtTwoDisks))) {
        CHECK_INT(virDomainCreate(dom), 0);
        qtWrite(dom, 0, 0x31);
        qtWrite(dom, 1, 0x32);
        CHECK_INT(apiSnap(dom, "ext1", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), 0);
        chain0 = qtDiskChain(dom, 0);
        chain1 = qtDiskChain(dom, 1);
        CHECK_STR(chain0, "disk0.ext1<disk0.qcow2");
        CHECK_STR(chain1, "disk1.ext1<disk1.qcow2");
        /* The guest still sees its data, and writes go to the overlays. */
        CHECK(qtCheck(dom, 0, 0x31));
        CHECK(qtCheck(dom, 1, 0x32));
        qtWrite(dom, 0, 0x41);
        CHECK(qtCheck(dom, 0, 0x41));
        xml = apiSnapXML(dom, "ext1");
        CHECK_CONTAINS(xml, "<state>disk-snapshot</state>");
        CHECK_CONTAINS(xml, "disk0.ext1");
        /* The persistent definition follows. */
        {
            g_autofree char *inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);

            CHECK_CONTAINS(inactive, "disk0.ext1");
        }
        CHECK_INT(virDomainDestroy(dom), 0);
        /* The frozen image kept the old data. */
        CHECK(qtCheckImage(img0, "qcow2", 0x31));
        {
            g_autofree char *overlay = qtPath(&env, "disk0.ext1");

            ichain = qtImageChain(overlay);
        }
        CHECK_STR(ichain, "disk0.ext1<disk0.qcow2");
        CHECK(qtCheckOffline(dom, 0, 0x41));
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_external_offline(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *chain = NULL;
    g_autofree char *live = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        qtWriteOffline(dom, 0, 0x51);
        CHECK_INT(apiSnap(dom, "x1", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), 0);
        {
            g_autofree char *overlay = qtPath(&env, "disk0.x1");

            chain = qtImageChain(overlay);
        }
        CHECK_STR(chain, "disk0.x1<disk0.qcow2");
        CHECK(qtCheckOffline(dom, 0, 0x51));
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        live = qtDiskChain(dom, 0);
        CHECK_STR(live, "disk0.x1<disk0.qcow2");
        CHECK(qtCheck(dom, 0, 0x51));
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_external_memory(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *xml = NULL;
    g_autofree char *mem = NULL;
    g_autofree char *snapxml = NULL;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    mem = qtPath(&env, "memory");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        qtWrite(dom, 0, 0x61);
        xml = g_strdup_printf("<domainsnapshot><name>m1</name>"
                              "<memory snapshot='external' file='%s'/>"
                              "</domainsnapshot>", mem);
        CHECK_INT(apiSnap(dom, xml, 0), 0);
        CHECK(g_file_test(mem, G_FILE_TEST_IS_REGULAR));
        state = qtState(dom);
        CHECK_STR(state, "running/booted");
        snapxml = apiSnapXML(dom, "m1");
        CHECK_CONTAINS(snapxml, "<state>running</state>");
        CHECK_CONTAINS(snapxml, "snapshot='external'");
        CHECK(qtCheck(dom, 0, 0x61));
        /* A second snapshot may not overwrite the memory file. */
        g_free(xml);
        xml = g_strdup_printf("<domainsnapshot><name>m2</name>"
                              "<memory snapshot='external' file='%s'/>"
                              "</domainsnapshot>", mem);
        CHECK_INT(apiSnap(dom, xml, 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already exists");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_halt(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        CHECK_INT(apiSnap(dom, "h1", VIR_DOMAIN_SNAPSHOT_CREATE_HALT), 0);
        state = qtState(dom);
        CHECK_STR(state, "shutoff/from_snapshot");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- refusals: nothing half-done ---- */

static void
test_errors(void)
{
    qtEnv env;
    virDomainPtr dom;
    const char *const rawDisk[] = { "raw0.img:raw", NULL };
    g_autofree char *xml = NULL;
    g_autofree char *exists = NULL;
    g_autofree char *list = NULL;
    g_autofree char *snaps = NULL;
    g_autofree char *img = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "rawguest", rawDisk))) {
        CHECK_INT(apiSnap(dom, "r1", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_UNSUPPORTED,
                    "internal snapshot for disk vda unsupported for storage type raw");
        virDomainFree(dom);
    }
    img = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        /* An overlay path that exists, without REUSE_EXT. */
        exists = qtPath(&env, "there.qcow2");
        g_free(qtImage(&env, "there.qcow2", "qcow2", NULL));
        xml = g_strdup_printf("<domainsnapshot><name>e1</name><disks>"
                              "<disk name='vda' snapshot='external'><source file='%s'/></disk>"
                              "</disks></domainsnapshot>", exists);
        CHECK_INT(apiSnap(dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already exists");
        /* REUSE_EXT with a file that is not there. */
        CHECK_INT(unlink(exists), 0);
        CHECK_INT(apiSnap(dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                                    VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT), -1);
        CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "missing existing file for disk vda");
        /* A disk the domain does not have. */
        CHECK_INT(apiSnap(dom, "<domainsnapshot><name>e2</name><disks>"
                               "<disk name='vdz' snapshot='external'/></disks>"
                               "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY), -1);
        CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "vdz");
        /* A name that would leave the metadata folder. */
        CHECK_INT(apiSnap(dom, "<domainsnapshot><name>../evil</name></domainsnapshot>", 0),
                  -1);
        CHECK_ERROR(VIR_ERR_XML_ERROR, "'/'");
        CHECK_INT(apiSnap(dom, "<domainsnapshot><name>..</name></domainsnapshot>", 0), -1);
        CHECK_ERROR(VIR_ERR_XML_ERROR, "..");
        /* Quiescing needs an agent. */
        CHECK_INT(apiSnap(dom, "q1", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                                     VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE), -1);
        CHECK_ERROR(VIR_ERR_ARGUMENT_UNSUPPORTED, "agent");
        /* The same name twice. */
        CHECK_INT(apiSnap(dom, "once", 0), 0);
        CHECK_INT(apiSnap(dom, "once", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_FAILED, "already exists");
        /* Memory state of an inactive domain. */
        CHECK_INT(apiSnap(dom, "<domainsnapshot><name>m</name>"
                               "<memory snapshot='external' file='/tmp/nowhere.mem'/>"
                               "</domainsnapshot>", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "inactive");
        /* Nothing was left behind by the refused calls. */
        list = apiList(dom, NULL, 0);
        CHECK_STR(list, "once");
        snaps = qtImageSnapshots(img);
        CHECK_STR(snaps, "once");
        CHECK(!g_file_test(exists, G_FILE_TEST_EXISTS));
        {
            g_autofree char *chain = qtDiskChain(dom, 0);

            CHECK_STR(chain, "disk0.qcow2");
        }
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* An internal snapshot whose tag the image already has (made behind
 * the driver's back) is refused rather than shadowed. */
static void
test_tag_taken(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img = NULL;

    if (!qtSetUp(&env))
        return;
    img = qtPath(&env, "disk0.qcow2");
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        const char *argv[] = { "qemu-img", "snapshot", "-c", "taken", img, NULL };

        CHECK(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                           NULL, NULL, NULL, NULL));
        CHECK_INT(apiSnap(dom, "taken", 0), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already has an internal snapshot");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static const testCase tests[] = {
    TEST_CASE(test_internal_online),
    TEST_CASE(test_internal_offline_two_disks),
    TEST_CASE(test_external_online_two_disks),
    TEST_CASE(test_external_offline),
    TEST_CASE(test_external_memory),
    TEST_CASE(test_halt),
    TEST_CASE(test_errors),
    TEST_CASE(test_tag_taken),
    {}
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
