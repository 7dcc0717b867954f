/*
 * test-qemu-monitor.c: the QMP client against a scripted QMP peer
 *
 * Each case runs a script on the other end of a socket pair: what QEMU
 * would send (greetings, replies, events, garbage, nothing) and what the
 * client must send.  The replies and events are the shapes recorded from
 * QEMU 7.2 (see shared/reference, section E and F).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutils.h"
#include "driver-qemu/qemu_monitor.h"

#define GREETING \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, " \
    "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}\r\n"
#define CAPS_OK "{\"return\": {}, \"id\": \"%ID\"}\r\n"

typedef enum {
    PEER_SEND,        /* send the text, %ID replaced by the last command's id */
    PEER_TRICKLE,     /* the same, one byte per write */
    PEER_EXPECT,      /* read one command; it must execute the text */
    PEER_EXPECT_FD,   /* the same, and a file descriptor must come with it */
    PEER_HANGUP,      /* close the socket */
    PEER_IDLE,        /* read until the client goes away */
} peerOp;

typedef struct {
    peerOp op;
    const char *text;
} peerStep;

typedef struct {
    int fd;
    const peerStep *steps;
    char id[64];
    GString *errors;       /* what went wrong on the peer's side */
    GString *lastCommand;
} peer;


/* Reads one line (a command) from the client; with @wantFD, expects a
 * descriptor with its first byte. */
static bool
peerReadLine(peer *p, bool wantFD)
{
    g_string_truncate(p->lastCommand, 0);
    for (;;) {
        char c;
        struct iovec iov = { &c, 1 };
        char control[CMSG_SPACE(sizeof(int))];
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                              .msg_control = control, .msg_controllen = sizeof(control) };
        ssize_t n = recvmsg(p->fd, &msg, 0);
        struct cmsghdr *cmsg;

        if (n <= 0)
            return false;
        if ((cmsg = CMSG_FIRSTHDR(&msg)) && cmsg->cmsg_type == SCM_RIGHTS) {
            int fd;
            struct stat sb;

            memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
            if (!wantFD || fstat(fd, &sb) < 0)
                g_string_append(p->errors, "unexpected or bad descriptor; ");
            close(fd);
            wantFD = false;
        }
        if (c == '\n')
            break;
        g_string_append_c(p->lastCommand, c);
    }
    if (wantFD)
        g_string_append(p->errors, "no descriptor came with the command; ");
    return true;
}


static void
peerSend(peer *p, const char *text, bool trickle)
{
    g_autoptr(GString) out = g_string_new(text);

    g_string_replace(out, "%ID", p->id, 0);
    for (size_t off = 0; off < out->len; ) {
        size_t len = trickle ? 1 : out->len - off;
        ssize_t n = write(p->fd, out->str + off, len);

        if (n <= 0)
            return;
        off += n;
    }
}


static gpointer
peerRun(gpointer opaque)
{
    peer *p = opaque;

    for (const peerStep *s = p->steps; s->text || s->op == PEER_HANGUP || s->op == PEER_IDLE;
         s++) {
        g_autofree char *want = NULL;
        const char *id;
        char buf[256];

        switch (s->op) {
        case PEER_SEND:
        case PEER_TRICKLE:
            peerSend(p, s->text, s->op == PEER_TRICKLE);
            break;
        case PEER_EXPECT:
        case PEER_EXPECT_FD:
            if (!peerReadLine(p, s->op == PEER_EXPECT_FD)) {
                g_string_append_printf(p->errors, "client went away before '%s'; ", s->text);
                return NULL;
            }
            want = g_strdup_printf("\"execute\":\"%s\"", s->text);
            if (!strstr(p->lastCommand->str, want))
                g_string_append_printf(p->errors, "expected %s, got %s; ",
                                       s->text, p->lastCommand->str);
            id = g_strrstr(p->lastCommand->str, "\"id\":\"");   /* ours comes last */
            if (id)
                sscanf(id + 6, "%63[^\"]", p->id);
            break;
        case PEER_HANGUP:
            shutdown(p->fd, SHUT_RDWR);
            return NULL;
        case PEER_IDLE:
            while (read(p->fd, buf, sizeof(buf)) > 0)
                ;
            return NULL;
        }
    }
    /* Script done: stay until the client closes. */
    while (read(p->fd, &p->id, 1) > 0)
        ;
    return NULL;
}


typedef struct {
    int ends;              /* number of end-of-monitor callbacks */
    GString *events;       /* names of events, space separated */
} eventLog;


