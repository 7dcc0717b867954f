/*
 * test-remote-events.c: domain events over the remote driver, against
 * the scripted daemon (fakedaemon.h)
 *
 * The daemon gives callback IDs from 100.  Events reach the client's
 * reader thread whenever the daemon sends them (while the program is
 * idle, in the middle of a call, right after a registration's reply);
 * the callbacks run only when this thread runs the default event loop,
 * as with in-process drivers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>

#include "testutils.h"
#include "fakedaemon.h"
#include "util/virerror.h"

#define CB(cb) ((virConnectDomainEventGenericCallback)(void (*)(void))(cb))

/* What the callbacks saw. */
typedef struct {
    int calls;
    int event, detail;          /* lifecycle; block job: type, status */
    char *dom;
    char *disk;
    int nparams;
    bool onLoopThread;          /* ran on the thread running the loop */
    char *hostname;             /* what a callback calling the API got */
} seen;

static GThread *loopThread;


static void
seenClear(seen *s)
{
    g_free(s->dom);
    g_free(s->disk);
    g_free(s->hostname);
    memset(s, 0, sizeof(*s));
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(seen, seenClear)


static void
seenRecord(seen *s, virDomainPtr dom, int a, int b)
{
    s->calls++;
    s->event = a;
    s->detail = b;
    g_free(s->dom);
    s->dom = g_strdup(virDomainGetName(dom));
    s->onLoopThread = g_thread_self() == loopThread;
}


static void
onLifecycle(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event, int detail,
            void *opaque)
{
    seenRecord(opaque, dom, event, detail);
}


/* A second lifecycle callback (the same function twice is a duplicate). */
static void
onLifecycle2(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    onLifecycle(conn, dom, event, detail, opaque);
}


/* Calls the API from inside a callback: the connection must be free. */
static void
onLifecycleCallsAPI(virConnectPtr conn, virDomainPtr dom, int event, int detail,
                    void *opaque)
{
    seen *s = opaque;

    g_free(s->hostname);
    s->hostname = virConnectGetHostname(conn);
    seenRecord(s, dom, event, detail);
}


static void
onBlockJob(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, const char *disk, int type,
           int status, void *opaque)
{
    seen *s = opaque;

    seenRecord(s, dom, type, status);
    g_free(s->disk);
    s->disk = g_strdup(disk);
}


static void
onJobCompleted(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
               virTypedParameterPtr params, int nparams, void *opaque)
{
    seen *s = opaque;

    seenRecord(s, dom, 0, 0);
    s->nparams = nparams;
    if (nparams > 0)
        s->detail = (int)params[0].value.ul;
}


static void
tick(int timer G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}


/* Runs the event loop until @s has seen @n calls (false after 5 s). */
static bool
waitFor(seen *s, int n)
{
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    int timer = virEventAddTimeout(20, tick, NULL, NULL);

    while (s->calls < n && g_get_monotonic_time() < deadline)
        virEventRunDefaultImpl();
    virEventRemoveTimeout(timer);
    return s->calls >= n;
}


/* Runs a few loop iterations: what is queued is delivered by then. */
static void
settle(void)
{
    for (int i = 0; i < 5; i++) {
        int timer = virEventAddTimeout(0, tick, NULL, NULL);

        virEventRunDefaultImpl();
        virEventRemoveTimeout(timer);
    }
}


static int
registerLifecycle(virConnectPtr conn, virDomainPtr dom, void *cb, seen *s)
{
    return virConnectDomainEventRegisterAny(conn, dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            CB(cb), s, NULL);
}


/* ---- delivery ---- */

static void
test_event_sent_while_idle_reaches_the_callback(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_auto(seen) s = { 0 };
    int id;

    if (!conn)
        return;
    id = registerLifecycle(conn, NULL, onLifecycle, &s);
    CHECK(id > 0);
    {
        g_autofree char *c = fakeLastCall(srv, 316);

        CHECK_STR(c, "316 0 -");
    }
    fakeSendLifecycle(srv, 100, VIR_DOMAIN_EVENT_STARTED, 1);
    CHECK(waitFor(&s, 1));
    CHECK_INT(s.event, VIR_DOMAIN_EVENT_STARTED);
    CHECK_INT(s.detail, 1);
    CHECK_STR(s.dom, "vm1");
    CHECK(s.onLoopThread);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    {
        g_autofree char *c = fakeLastCall(srv, 317);

        CHECK_STR(c, "317 100");
    }
    /* Gone: a late event for it goes nowhere. */
    fakeSendLifecycle(srv, 100, VIR_DOMAIN_EVENT_STOPPED, 0);
    CHECK_INT(virConnectClose(conn), 0);
    settle();
    CHECK_INT(s.calls, 1);
}


static void
test_event_during_a_call_waits_for_the_loop(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_INTERLEAVE);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_autofree char *host = NULL;
    g_auto(seen) s = { 0 };
    int id;

    if (!conn)
        return;
    id = registerLifecycle(conn, NULL, onLifecycle, &s);
    /* The daemon sends a ping, a broken event, our event and a stray
     * reply before the answer. */
    host = virConnectGetHostname(conn);
    CHECK_STR(host, "fakehost");
    CHECK_INT(s.calls, 0);   /* not run inside the call */
    CHECK(waitFor(&s, 1));
    CHECK_INT(s.event, VIR_DOMAIN_EVENT_SUSPENDED);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    CHECK_INT(virConnectClose(conn), 0);
    fakeServerJoin(srv);
    CHECK_INT(srv->pongs, 1);
}


