/*
 * compat-errors.c: the error API
 *
 * The thread's last error and its accessors, copies, the connection's
 * copy, the global and per-connection callbacks (a recording one), the
 * default callback's text on stderr (captured), and the error being
 * private to each thread.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <pthread.h>
#include <unistd.h>

#include "compat-common.h"

/* What the recording callback saw. */
typedef struct {
    const char *label;
    int calls;
    int code;
    int domain;
    char message[512];
} recorder;


static void
record(void *opaque, virErrorPtr err)
{
    recorder *rec = opaque;

    rec->calls++;
    rec->code = err ? err->code : -1;
    rec->domain = err ? err->domain : -1;
    snprintf(rec->message, sizeof(rec->message), "%s",
             err && err->message ? err->message : "(null)");
}


static void
print_recorder(const recorder *rec)
{
    compat_say("%s handler: calls=%d last code=%d domain=%d message=%s",
               rec->label, rec->calls, rec->code, rec->domain, rec->message);
}


/* Prints every field of @err (NULL allowed). */
static void
print_fields(const char *what, virErrorPtr err)
{
    if (!err) {
        compat_say("%s: NULL", what);
        return;
    }
    compat_say("%s: code=%d domain=%d level=%d message=%s", what, err->code,
               err->domain, (int)err->level, err->message ? err->message : "(null)");
    compat_say("  str1=%s str2=%s str3=%s int1=%d int2=%d", err->str1 ? err->str1 : "(null)",
               err->str2 ? err->str2 : "(null)", err->str3 ? err->str3 : "(null)",
               err->int1, err->int2);
}


/* A call that fails the same way in both libraries. */
static void
fail(virDomainPtr dom)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, "nosuch", 0);

    if (snap) {
        compat_say("unexpected success");
        virDomainSnapshotFree(snap);
    }
}


static void
check_no_error(void)
{
    virError copy;
    virErrorPtr saved;

    compat_section("no error yet");
    virResetLastError();
    print_fields("virGetLastError()", virGetLastError());
    compat_say("virGetLastErrorCode() = %d", virGetLastErrorCode());
    compat_say("virGetLastErrorDomain() = %d", virGetLastErrorDomain());
    compat_say("virGetLastErrorMessage() = %s", virGetLastErrorMessage());
    memset(&copy, 0, sizeof(copy));
    compat_say("virCopyLastError(&copy) = %d", virCopyLastError(&copy));
    print_fields("copy", &copy);
    saved = virSaveLastError();
    print_fields("virSaveLastError()", saved);
    virFreeError(saved);
    virFreeError(NULL);
    virResetError(NULL);
}


static void
check_last_error(virDomainPtr dom)
{
    virError copy = { 0 };
    virErrorPtr saved;

    compat_section("the last error and its copies");
    fail(dom);
    print_fields("virGetLastError()", virGetLastError());
    compat_say("virGetLastErrorCode() = %d", virGetLastErrorCode());
    compat_say("virGetLastErrorDomain() = %d", virGetLastErrorDomain());
    compat_say("virGetLastErrorMessage() = %s", virGetLastErrorMessage());
    compat_say("virCopyLastError(&copy) = %d", virCopyLastError(&copy));
    print_fields("copy", &copy);
    virResetError(&copy);
    /* Both libraries overwrite the target without freeing what it held. */
    memset(&copy, 0xff, sizeof(copy));
    compat_say("virCopyLastError(&copy) into garbage = %d", virCopyLastError(&copy));
    print_fields("copy", &copy);
    virResetError(&copy);
    print_fields("copy after virResetError", &copy);
    saved = virSaveLastError();
    print_fields("virSaveLastError()", saved);
    virResetLastError();
    print_fields("virGetLastError() after virResetLastError", virGetLastError());
    print_fields("saved copy after virResetLastError", saved);
    virFreeError(saved);
    compat_say("virCopyLastError(NULL) = %d", virCopyLastError(NULL));

    compat_section("a successful call clears the last error");
    fail(dom);
    compat_say("after failure: code=%d", virGetLastErrorCode());
    compat_say("virDomainSnapshotNum(dom, 0) = %d", virDomainSnapshotNum(dom, 0));
    print_fields("virGetLastError()", virGetLastError());
    fail(dom);
    CSTR(virDomainGetName(dom));
    print_fields("virGetLastError() after virDomainGetName", virGetLastError());
}


