/*
 * svsh-event.c: the event loop svsh runs beside its commands, SIGINT
 * handling for commands that wait, and the "event" command
 *
 * Like virsh, svsh registers the library's default event loop before it
 * connects and runs it in a thread of its own for the whole session, so
 * that events are delivered (and the test driver's block jobs move)
 * while a command runs or waits.  Callbacks therefore run on that
 * thread: whatever they share with a command is guarded below.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"
#include "svsh-blockjob.h"

/* ---- the loop thread ---- */

static GThread *svshLoopThread;
static gint svshLoopQuit;


static gpointer
svshLoopRun(gpointer opaque G_GNUC_UNUSED)
{
    sigset_t mask;

    /* SIGINT is for the thread running commands (svshSigint*). */
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    pthread_sigmask(SIG_BLOCK, &mask, NULL);
    while (!g_atomic_int_get(&svshLoopQuit)) {
        if (virEventRunDefaultImpl() < 0)
            break;
    }
    return NULL;
}


bool
svshEventLoopStart(void)
{
    if (virEventRegisterDefaultImpl() < 0)
        return false;
    svshLoopThread = g_thread_new("svsh-event-loop", svshLoopRun, NULL);
    return true;
}


static void
svshLoopWake(int timer G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}


void
svshEventLoopStop(void)
{
    int timer;

    if (!svshLoopThread)
        return;
    g_atomic_int_set(&svshLoopQuit, 1);
    /* A timer due at once ends the iteration the thread is waiting in. */
    timer = virEventAddTimeout(0, svshLoopWake, NULL, NULL);
    g_thread_join(svshLoopThread);
    svshLoopThread = NULL;
    if (timer > 0)
        virEventRemoveTimeout(timer);
}


/* ---- SIGINT while a command waits ---- */

static volatile sig_atomic_t svshInterrupted;
static struct sigaction svshOldSigint;


static void
svshCatchSigint(int sig G_GNUC_UNUSED)
{
    svshInterrupted = 1;
}


void
svshSigintCatch(void)
{
    struct sigaction action = { 0 };

    svshInterrupted = 0;
    action.sa_handler = svshCatchSigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &svshOldSigint);
}


void
svshSigintRestore(void)
{
    sigaction(SIGINT, &svshOldSigint, NULL);
}


bool
svshSigintCaught(void)
{
    return svshInterrupted != 0;
}


/* ---- "event" ---- */

typedef struct {
    svshControl *ctl;
    GMutex lock;
    GCond cond;
    bool loop;                  /* --loop: keep printing */
    bool timestamp;
    int count;                  /* events printed */
    bool done;                  /* one-shot: the first event came */
} svshEventWatch;

typedef struct {
    svshEventWatch *watch;
    const char *name;
} svshEventSource;

/* virsh's list of domain event names, in the order of their ids. */
static const char *const svshEventNames[] = {
    "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics",
    "io-error-reason", "control-error", "block-job", "disk-change", "tray-change",
    "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk", "device-removed",
    "block-job-2", "tunable", "agent-lifecycle", "device-added", "migration-iteration",
    "job-completed", "device-removal-failed", "metadata-change", "block-threshold",
    "memory-failure", "memory-device-size-change",
};

static const char *const svshLifecycleNames[] = {
    "Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped",
    "Shutdown", "PMSuspended", "Crashed",
};

/* The detail words of each lifecycle event, as virsh prints them. */
static const char *const *const svshLifecycleDetails[] = {
    (const char *const[]){ "Added", "Updated", "Renamed", "Snapshot", NULL },
    (const char *const[]){ "Removed", "Renamed", NULL },
    (const char *const[]){ "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup", NULL },
    (const char *const[]){ "Paused", "Migrated", "I/O Error", "Watchdog", "Restored",
                           "Snapshot", "API error", "Post-copy", "Post-copy Error", NULL },
    (const char *const[]){ "Unpaused", "Migrated", "Snapshot", "Post-copy",
                           "Post-copy Error", NULL },
    (const char *const[]){ "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved",
                           "Failed", "Snapshot", NULL },
    (const char *const[]){ "Finished", "Finished after guest request",
                           "Finished after host request", NULL },
    (const char *const[]){ "Memory", "Disk", NULL },
    (const char *const[]){ "Panicked", "Crashloaded", NULL },
};