static void
test_event_right_after_the_registration_reply_is_kept(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;
    g_auto(seen) s = { 0 };
    int id;

    srv->eventAfterRegister = VIR_DOMAIN_EVENT_STOPPED;
    if (!(conn = fakeOpen(srv, 0)))
        return;
    id = registerLifecycle(conn, NULL, onLifecycle, &s);
    CHECK(waitFor(&s, 1));
    CHECK_INT(s.event, VIR_DOMAIN_EVENT_STOPPED);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_each_callback_gets_its_own_events(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virDomainPtr dom;
    g_auto(seen) all = { 0 };
    g_auto(seen) one = { 0 };
    int a, b;

    if (!conn || !(dom = virDomainLookupByName(conn, "vm1"))) {
        testFail(__FILE__, __LINE__, "no domain vm1");
        return;
    }
    a = registerLifecycle(conn, NULL, onLifecycle, &all);
    b = registerLifecycle(conn, dom, onLifecycle2, &one);
    CHECK(a > 0 && b > 0 && a != b);
    {
        g_autofree char *c = fakeLastCall(srv, 316);

        CHECK_STR(c, "316 0 vm1");
    }
    fakeSendLifecycle(srv, 101, VIR_DOMAIN_EVENT_RESUMED, 0);
    CHECK(waitFor(&one, 1));
    fakeSendLifecycle(srv, 100, VIR_DOMAIN_EVENT_SUSPENDED, 0);
    CHECK(waitFor(&all, 1));
    settle();
    CHECK_INT(all.calls, 1);
    CHECK_INT(all.event, VIR_DOMAIN_EVENT_SUSPENDED);
    CHECK_INT(one.calls, 1);
    CHECK_INT(one.event, VIR_DOMAIN_EVENT_RESUMED);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, a), 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, b), 0);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_block_job_events_by_path_and_by_target(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    virTypedParameter param = { .type = VIR_TYPED_PARAM_ULLONG, .value.ul = 33 };
    virNetValue v[5] = { { .i = 100 }, { .dom = { (char *)"vm1", { 0 }, 3 } },
                         { .s = (char *)"/img/top.qcow2" },
                         { .i = VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT },
                         { .i = VIR_DOMAIN_BLOCK_JOB_COMPLETED } };
    g_auto(seen) byPath = { 0 };
    g_auto(seen) byTarget = { 0 };
    g_auto(seen) done = { 0 };
    int ids[3];

    if (!conn)
        return;
    ids[0] = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_BLOCK_JOB,
                                              CB(onBlockJob), &byPath, NULL);
    ids[1] = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2,
                                              CB(onBlockJob), &byTarget, NULL);
    ids[2] = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
                                              CB(onJobCompleted), &done, NULL);
    CHECK(ids[0] > 0 && ids[1] > 0 && ids[2] > 0);
    fakeSendMessage(srv, 326, "iDsii", v);
    v[0].i = 101;
    v[2].s = (char *)"vda";
    fakeSendMessage(srv, 339, "iDsii", v);
    v[0].i = 102;
    g_strlcpy(param.field, "disk_total", sizeof(param.field));
    v[2].params.params = &param;
    v[2].params.n = 1;
    fakeSendMessage(srv, 363, "iDT", v);
    CHECK(waitFor(&byPath, 1) && waitFor(&byTarget, 1) && waitFor(&done, 1));
    CHECK_STR(byPath.disk, "/img/top.qcow2");
    CHECK_INT(byPath.event, VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT);
    CHECK_INT(byPath.detail, VIR_DOMAIN_BLOCK_JOB_COMPLETED);
    CHECK_STR(byTarget.disk, "vda");
    CHECK_INT(byTarget.calls, 1);
    CHECK_INT(done.nparams, 1);
    CHECK_INT(done.detail, 33);
    for (int i = 0; i < 3; i++)
        CHECK_INT(virConnectDomainEventDeregisterAny(conn, ids[i]), 0);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_callback_may_call_the_api(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_auto(seen) s = { 0 };
    int id;

    if (!conn)
        return;
    id = registerLifecycle(conn, NULL, onLifecycleCallsAPI, &s);
    fakeSendLifecycle(srv, 100, VIR_DOMAIN_EVENT_STARTED, 0);
    CHECK(waitFor(&s, 1));
    CHECK_STR(s.hostname, "fakehost");
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    CHECK_INT(virConnectClose(conn), 0);
}


