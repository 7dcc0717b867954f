/*
 * test-qemu-domain.c: domain lifecycle on real QEMU (qemu:///embed)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "qemutest.h"



static void
test_lifecycle(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;
    g_autofree char *paused = NULL;
    g_autofree char *resumed = NULL;
    g_autofree char *off = NULL;
    int id;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainIsActive(dom), 0);
        CHECK_INT(virDomainIsPersistent(dom), 1);
        CHECK_INT(virDomainCreate(dom), 0);
        state = qtState(dom);
        CHECK_STR(state, "running/booted");
        id = (int)virDomainGetID(dom);
        CHECK(id > 0);
        CHECK_INT(virDomainSuspend(dom), 0);
        paused = qtState(dom);
        CHECK_STR(paused, "paused/user");
        CHECK_INT(virDomainResume(dom), 0);
        resumed = qtState(dom);
        CHECK_STR(resumed, "running/unpaused");
        CHECK_INT(virDomainDestroy(dom), 0);
        off = qtState(dom);
        CHECK_STR(off, "shutoff/destroyed");
        CHECK_INT(virDomainIsActive(dom), 0);
        /* A second destroy is an error, as in libvirt. */
        CHECK_INT(virDomainDestroy(dom), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "not running");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_start_paused_and_data(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        state = qtState(dom);
        CHECK_STR(state, "paused/user");
        qtWrite(dom, 0, 0x5a);
        CHECK(qtCheck(dom, 0, 0x5a));
        CHECK(!qtCheck(dom, 0, 0x11));
        CHECK_INT(virDomainDestroy(dom), 0);
        /* What the guest wrote is on the image once QEMU is gone. */
        CHECK(qtCheckOffline(dom, 0, 0x5a));
        qtWriteOffline(dom, 0, 0x33);
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        CHECK(qtCheck(dom, 0, 0x33));
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_live_xml_chain(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *base = NULL;
    g_autofree char *top = NULL;
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;
    g_autofree char *xml = NULL;
    const char *const disks[] = { "top.qcow2", NULL };

    if (!qtSetUp(&env))
        return;
    base = qtImage(&env, "base.qcow2", "qcow2", NULL);
    top = qtImage(&env, "top.qcow2", "qcow2", base);
    if ((dom = qtDefine(&env, "guest", disks))) {
        inactive = qtDiskChain(dom, 0);
        CHECK_STR(inactive, "top.qcow2");
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        /* The live definition shows the probed chain. */
        live = qtDiskChain(dom, 0);
        CHECK_STR(live, "top.qcow2<base.qcow2");
        xml = virDomainGetXMLDesc(dom, 0);
        CHECK_CONTAINS(xml, "<domain type='qemu' id='");
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* A transient domain: createXML runs it, destroy forgets it. */
static void
test_transient(void)
{
    qtEnv env;
    virDomainPtr dom, again;
    g_autofree char *img = NULL;
    g_autofree char *xml = NULL;

    if (!qtSetUp(&env))
        return;
    img = qtImage(&env, "t.qcow2", "qcow2", NULL);
    xml = g_strdup_printf("<domain type='qemu'><name>temp</name><memory>65536</memory>"
                          "<os><type>hvm</type></os><devices>"
                          "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                          "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
                          "</devices></domain>", img);
    if ((dom = virDomainCreateXML(env.conn, xml, VIR_DOMAIN_START_PAUSED))) {
        CHECK_INT(virDomainIsPersistent(dom), 0);
        CHECK_INT(virDomainIsActive(dom), 1);
        CHECK_INT(virDomainDestroy(dom), 0);
        again = virDomainLookupByName(env.conn, "temp");
        CHECK(again == NULL);
        CHECK_ERROR(VIR_ERR_NO_DOMAIN, "temp");
        virDomainFree(dom);
    } else {
        testFail(__FILE__, __LINE__, "createXML: %s", virGetLastErrorMessage());
    }
    qtTearDown(&env);
}


/* ---- re-attaching ---- */

/* The definition and the running QEMU outlive the connection: a new
 * driver instance on the same root finds the domain running. */
static void
test_reattach_same_process(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        qtWrite(dom, 0, 0x42);
        virDomainFree(dom);
    }
    qtReopen(&env);
    if ((dom = virDomainLookupByName(env.conn, "guest"))) {
        state = qtState(dom);
        CHECK_STR(state, "paused/user");
        CHECK(qtCheck(dom, 0, 0x42));
        CHECK_INT(virDomainResume(dom), 0);
        virDomainFree(dom);
    } else {
        testFail(__FILE__, __LINE__, "domain lost: %s", virGetLastErrorMessage());
    }
    qtTearDown(&env);
}


/* Run as "test-qemu-domain --start-and-exit URI NAME": starts the domain
 * and exits without stopping it, as a crashed management process would. */
static int
childStartAndExit(const char *uri, const char *name)
{
    virConnectPtr conn = virConnectOpen(uri);
    virDomainPtr dom = conn ? virDomainLookupByName(conn, name) : NULL;

    if (!dom || virDomainCreate(dom) < 0) {
        fprintf(stderr, "child: %s\n", virGetLastErrorMessage());
        return 1;
    }
    qtWrite(dom, 0, 0x77);
    _exit(testFailed() ? 1 : 0);
}


static const char *selfPath;


static void
test_reattach_new_process(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk)))
        virDomainFree(dom);
    /* The root is locked by one process at a time: let go of it. */
    CHECK_INT(virConnectClose(env.conn), 0);
    env.conn = NULL;
    {
        const char *argv[] = { selfPath, "--start-and-exit", env.uri, "guest", NULL };

        CHECK(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err,
                           &status, NULL));
        CHECK_INT(status, 0);
        if (status != 0)
            fprintf(stderr, "# child: %s%s", out, err);
    }
    env.conn = apiOpen(env.uri);
    if (env.conn && (dom = virDomainLookupByName(env.conn, "guest"))) {
        state = qtState(dom);
        CHECK_STR(state, "running/booted");
        CHECK(qtCheck(dom, 0, 0x77));
        CHECK_INT(virDomainDestroy(dom), 0);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* Two processes never drive one root at once. */
static void
test_root_locked(void)
{
    qtEnv env;
    g_autofree char *out = NULL;
    int status = 0;

    if (!qtSetUp(&env))
        return;
    {
        const char *argv[] = { selfPath, "--start-and-exit", env.uri, "nosuch", NULL };

        CHECK(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                           NULL, NULL, &out, &status, NULL));
        CHECK(status != 0);
        CHECK_CONTAINS(out, "is in use by another process");
    }
    qtTearDown(&env);
}