static const char *const svshBlockJobStatusNames[] = {
    "completed", "failed", "canceled", "ready",
};


static const char *
svshLifecycleDetail(int event, int detail)
{
    const char *const *names;

    if (event < 0 || event >= (int)G_N_ELEMENTS(svshLifecycleDetails) || detail < 0)
        return "unknown";
    names = svshLifecycleDetails[event];
    for (int i = 0; names[i]; i++) {
        if (i == detail)
            return names[i];
    }
    return "unknown";
}


/* Prints one event's text (a one-shot watch prints only the first) and
 * wakes the command. */
static void
svshEventEmit(svshEventWatch *watch, const char *text)
{
    g_mutex_lock(&watch->lock);
    if (watch->loop || watch->count == 0) {
        if (watch->timestamp) {
            g_autoptr(GDateTime) now = g_date_time_new_now_utc();
            g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f");

            /* Milliseconds, as virsh stamps its events. */
            stamp[strlen(stamp) - 3] = '\0';
            svshPrint(watch->ctl, "%s+0000: %s", stamp, text);
        } else {
            svshPrint(watch->ctl, "%s", text);
        }
        watch->count++;
        if (!watch->loop)
            watch->done = true;
        g_cond_broadcast(&watch->cond);
    }
    g_mutex_unlock(&watch->lock);
}


static int
svshEventLifecycle(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                   int event, int detail, void *opaque)
{
    svshEventSource *src = opaque;
    g_autofree char *text = NULL;

    text = g_strdup_printf("event 'lifecycle' for domain '%s': %s %s\n",
                           virDomainGetName(dom),
                           event >= 0 && event < (int)G_N_ELEMENTS(svshLifecycleNames) ?
                           svshLifecycleNames[event] : "unknown",
                           svshLifecycleDetail(event, detail));
    svshEventEmit(src->watch, text);
    return 0;
}


static void
svshEventBlockJob(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                  const char *disk, int type, int status, void *opaque)
{
    svshEventSource *src = opaque;
    g_autofree char *text = NULL;

    text = g_strdup_printf("event '%s' for domain '%s': %s for %s %s\n", src->name,
                           virDomainGetName(dom), svshBlockJobLabel(type), disk,
                           status >= 0 && status < (int)G_N_ELEMENTS(svshBlockJobStatusNames) ?
                           svshBlockJobStatusNames[status] : "unknown");
    svshEventEmit(src->watch, text);
}


/* A typed parameter's value as virsh prints it in job-completed. */
static char *
svshTypedParamString(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT: return g_strdup_printf("%d", p->value.i);
    case VIR_TYPED_PARAM_UINT: return g_strdup_printf("%u", p->value.ui);
    case VIR_TYPED_PARAM_LLONG: return g_strdup_printf("%lld", p->value.l);
    case VIR_TYPED_PARAM_ULLONG: return g_strdup_printf("%llu", p->value.ul);
    case VIR_TYPED_PARAM_DOUBLE: return g_strdup_printf("%lf", p->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: return g_strdup(p->value.b ? "yes" : "no");
    case VIR_TYPED_PARAM_STRING: return g_strdup(p->value.s);
    default: return NULL;
    }
}