/* ---- registration ---- */

static void
test_legacy_daemon_gets_one_registration_per_event(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;
    virDomainPtr dom;
    g_auto(seen) all = { 0 };
    g_auto(seen) one = { 0 };
    int a, b;

    srv->feature14 = -1;   /* does not know SUPPORTS_FEATURE at all */
    if (!(conn = fakeOpen(srv, 0)) || !(dom = virDomainLookupByName(conn, "vm1"))) {
        testFail(__FILE__, __LINE__, "no connection");
        return;
    }
    a = registerLifecycle(conn, NULL, onLifecycle, &all);
    b = registerLifecycle(conn, dom, onLifecycle2, &one);
    CHECK(a > 0 && b > 0);
    CHECK_INT(fakeCount(srv, 167), 1);
    CHECK_INT(fakeCount(srv, 316), 0);
    fakeSendLifecycle(srv, -1, VIR_DOMAIN_EVENT_DEFINED, 0);
    CHECK(waitFor(&all, 1) && waitFor(&one, 1));
    CHECK_INT(all.event, VIR_DOMAIN_EVENT_DEFINED);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, a), 0);
    CHECK_INT(fakeCount(srv, 168), 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, b), 0);
    {
        g_autofree char *c = fakeLastCall(srv, 168);

        CHECK_STR(c, "168 0");
    }
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_refused_registration_leaves_nothing_behind(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_NORMAL);
    virConnectPtr conn;
    g_auto(seen) s = { 0 };
    int id;

    srv->errorProc = REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY;
    srv->errorCode = VIR_ERR_INTERNAL_ERROR;
    if (!(conn = fakeOpen(srv, 0)))
        return;
    CHECK_INT(registerLifecycle(conn, NULL, onLifecycle, &s), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
    CHECK_STR(virGetLastErrorMessage(), "the daemon says no");
    srv->errorProc = 0;
    /* not "already tracked": the failed one is gone */
    id = registerLifecycle(conn, NULL, onLifecycle, &s);
    CHECK(id > 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    CHECK_CONTAINS(virGetLastErrorMessage(), "could not find event callback");
    CHECK_INT(virConnectClose(conn), 0);
}


static void
test_deregistering_after_the_daemon_died_works(void)
{
    g_autoptr(fakeServer) srv = fakeServerStart(FAKE_CLOSE_MID_CALL);
    virConnectPtr conn = fakeOpen(srv, 0);
    g_auto(seen) s = { 0 };
    int id;

    if (!conn)
        return;
    id = registerLifecycle(conn, NULL, onLifecycle, &s);
    CHECK(virConnectGetHostname(conn) == NULL);
    CHECK_INT(virConnectIsAlive(conn), 0);
    CHECK_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    CHECK_INT(virConnectClose(conn), 0);
}


static const testCase tests[] = {
    TEST_CASE(test_event_sent_while_idle_reaches_the_callback),
    TEST_CASE(test_event_during_a_call_waits_for_the_loop),
    TEST_CASE(test_event_right_after_the_registration_reply_is_kept),
    TEST_CASE(test_each_callback_gets_its_own_events),
    TEST_CASE(test_block_job_events_by_path_and_by_target),
    TEST_CASE(test_callback_may_call_the_api),
    TEST_CASE(test_legacy_daemon_gets_one_registration_per_event),
    TEST_CASE(test_refused_registration_leaves_nothing_behind),
    TEST_CASE(test_deregistering_after_the_daemon_died_works),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    virEventRegisterDefaultImpl();
    loopThread = g_thread_self();
    return testRun(argc, argv, tests);
}