/* QEMU killed behind the driver's back: the domain is shut off (crashed)
 * and can start again. */
static void
test_qemu_killed(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *state = NULL;
    g_autofree char *status = NULL;
    g_autofree char *path = NULL;
    const char *pid;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainCreate(dom), 0);
        path = g_strdup_printf("%s/run/qemu/guest.xml", env.root);
        CHECK(g_file_get_contents(path, &status, NULL, NULL));
        if (status && (pid = strstr(status, "pid='"))) {
            CHECK_INT(kill((pid_t)atoll(pid + 5), SIGKILL), 0);
            for (int i = 0; i < 500 && virDomainIsActive(dom) == 1; i++)
                g_usleep(10000);
            state = qtState(dom);
            CHECK_STR(state, "shutoff/crashed");
            CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
            CHECK_INT(virDomainCreate(dom), 0);
        } else {
            testFail(__FILE__, __LINE__, "no pid in %s", path);
        }
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


/* ---- errors ---- */

static void
test_bad_definitions(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *img = NULL;
    static const struct {
        const char *name, *disk, *code, *fragment;
    } cases[] = {
        { "..", "<target dev='vda' bus='virtio'/>", "", "domain name '..'" },
        { "a/b", "<target dev='vda' bus='virtio'/>", "", "'/'" },
        { "sata", "<target dev='sda' bus='sata'/>", "", "only bus='virtio'" },
    };

    if (!qtSetUp(&env))
        return;
    img = qtImage(&env, "d.qcow2", "qcow2", NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *xml =
            g_strdup_printf("<domain type='qemu'><name>%s</name><memory>65536</memory>"
                            "<os><type>hvm</type></os><devices>"
                            "<disk type='file' device='disk'>"
                            "<driver name='qemu' type='qcow2'/><source file='%s'/>%s"
                            "</disk></devices></domain>", cases[i].name, img, cases[i].disk);

        dom = virDomainDefineXML(env.conn, xml);
        CHECK(dom == NULL);
        if (dom)
            virDomainFree(dom);
        else
            CHECK_CONTAINS(virGetLastErrorMessage(), cases[i].fragment);
    }
    qtTearDown(&env);
}