static void
recordEvent(qemuMonitor *mon G_GNUC_UNUSED, const char *name,
            json_object *data G_GNUC_UNUSED, void *opaque)
{
    eventLog *log = opaque;

    if (!name)
        log->ends++;
    else
        g_string_append_printf(log->events, "%s ", name);
}


typedef struct {
    peer peer;
    GThread *thread;
    eventLog log;
    qemuMonitor *mon;
} session;

/* The event names the last session saw (kept for the checks after it). */
static char *lastEvents;


/* Starts the peer on @steps and opens a monitor against it. */
static void
sessionStart(session *s, const peerStep *steps, int openTimeout)
{
    int sv[2];

    g_assert(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    memset(s, 0, sizeof(*s));
    s->peer.fd = sv[1];
    s->peer.steps = steps;
    s->peer.errors = g_string_new(NULL);
    s->peer.lastCommand = g_string_new(NULL);
    s->log.events = g_string_new(NULL);
    s->thread = g_thread_new("qmp-peer", peerRun, &s->peer);
    virResetLastError();
    s->mon = qemuMonitorOpenFD(sv[0], openTimeout, recordEvent, &s->log);
}


/* Closes the monitor, joins the peer and checks it saw what it expected. */
static void
sessionEnd(session *s)
{
    qemuMonitorClose(s->mon);
    g_thread_join(s->thread);
    close(s->peer.fd);
    if (s->peer.errors->len)
        testFail(__FILE__, __LINE__, "peer: %s", s->peer.errors->str);
    g_string_free(s->peer.errors, TRUE);
    g_string_free(s->peer.lastCommand, TRUE);
    g_free(lastEvents);
    lastEvents = g_string_free(s->log.events, FALSE);
}


static int
lastErrorCode(void)
{
    const virError *err = virGetLastError();

    return err ? err->code : 0;
}


static void
test_open_negotiates_capabilities_and_runs_a_command(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "query-status" },
        { PEER_SEND, "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, "
                     "\"running\": false}, \"id\": \"%ID\"}\r\n" },
        { 0 },
    };
    g_autoptr(json_object) ret = NULL;
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        CHECK_INT(qemuMonitorVersion(s.mon), 7002022);
        CHECK_INT(qemuMonitorCommand(s.mon, "query-status", NULL, &ret), 0);
        CHECK_STR(json_object_get_string(json_object_object_get(ret, "status")), "prelaunch");
        CHECK(qemuMonitorClosedReason(s.mon) == NULL);
    }
    sessionEnd(&s);
    CHECK_INT(s.log.ends, 0);   /* closing it ourselves is not an end */
}


static void
test_reply_split_into_bytes_and_merged_messages(void)
{
    static const peerStep steps[] = {
        { PEER_TRICKLE, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        /* An event and the reply in one write, the event first. */
        { PEER_SEND, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, "
                     "\"event\": \"STOP\"}\r\n" CAPS_OK },
        { PEER_EXPECT, "query-version" },
        { PEER_TRICKLE, "{\"return\": {\"qemu\": {\"major\": 7}}, \"id\": \"%ID\"}\r\n" },
        { 0 },
    };
    g_autoptr(json_object) ret = NULL;
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon)
        CHECK_INT(qemuMonitorCommand(s.mon, "query-version", NULL, &ret), 0);
    CHECK(json_object_object_get(ret, "qemu") != NULL);
    sessionEnd(&s);
    CHECK_STR(lastEvents, "STOP ");
}


static void
test_error_reply_is_reported_with_the_command(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "blockdev-snapshot-internal-sync" },
        { PEER_SEND, "{\"id\": \"%ID\", \"error\": {\"class\": \"GenericError\", "
                     "\"desc\": \"Snapshot with name 'snap1' already exists on device "
                     "'disk0'\"}}\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        CHECK_INT(qemuMonitorCommand(s.mon, "blockdev-snapshot-internal-sync",
                                     qemuMonitorArgs("s:device", "disk0",
                                                     "s:name", "snap1", NULL), NULL), -1);
        CHECK_INT(lastErrorCode(), VIR_ERR_INTERNAL_ERROR);
        CHECK_CONTAINS(virGetLastErrorMessage(),
                       "unable to execute QEMU command 'blockdev-snapshot-internal-sync': "
                       "Snapshot with name 'snap1' already exists");
        CHECK_CONTAINS(s.peer.lastCommand->str, "\"device\":\"disk0\"");
    }
    sessionEnd(&s);
}