static void
check_conn_error(virConnectPtr conn, virDomainPtr dom)
{
    virError copy = { 0 };

    compat_section("the connection's copy of the last error");
    virConnResetLastError(conn);
    print_fields("virConnGetLastError(conn) before", virConnGetLastError(conn));
    fail(dom);
    print_fields("virConnGetLastError(conn)", virConnGetLastError(conn));
    compat_say("virDomainSnapshotNum(dom, 0) = %d", virDomainSnapshotNum(dom, 0));
    print_fields("virConnGetLastError(conn) after a success", virConnGetLastError(conn));
    memset(&copy, 0xff, sizeof(copy));
    compat_say("virConnCopyLastError(conn, &copy) = %d", virConnCopyLastError(conn, &copy));
    print_fields("copy", &copy);
    virResetError(&copy);
    virConnResetLastError(conn);
    print_fields("virConnGetLastError(conn) after reset", virConnGetLastError(conn));
    compat_say("virConnCopyLastError(conn, &copy) = %d", virConnCopyLastError(conn, &copy));
    virResetError(&copy);
    print_fields("virConnGetLastError(NULL)", virConnGetLastError(NULL));
    virConnResetLastError(NULL);

    compat_section("errors without a connection leave the connection's copy alone");
    fail(dom);
    INT(virDomainSnapshotIsCurrent(NULL, 0));
    print_fields("virConnGetLastError(conn)", virConnGetLastError(conn));
    virConnResetLastError(conn);
}


static void
check_handlers(virConnectPtr conn, virDomainPtr dom)
{
    recorder global = { "global", 0, 0, 0, "" };
    recorder local = { "connection", 0, 0, 0, "" };

    compat_section("global and per-connection callbacks");
    virSetErrorFunc(&global, record);
    fail(dom);
    print_recorder(&global);
    compat_say("virDomainSnapshotNum(dom, 0) = %d", virDomainSnapshotNum(dom, 0));
    print_recorder(&global);
    INT(virDomainSnapshotIsCurrent(NULL, 0));
    print_recorder(&global);

    virConnSetErrorFunc(conn, &local, record);
    fail(dom);
    print_recorder(&global);
    print_recorder(&local);
    INT(virDomainGetState(NULL, NULL, NULL, 0));
    print_recorder(&global);
    print_recorder(&local);
    virConnSetErrorFunc(conn, NULL, NULL);
    fail(dom);
    print_recorder(&global);
    print_recorder(&local);
    virConnSetErrorFunc(NULL, &local, record);
    compat_init();
}


/* Runs @fn with stderr going to a temporary file; prints what it got. */
static void
capture_stderr(const char *label, void (*fn)(virDomainPtr), virDomainPtr dom)
{
    char path[] = "/tmp/compat-errors-XXXXXX";
    char buf[2048];
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    ssize_t n;

    if (fd < 0 || saved < 0) {
        compat_say("cannot capture stderr");
        return;
    }
    unlink(path);
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    fn(dom);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    compat_say("%s wrote to stderr:", label);
    fputs(buf, stdout);
    compat_say("(end)");
}


static void
default_handler_on_failure(virDomainPtr dom)
{
    fail(dom);
    virDomainSnapshotIsCurrent(NULL, 0);
}


static void
default_handler_direct(virDomainPtr dom)
{
    fail(dom);
    virDefaultErrorFunc(virGetLastError());
    virDefaultErrorFunc(NULL);
}


static void
check_default_handler(virDomainPtr dom)
{
    compat_section("the default callback prints to stderr");
    virSetErrorFunc(NULL, NULL);
    capture_stderr("failing calls", default_handler_on_failure, dom);
    compat_init();
    capture_stderr("virDefaultErrorFunc", default_handler_direct, dom);
}


static void *
thread_main(void *opaque)
{
    virDomainPtr dom = opaque;

    compat_say("thread: before: code=%d", virGetLastErrorCode());
    virDomainGetState(NULL, NULL, NULL, 0);
    compat_say("thread: after its failure: code=%d message=%s",
               virGetLastErrorCode(), virGetLastErrorMessage());
    (void)dom;
    return NULL;
}


static void
check_threads(virDomainPtr dom)
{
    pthread_t thread;

    compat_section("the last error belongs to the thread");
    fail(dom);
    if (pthread_create(&thread, NULL, thread_main, dom) != 0 ||
        pthread_join(thread, NULL) != 0) {
        compat_say("cannot run a thread");
        return;
    }
    compat_say("main: code=%d message=%s", virGetLastErrorCode(),
               virGetLastErrorMessage());
}


int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    compat_init();
    /* libvirt's thread-local error needs the library initialised. */
    if (virInitialize() < 0)
        return 1;
    check_no_error();
    if (!(conn = CONN(virConnectOpen(COMPAT_URI))) ||
        !(dom = DOM(virDomainLookupByName(conn, "test"))))
        return 1;
    check_last_error(dom);
    check_conn_error(conn, dom);
    check_handlers(conn, dom);
    check_default_handler(dom);
    check_threads(dom);
    compat_section("quiet callback count");
    compat_say("quiet callback ran: %s", compat_handler_calls() > 0 ? "yes" : "no");
    return compat_end(conn, dom);
}