static void
svshEventJobCompleted(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                      virTypedParameterPtr params, int nparams, void *opaque)
{
    svshEventSource *src = opaque;
    g_autoptr(GString) text = g_string_new(NULL);

    g_string_append_printf(text, "event 'job-completed' for domain '%s':\n",
                           virDomainGetName(dom));
    for (int i = 0; i < nparams; i++) {
        g_autofree char *value = svshTypedParamString(&params[i]);

        if (value)
            g_string_append_printf(text, "\t%s: %s\n", params[i].field, value);
    }
    svshEventEmit(src->watch, text->str);
}


static void
svshEventGeneric(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, void *opaque)
{
    svshEventSource *src = opaque;
    g_autofree char *text = g_strdup_printf("event '%s' for domain '%s'\n", src->name,
                                            virDomainGetName(dom));

    svshEventEmit(src->watch, text);
}


/* The callback for event @id: the events svsh knows how to print; any
 * other is registered with a generic one (the library refuses those it
 * does not deliver). */
static virConnectDomainEventGenericCallback
svshEventCallback(int id)
{
    switch (id) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
        return SVSH_EVENT_CALLBACK(svshEventLifecycle);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB:
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2:
        return SVSH_EVENT_CALLBACK(svshEventBlockJob);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
        return SVSH_EVENT_CALLBACK(svshEventJobCompleted);
    default:
        return svshEventGeneric;
    }
}


/* Waits until the watch is done, the timeout (ms, 0: none) passes or
 * SIGINT comes; returns "done", "timeout" or "interrupt". */
static const char *
svshEventWait(svshEventWatch *watch, int timeoutMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;
    const char *why = "done";

    svshSigintCatch();
    g_mutex_lock(&watch->lock);
    while (!watch->done) {
        /* Wake now and then to see whether SIGINT came. */
        gint64 until = g_get_monotonic_time() + 200 * 1000;

        if (svshSigintCaught()) {
            why = "interrupt";
            break;
        }
        if (timeoutMs && g_get_monotonic_time() >= deadline) {
            why = "timeout";
            break;
        }
        if (timeoutMs && deadline < until)
            until = deadline;
        g_cond_wait_until(&watch->cond, &watch->lock, until);
    }
    g_mutex_unlock(&watch->lock);
    svshSigintRestore();
    return why;
}


/* The event ids the options select: one name, or with --all every one;
 * NULL (reported) for an unknown name. */
static GArray *
svshEventSelect(svshControl *ctl, const char *name)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));

    for (int i = 0; i < (int)G_N_ELEMENTS(svshEventNames); i++) {
        if (!name || strcmp(name, svshEventNames[i]) == 0)
            g_array_append_val(ids, i);
    }
    if (ids->len == 0) {
        svshError(ctl, "unknown event type %s", name);
        g_array_unref(ids);
        return NULL;
    }
    return ids;
}


/* Registers a callback per selected event; the first failure is an
 * error, later ones (events the library does not deliver) are not. */
static bool
svshEventRegister(svshControl *ctl, virDomainPtr dom, GArray *ids,
                  svshEventSource *srcs, int *cbids)
{
    for (guint i = 0; i < ids->len; i++) {
        int id = g_array_index(ids, int, i);

        srcs[i].name = svshEventNames[id];
        cbids[i] = virConnectDomainEventRegisterAny(ctl->conn, dom, id,
                                                    svshEventCallback(id), &srcs[i], NULL);
        if (cbids[i] < 0) {
            if (i == 0)
                return false;
            svshResetError(ctl);
        }
    }
    return true;
}