static void
test_start_errors(void)
{
    qtEnv env;
    virDomainPtr dom;
    g_autofree char *path = NULL;
    g_autofree char *state = NULL;
    const char *const missing[] = { "gone.qcow2", NULL };
    const char *const wrongFormat[] = { "raw.img:qcow2", NULL };

    if (!qtSetUp(&env))
        return;
    /* A missing image. */
    if ((dom = qtDefine(&env, "missing", missing))) {
        path = qtDiskSource(dom, 0);
        CHECK_INT(unlink(path), 0);
        CHECK_INT(virDomainCreate(dom), -1);
        CHECK_CONTAINS(virGetLastErrorMessage(), path);
        state = qtState(dom);
        CHECK_STR(state, "shutoff/unknown");
        virDomainFree(dom);
    }
    /* A raw image declared qcow2. */
    {
        g_free(qtImage(&env, "raw.img", "raw", NULL));
        if ((dom = qtDefine(&env, "wrongfmt", wrongFormat))) {
            CHECK_INT(virDomainCreate(dom), -1);
            CHECK_CONTAINS(virGetLastErrorMessage(), "raw");
            CHECK_INT(virDomainIsActive(dom), 0);
            virDomainFree(dom);
        }
    }
    /* QEMU that exits at once: its own words come back. */
    if ((dom = qtDefine(&env, "noqemu", qtOneDisk))) {
        g_setenv("SNAPVIRT_QEMU", "false", TRUE);
        CHECK_INT(virDomainCreate(dom), -1);
        CHECK_CONTAINS(virGetLastErrorMessage(), "QEMU");
        g_unsetenv("SNAPVIRT_QEMU");
        CHECK_INT(virDomainIsActive(dom), 0);
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        virDomainFree(dom);
    }
    qtTearDown(&env);
}


static void
test_monitor_command(void)
{
    qtEnv env;
    virDomainPtr dom;
    virConnectPtr ro = NULL;
    virDomainPtr rodom = NULL;
    char *out = NULL;

    if (!qtSetUp(&env))
        return;
    if ((dom = qtDefine(&env, "guest", qtOneDisk))) {
        CHECK_INT(virDomainQemuMonitorCommand(dom, "{\"execute\":\"query-status\"}", &out, 0),
                  -1);
        CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "not running");
        CHECK_INT(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), 0);
        CHECK_INT(virDomainQemuMonitorCommand(dom, "{\"execute\":\"query-status\"}", &out, 0),
                  0);
        CHECK_CONTAINS(out, "\"status\":\"prelaunch\"");
        free(out);
        out = NULL;
        CHECK_INT(virDomainQemuMonitorCommand(dom, "info status", &out,
                                              VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP), 0);
        CHECK_CONTAINS(out, "paused");
        free(out);
        out = NULL;
        CHECK_INT(virDomainQemuMonitorCommand(dom, "query-status", &out, 0), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "not a QMP command");
        CHECK_INT(virDomainQemuMonitorCommand(dom, "{\"execute\":\"no-such\"}", &out, 0), -1);
        CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "no-such");
        CHECK_INT(virDomainQemuMonitorCommand(dom, "info status", &out, 1u << 7), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "flags");
        CHECK_INT(virDomainQemuMonitorCommand(dom, NULL, &out, 0), -1);
        CHECK_ERROR(VIR_ERR_INVALID_ARG, "cmd");
        virDomainFree(dom);
    }
    /* Read-only connections may not talk to QEMU. */
    if ((ro = virConnectOpenReadOnly(env.uri)) &&
        (rodom = virDomainLookupByName(ro, "guest"))) {
        CHECK_INT(virDomainQemuMonitorCommand(rodom, "info status", &out,
                                              VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP), -1);
        CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only");
    }
    if (rodom)
        virDomainFree(rodom);
    if (ro)
        virConnectClose(ro);
    CHECK(out == NULL);
    qtTearDown(&env);
}


static const testCase tests[] = {
    TEST_CASE(test_lifecycle),
    TEST_CASE(test_start_paused_and_data),
    TEST_CASE(test_live_xml_chain),
    TEST_CASE(test_transient),
    TEST_CASE(test_reattach_same_process),
    TEST_CASE(test_reattach_new_process),
    TEST_CASE(test_root_locked),
    TEST_CASE(test_qemu_killed),
    TEST_CASE(test_bad_definitions),
    TEST_CASE(test_start_errors),
    TEST_CASE(test_monitor_command),
    {}
};


int
main(int argc, char **argv)
{
    selfPath = argv[0];
    if (argc == 4 && strcmp(argv[1], "--start-and-exit") == 0) {
        apiQuiet();
        return childStartAndExit(argv[2], argv[3]);
    }
    return testRun(argc, argv, tests);
}