static void
test_end_of_file_during_a_command_fails_it_and_tells_the_driver(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "cont" },
        { PEER_HANGUP, NULL },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        CHECK_INT(qemuMonitorCommand(s.mon, "cont", NULL, NULL), -1);
        CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_FAILED);
        CHECK_CONTAINS(virGetLastErrorMessage(), "end of file from QEMU monitor");
        /* Later commands fail at once. */
        CHECK_INT(qemuMonitorCommand(s.mon, "stop", NULL, NULL), -1);
        CHECK_CONTAINS(qemuMonitorClosedReason(s.mon), "end of file");
    }
    sessionEnd(&s);
    CHECK_INT(s.log.ends, 1);
}


static void
test_garbage_closes_the_monitor(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "query-status" },
        { PEER_SEND, "{\"return\": ]]] not json\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        CHECK_INT(qemuMonitorCommand(s.mon, "query-status", NULL, NULL), -1);
        CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_FAILED);
        CHECK_CONTAINS(virGetLastErrorMessage(), "invalid JSON from QEMU monitor");
    }
    sessionEnd(&s);
    CHECK_INT(s.log.ends, 1);
}


static void
test_silent_peer_times_out(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_IDLE, NULL },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        qemuMonitorSetTimeout(s.mon, 100);
        CHECK_INT(qemuMonitorCommand(s.mon, "query-status", NULL, NULL), -1);
        CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_TIMEOUT);
        CHECK_CONTAINS(virGetLastErrorMessage(), "'query-status'");
    }
    sessionEnd(&s);
}


static void
test_missing_greeting_fails_open(void)
{
    static const peerStep idle[] = { { PEER_IDLE, NULL } };
    static const peerStep hangup[] = { { PEER_HANGUP, NULL } };
    static const peerStep refused[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, "{\"id\": \"%ID\", \"error\": {\"class\": \"CommandNotFound\", "
                     "\"desc\": \"Capabilities negotiation is already complete, command "
                     "ignored\"}}\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, idle, 100);
    CHECK(s.mon == NULL);
    CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_TIMEOUT);
    sessionEnd(&s);

    sessionStart(&s, hangup, 5000);
    CHECK(s.mon == NULL);
    CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_FAILED);
    CHECK_CONTAINS(virGetLastErrorMessage(), "no greeting from QEMU");
    sessionEnd(&s);

    sessionStart(&s, refused, 5000);
    CHECK(s.mon == NULL);
    CHECK_CONTAINS(virGetLastErrorMessage(), "'qmp_capabilities'");
    sessionEnd(&s);
}


#define JOB_EVENT(id, status) \
    "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": " \
    "\"JOB_STATUS_CHANGE\", \"data\": {\"status\": \"" status "\", \"id\": \"" id "\"}}\r\n"

static void
test_job_runs_to_conclusion_and_is_dismissed(void)
{
    /* As QEMU 7.2 runs snapshot-save: events before and after the return. */
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "snapshot-save" },
        { PEER_SEND, JOB_EVENT("ss1", "created") JOB_EVENT("ss1", "running") },
        { PEER_SEND, "{\"return\": {}, \"id\": \"%ID\"}\r\n" },
        { PEER_SEND, JOB_EVENT("ss1", "waiting") JOB_EVENT("ss1", "pending")
                     JOB_EVENT("ss1", "concluded") },
        { PEER_EXPECT, "query-jobs" },
        { PEER_SEND, "{\"return\": [{\"current-progress\": 1, \"status\": \"concluded\", "
                     "\"total-progress\": 1, \"type\": \"snapshot-save\", \"id\": \"ss1\"}], "
                     "\"id\": \"%ID\"}\r\n" },
        { PEER_EXPECT, "job-dismiss" },
        { PEER_SEND, JOB_EVENT("ss1", "null") "{\"return\": {}, \"id\": \"%ID\"}\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        const char *devs[] = { "disk0", NULL };
        json_object *list = json_object_new_array();

        json_object_array_add(list, json_object_new_string(devs[0]));
        CHECK_INT(qemuMonitorRunJob(s.mon, "snapshot-save",
                                    qemuMonitorArgs("s:job-id", "ss1", "s:tag", "s1",
                                                    "s:vmstate", "disk0", "a:devices", list,
                                                    NULL),
                                    "ss1", 5000), 0);
        CHECK_CONTAINS(s.peer.lastCommand->str, "\"id\":\"ss1\"");
    }
    sessionEnd(&s);
    CHECK_CONTAINS(lastEvents, "JOB_STATUS_CHANGE");
}