static bool
svshEventRun(svshControl *ctl, const svshCmd *cmd, GArray *ids, int timeoutMs)
{
    svshEventWatch watch = { .ctl = ctl };
    g_autofree svshEventSource *srcs = g_new0(svshEventSource, ids->len);
    g_autofree int *cbids = g_new(int, ids->len);
    virDomainPtr dom = NULL;
    const char *why = NULL;
    bool ok = false;

    for (guint i = 0; i < ids->len; i++) {
        srcs[i].watch = &watch;
        cbids[i] = -1;
    }
    watch.loop = svshOptBool(cmd, "loop");
    watch.timestamp = svshOptBool(cmd, "timestamp");
    g_mutex_init(&watch.lock);
    g_cond_init(&watch.cond);
    if (svshOptBool(cmd, "domain") &&
        !(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        goto cleanup;
    if (!svshEventRegister(ctl, dom, ids, srcs, cbids))
        goto cleanup;
    why = svshEventWait(&watch, timeoutMs);
    if (strcmp(why, "interrupt") == 0)
        svshPrint(ctl, "event loop interrupted\n");
    else if (strcmp(why, "timeout") == 0)
        svshPrint(ctl, "event loop timed out\n");

 cleanup:
    for (guint i = 0; i < ids->len; i++) {
        if (cbids[i] >= 0)
            virConnectDomainEventDeregisterAny(ctl->conn, cbids[i]);
    }
    /* No callback runs any more: the count is final. */
    if (why) {
        svshPrint(ctl, "events received: %d\n", watch.count);
        ok = watch.count > 0;
    }
    if (dom)
        virDomainFree(dom);
    g_mutex_clear(&watch.lock);
    g_cond_clear(&watch.cond);
    return ok;
}


static bool
cmdEvent(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(GArray) ids = NULL;
    const char *name = NULL;
    int timeoutMs = 0;

    if (!svshOptExclusive(ctl, cmd, "all", "event") ||
        !svshOptExclusive(ctl, cmd, "list", "all") ||
        !svshOptExclusive(ctl, cmd, "list", "event"))
        return false;
    if (svshOptBool(cmd, "list")) {
        for (size_t i = 0; i < G_N_ELEMENTS(svshEventNames); i++)
            svshPrint(ctl, "%s\n", svshEventNames[i]);
        return true;
    }
    if (svshOptString(ctl, cmd, "event", &name) < 0)
        return false;
    if (!name && !svshOptBool(cmd, "all")) {
        svshError(ctl, "%s", "one of --list, --all, or --event <type> is required");
        return false;
    }
    if (!(ids = svshEventSelect(ctl, name)))
        return false;
    if (svshOptTimeoutMs(ctl, cmd, &timeoutMs) < 0)
        return false;
    return svshEventRun(ctl, cmd, ids, timeoutMs);
}


static char **
svshCompleteEventNames(svshControl *ctl G_GNUC_UNUSED, const svshCmd *cmd G_GNUC_UNUSED)
{
    char **names = g_new0(char *, G_N_ELEMENTS(svshEventNames) + 1);

    for (size_t i = 0; i < G_N_ELEMENTS(svshEventNames); i++)
        names[i] = g_strdup(svshEventNames[i]);
    return names;
}


static const svshOptDef optsEvent[] = {
    { "domain", SVSH_OT_STRING, 0, "only the events of this domain (name, id or UUID)",
      svshCompleteDomains },
    { "event", SVSH_OT_STRING, 0, "the kind of event to wait for (see --list)",
      svshCompleteEventNames },
    { "all", SVSH_OT_BOOL, 0, "wait for events of every kind" },
    { "loop", SVSH_OT_BOOL, 0, "keep printing events until the timeout or Ctrl-C, "
      "not just the first" },
    { "timeout", SVSH_OT_INT, 0, "give up after this many seconds" },
    { "list", SVSH_OT_BOOL, 0, "print the names of the kinds of event" },
    { "timestamp", SVSH_OT_BOOL, 0, "print the time each event arrived" },
    { NULL },
};

const svshCmdDef svshEventCmds[] = {
    { "event", cmdEvent, optsEvent, "wait for domain events",
      "Prints domain events as they happen: the first one of the kind asked for, or "
      "with --loop every one until the timeout passes or Ctrl-C is pressed, then how "
      "many arrived.  Fails if none did.  With --list, prints the kinds instead.", 0 },
    { NULL },
};
