/*
 * test-event.c: the default event loop (timers, handles, removal from
 * callbacks, free callbacks) and what the test driver does without one
 *
 * The first case runs before any loop is registered: event callbacks
 * cannot be registered, and block jobs run through inside the call that
 * starts them.  The loop is process-wide, so the cases run in order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>
#include <glib.h>

#include "apiutils.h"

#define CB(cb) ((virConnectDomainEventGenericCallback)(void (*)(void))(cb))

static GString *trace;


static void
onBlockJob(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
           const char *disk G_GNUC_UNUSED, int type G_GNUC_UNUSED,
           int status G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}


static void
test_without_a_loop_jobs_finish_at_once(void)
{
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/blockjobs.xml",
                                           testSourceDir());
    virConnectPtr conn = apiOpen(uri);
    virDomainPtr dom = virDomainLookupByName(conn, "bj");
    virDomainBlockJobInfo info;

    CHECK_INT(virEventRunDefaultImpl(), -1);
    CHECK_INT(virEventAddTimeout(0, NULL, NULL, NULL), -1);
    CHECK_INT(virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_BLOCK_JOB,
                                               CB(onBlockJob), NULL, NULL), -1);
    CHECK_ERROR(VIR_ERR_INTERNAL_ERROR, "virEventRegisterDefaultImpl");
    /* Even a rate-limited job is done when the call returns. */
    CHECK_INT(virDomainBlockCommit(dom, "vda", NULL, "vda[1]", 1, 0), 0);
    CHECK_INT(virDomainGetBlockJobInfo(dom, "vda", &info, 0), 0);
    CHECK_CHAIN(dom, "vda", "/bj/active.qcow2 > /bj/base.qcow2");
    /* A two-phase job waits at READY. */
    CHECK_INT(virDomainBlockCommit(dom, "vda", NULL, NULL, 1, VIR_DOMAIN_BLOCK_COMMIT_ACTIVE), 0);
    CHECK_INT(virDomainGetBlockJobInfo(dom, "vda", &info, 0), 1);
    CHECK(info.cur == info.end);
    CHECK_INT(virDomainBlockJobAbort(dom, "vda", VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT), 0);
    CHECK_CHAIN(dom, "vda", "/bj/base.qcow2");
    virDomainFree(dom);
    CHECK_INT(virConnectClose(conn), 0);
}


static void
onTimer(int timer, void *opaque)
{
    g_string_append_printf(trace, "%s(%d) ", (const char *)opaque, timer > 0);
}


static void
onTimerRemovesItself(int timer, void *opaque)
{
    onTimer(timer, opaque);
    CHECK_INT(virEventRemoveTimeout(timer), 0);
}


static void
onFree(void *opaque)
{
    g_string_append_printf(trace, "free:%s ", (const char *)opaque);
}


static void
test_timers_fire_in_turn_and_stop_when_removed(void)
{
    int every, once, off;

    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    CHECK_INT(virEventRegisterDefaultImpl(), 0);   /* idempotent */
    trace = g_string_new(NULL);
    every = virEventAddTimeout(0, onTimer, (void *)"every", onFree);
    once = virEventAddTimeout(0, onTimerRemovesItself, (void *)"once", onFree);
    off = virEventAddTimeout(-1, onTimer, (void *)"off", onFree);
    CHECK(every > 0 && once > 0 && off > 0 && every != once);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    /* "once" removed itself: freed at the end of its iteration. */
    CHECK_STR(trace->str, "every(1) once(1) free:once every(1) ");
    g_string_truncate(trace, 0);
    virEventUpdateTimeout(every, -1);
    virEventUpdateTimeout(off, 0);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK_STR(trace->str, "off(1) ");
    /* Removed outside the loop: freed at once, and never called again. */
    CHECK_INT(virEventRemoveTimeout(off), 0);
    CHECK_INT(virEventRemoveTimeout(off), -1);
    CHECK_INT(virEventRemoveTimeout(every), 0);
    CHECK_STR(trace->str, "off(1) free:off free:every ");
    g_string_free(trace, TRUE);
}


static void
test_timer_waits_for_its_period(void)
{
    gint64 start = g_get_monotonic_time();
    int timer;

    trace = g_string_new(NULL);
    timer = virEventAddTimeout(30, onTimer, (void *)"t", NULL);
    while (!trace->len)
        virEventRunDefaultImpl();
    CHECK(g_get_monotonic_time() - start >= 30 * 1000);
    CHECK_INT(virEventRemoveTimeout(timer), 0);
    g_string_free(trace, TRUE);
}


static void
onReadable(int watch G_GNUC_UNUSED, int fd, int events, void *opaque)
{
    char buf[8];
    ssize_t n = read(fd, buf, sizeof(buf));

    g_string_append_printf(trace, "%s:%d:%zd ", (const char *)opaque,
                           events & VIR_EVENT_HANDLE_READABLE, n);
}


static void
test_handles_report_readable(void)
{
    int fds[2];
    int watch;

    trace = g_string_new(NULL);
    CHECK_INT(pipe(fds), 0);
    watch = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, onReadable,
                              (void *)"r", onFree);
    CHECK(watch > 0);
    CHECK_INT(write(fds[1], "ab", 2), 2);
    while (!trace->len)
        virEventRunDefaultImpl();
    CHECK_STR(trace->str, "r:1:2 ");
    /* Not watched for anything: a write goes unnoticed. */
    virEventUpdateHandle(watch, 0);
    CHECK_INT(write(fds[1], "c", 1), 1);
    virEventAddTimeout(0, onTimerRemovesItself, (void *)"tick", NULL);
    virEventRunDefaultImpl();
    CHECK_STR(trace->str, "r:1:2 tick(1) ");
    CHECK_INT(virEventRemoveHandle(watch), 0);
    CHECK_INT(virEventRemoveHandle(watch), -1);
    CHECK_STR(trace->str, "r:1:2 tick(1) free:r ");
    CHECK_INT(virEventAddHandle(-1, VIR_EVENT_HANDLE_READABLE, onReadable, NULL, NULL), -1);
    close(fds[0]);
    close(fds[1]);
    g_string_free(trace, TRUE);
}


static const testCase tests[] = {
    TEST_CASE(test_without_a_loop_jobs_finish_at_once),
    TEST_CASE(test_timers_fire_in_turn_and_stop_when_removed),
    TEST_CASE(test_timer_waits_for_its_period),
    TEST_CASE(test_handles_report_readable),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    apiQuiet();
    return testRun(argc, argv, tests);
}