static void
test_failed_job_reports_its_error(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "snapshot-load" },
        { PEER_SEND, "{\"return\": {}, \"id\": \"%ID\"}\r\n"
                     JOB_EVENT("sl1", "created") JOB_EVENT("sl1", "running")
                     JOB_EVENT("sl1", "aborting") JOB_EVENT("sl1", "concluded") },
        { PEER_EXPECT, "query-jobs" },
        { PEER_SEND, "{\"return\": [{\"current-progress\": 1, \"status\": \"concluded\", "
                     "\"total-progress\": 1, \"type\": \"snapshot-load\", \"id\": \"sl1\", "
                     "\"error\": \"Snapshot 'nope' does not exist in one or more devices\"}], "
                     "\"id\": \"%ID\"}\r\n" },
        { PEER_EXPECT, "job-dismiss" },
        { PEER_SEND, "{\"return\": {}, \"id\": \"%ID\"}\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        CHECK_INT(qemuMonitorRunJob(s.mon, "snapshot-load",
                                    qemuMonitorArgs("s:job-id", "sl1", NULL), "sl1", 5000), -1);
        CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_FAILED);
        CHECK_CONTAINS(virGetLastErrorMessage(),
                       "QEMU job 'sl1' failed: Snapshot 'nope' does not exist");
    }
    sessionEnd(&s);
}


static void
test_descriptor_travels_with_the_command(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT_FD, "getfd" },
        { PEER_SEND, "{\"return\": {}, \"id\": \"%ID\"}\r\n" },
        { 0 },
    };
    session s;
    int fds[2];

    g_assert(pipe(fds) == 0);
    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon)
        CHECK_INT(qemuMonitorCommandWithFD(s.mon, "getfd",
                                           qemuMonitorArgs("s:fdname", "migrate", NULL),
                                           fds[1], NULL), 0);
    sessionEnd(&s);
    close(fds[0]);
    close(fds[1]);
}


static void
test_awaited_events_queue_in_order(void)
{
    static const peerStep steps[] = {
        { PEER_SEND, GREETING },
        { PEER_EXPECT, "qmp_capabilities" },
        { PEER_SEND, CAPS_OK },
        { PEER_EXPECT, "migrate" },
        { PEER_SEND, "{\"return\": {}, \"id\": \"%ID\"}\r\n"
                     "{\"event\": \"MIGRATION\", \"data\": {\"status\": \"setup\"}}\r\n"
                     "{\"event\": \"RESUME\"}\r\n"
                     "{\"event\": \"MIGRATION\", \"data\": {\"status\": \"completed\"}}\r\n" },
        { 0 },
    };
    session s;

    sessionStart(&s, steps, 5000);
    CHECK(s.mon != NULL);
    if (s.mon) {
        g_autoptr(json_object) first = NULL;
        g_autoptr(json_object) second = NULL;

        qemuMonitorEventMark(s.mon, "MIGRATION");
        CHECK_INT(qemuMonitorCommand(s.mon, "migrate", NULL, NULL), 0);
        first = qemuMonitorWaitEvent(s.mon, "MIGRATION", 5000);
        second = qemuMonitorWaitEvent(s.mon, "MIGRATION", 5000);
        CHECK_STR(json_object_get_string(json_object_object_get(first, "status")), "setup");
        CHECK_STR(json_object_get_string(json_object_object_get(second, "status")),
                  "completed");
        CHECK(qemuMonitorWaitEvent(s.mon, "MIGRATION", 50) == NULL);
        CHECK_INT(lastErrorCode(), VIR_ERR_OPERATION_TIMEOUT);
    }
    sessionEnd(&s);
}


static const testCase tests[] = {
    TEST_CASE(test_open_negotiates_capabilities_and_runs_a_command),
    TEST_CASE(test_reply_split_into_bytes_and_merged_messages),
    TEST_CASE(test_error_reply_is_reported_with_the_command),
    TEST_CASE(test_end_of_file_during_a_command_fails_it_and_tells_the_driver),
    TEST_CASE(test_garbage_closes_the_monitor),
    TEST_CASE(test_silent_peer_times_out),
    TEST_CASE(test_missing_greeting_fails_open),
    TEST_CASE(test_job_runs_to_conclusion_and_is_dismissed),
    TEST_CASE(test_failed_job_reports_its_error),
    TEST_CASE(test_descriptor_travels_with_the_command),
    TEST_CASE(test_awaited_events_queue_in_order),
    { 0 },
};


int
main(int argc, char **argv)
{
    int ret = testRun(argc, argv, tests);

    g_free(lastEvents);
    return ret;
}
