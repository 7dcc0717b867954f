/*
 * virevent.c: the default event loop (poll() over handles and timers)
 *
 * One process-wide loop.  virEventRunDefaultImpl() runs one iteration:
 * it snapshots the watched descriptors and the nearest timer under the
 * lock, polls without the lock, then dispatches due timers and ready
 * handles one at a time, dropping the lock around each callback so that
 * callbacks may add, change or remove watches and call the public API.
 *
 * Removal contract: once virEventRemoveTimeout/Handle returns, the
 * callback will not start again (though another thread may still be
 * inside it: removal never waits, so it is safe with any lock held).
 * The free callback runs at once, or at the end of the current
 * iteration when the entry was removed while the loop was dispatching;
 * so state a callback uses should be owned through the opaque pointer
 * and released by the free callback.  Changes from other threads wake a
 * sleeping poll() through a pipe.  One thread at a time runs the loop.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <poll.h>
#include <fcntl.h>
#include <unistd.h>

#include "virevent.h"

typedef struct {
    int id;
    int fd;                     /* handles only */
    int events;                 /* handles: virEventHandleType; timers: frequency ms */
    gint64 due;                 /* timers: monotonic ms of the next call */
    virEventHandleCallback hcb;
    virEventTimeoutCallback tcb;
    void *opaque;
    virFreeCallback ff;
    bool deleted;
} virEventEntry;

static struct {
    GMutex lock;
    bool registered;
    GArray *handles;            /* virEventEntry */
    GArray *timers;             /* virEventEntry */
    int lastId;
    int wakeup[2];              /* pipe: changes wake the poll */
    bool dispatching;           /* an iteration is calling callbacks */
} loop = { 0 };


static gint64
virEventNowMs(void)
{
    return g_get_monotonic_time() / 1000;
}


static void
virEventWake(void)
{
    char c = 0;

    if (loop.registered && write(loop.wakeup[1], &c, 1) < 0) {
        /* The pipe is full: a wake-up is already pending. */
    }
}


int
virEventRegisterDefaultImpl(void)
{
    int ret = 0;

    g_mutex_lock(&loop.lock);
    if (!loop.registered) {
        if (pipe(loop.wakeup) < 0) {
            ret = -1;
        } else {
            for (int i = 0; i < 2; i++) {
                fcntl(loop.wakeup[i], F_SETFL, O_NONBLOCK);
                fcntl(loop.wakeup[i], F_SETFD, FD_CLOEXEC);
            }
            loop.handles = g_array_new(FALSE, TRUE, sizeof(virEventEntry));
            loop.timers = g_array_new(FALSE, TRUE, sizeof(virEventEntry));
            loop.registered = true;
        }
    }
    g_mutex_unlock(&loop.lock);
    return ret;
}


bool
virEventIsRegistered(void)
{
    bool ret;

    g_mutex_lock(&loop.lock);
    ret = loop.registered;
    g_mutex_unlock(&loop.lock);
    return ret;
}


static int
virEventAdd(bool timer, virEventEntry *entry)
{
    int id;

    g_mutex_lock(&loop.lock);
    if (!loop.registered) {
        g_mutex_unlock(&loop.lock);
        return -1;
    }
    entry->id = id = ++loop.lastId;
    g_array_append_val(timer ? loop.timers : loop.handles, *entry);
    virEventWake();
    g_mutex_unlock(&loop.lock);
    return id;
}


/* The live entry @id of @list, or NULL; call with the lock held. */
static virEventEntry *
virEventFind(GArray *list, int id)
{
    for (guint i = 0; list && i < list->len; i++) {
        virEventEntry *e = &g_array_index(list, virEventEntry, i);

        if (e->id == id && !e->deleted)
            return e;
    }
    return NULL;
}


int
virEventAddHandle(int fd, int events, virEventHandleCallback cb,
                  void *opaque, virFreeCallback ff)
{
    virEventEntry e = { .fd = fd, .events = events, .hcb = cb,
                        .opaque = opaque, .ff = ff };

    if (fd < 0 || !cb)
        return -1;
    return virEventAdd(false, &e);
}


int
virEventAddTimeout(int frequency, virEventTimeoutCallback cb,
                   void *opaque, virFreeCallback ff)
{
    virEventEntry e = { .events = frequency, .tcb = cb, .opaque = opaque, .ff = ff,
                        .due = virEventNowMs() + MAX(frequency, 0) };

    if (!cb)
        return -1;
    return virEventAdd(true, &e);
}


static void
virEventUpdate(GArray **list, int id, int value, bool timer)
{
    virEventEntry *e;

    g_mutex_lock(&loop.lock);
    if ((e = virEventFind(*list, id))) {
        e->events = value;
        if (timer)
            e->due = virEventNowMs() + MAX(value, 0);
        virEventWake();
    }
    g_mutex_unlock(&loop.lock);
}


void
virEventUpdateHandle(int watch, int events)
{
    virEventUpdate(&loop.handles, watch, events, false);
}


void
virEventUpdateTimeout(int timer, int frequency)
{
    virEventUpdate(&loop.timers, timer, frequency, true);
}


/* Drops deleted entries of @list, collecting their free callbacks in
 * @frees (pairs of ff, opaque); call with the lock held. */
static void
virEventPurge(GArray *list, GArray *frees)
{
    for (guint i = list->len; i > 0; i--) {
        virEventEntry *e = &g_array_index(list, virEventEntry, i - 1);

        if (!e->deleted)
            continue;
        if (e->ff)
            g_array_append_val(frees, *e);
        g_array_remove_index(list, i - 1);
    }
}


static void
virEventRunFrees(GArray *frees)
{
    for (guint i = 0; i < frees->len; i++) {
        virEventEntry *e = &g_array_index(frees, virEventEntry, i);

        e->ff(e->opaque);
    }
}


static int
virEventRemove(GArray *list, int id)
{
    g_autoptr(GArray) frees = g_array_new(FALSE, FALSE, sizeof(virEventEntry));
    virEventEntry *e;

    g_mutex_lock(&loop.lock);
    if (!(e = virEventFind(list, id))) {
        g_mutex_unlock(&loop.lock);
        return -1;
    }
    e->deleted = true;
    if (!loop.dispatching)
        virEventPurge(list, frees);
    virEventWake();
    g_mutex_unlock(&loop.lock);
    virEventRunFrees(frees);
    return 0;
}


int
virEventRemoveHandle(int watch)
{
    return virEventRemove(loop.handles, watch);
}


int
virEventRemoveTimeout(int timer)
{
    return virEventRemove(loop.timers, timer);
}


/* Milliseconds until the nearest enabled timer (-1: none); locked. */
static int
virEventNextTimeout(void)
{
    gint64 now = virEventNowMs();
    gint64 next = -1;

    for (guint i = 0; i < loop.timers->len; i++) {
        virEventEntry *e = &g_array_index(loop.timers, virEventEntry, i);

        if (e->deleted || e->events < 0)
            continue;
        if (next < 0 || e->due < next)
            next = e->due;
    }
    if (next < 0)
        return -1;
    return next <= now ? 0 : (int)MIN(next - now, G_MAXINT);
}


/* Calls the due timers, each with the lock dropped around it. */
static void
virEventDispatchTimers(void)
{
    gint64 now = virEventNowMs();

    for (guint i = 0; i < loop.timers->len; i++) {
        virEventEntry e = g_array_index(loop.timers, virEventEntry, i);

        if (e.deleted || e.events < 0 || e.due > now)
            continue;
        g_array_index(loop.timers, virEventEntry, i).due = now + e.events;
        g_mutex_unlock(&loop.lock);
        e.tcb(e.id, e.opaque);
        g_mutex_lock(&loop.lock);
    }
}


static int
virEventFromPoll(short revents)
{
    return ((revents & POLLIN) ? VIR_EVENT_HANDLE_READABLE : 0) |
           ((revents & POLLOUT) ? VIR_EVENT_HANDLE_WRITABLE : 0) |
           ((revents & (POLLERR | POLLNVAL)) ? VIR_EVENT_HANDLE_ERROR : 0) |
           ((revents & POLLHUP) ? VIR_EVENT_HANDLE_HANGUP : 0);
}


static void
virEventDispatchHandles(const struct pollfd *fds, const int *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        virEventEntry *found;
        virEventEntry e;

        if (!fds[i].revents || !(found = virEventFind(loop.handles, ids[i])))
            continue;
        e = *found;
        g_mutex_unlock(&loop.lock);
        e.hcb(e.id, e.fd, virEventFromPoll(fds[i].revents), e.opaque);
        g_mutex_lock(&loop.lock);
    }
}


int
virEventRunDefaultImpl(void)
{
    g_autofree struct pollfd *fds = NULL;
    g_autofree int *ids = NULL;
    g_autoptr(GArray) frees = g_array_new(FALSE, FALSE, sizeof(virEventEntry));
    size_t n = 1;
    int timeout;
    char buf[64];

    g_mutex_lock(&loop.lock);
    if (!loop.registered) {
        g_mutex_unlock(&loop.lock);
        return -1;
    }
    fds = g_new0(struct pollfd, loop.handles->len + 1);
    ids = g_new0(int, loop.handles->len + 1);
    fds[0].fd = loop.wakeup[0];
    fds[0].events = POLLIN;
    for (guint i = 0; i < loop.handles->len; i++) {
        virEventEntry *e = &g_array_index(loop.handles, virEventEntry, i);

        if (e->deleted || !e->events)
            continue;
        fds[n].fd = e->fd;
        fds[n].events = ((e->events & VIR_EVENT_HANDLE_READABLE) ? POLLIN : 0) |
                        ((e->events & VIR_EVENT_HANDLE_WRITABLE) ? POLLOUT : 0);
        ids[n++] = e->id;
    }
    timeout = virEventNextTimeout();
    g_mutex_unlock(&loop.lock);

    if (poll(fds, n, timeout) < 0 && errno != EINTR)
        return -1;
    while (read(loop.wakeup[0], buf, sizeof(buf)) > 0)
        ;

    g_mutex_lock(&loop.lock);
    loop.dispatching = true;
    virEventDispatchTimers();
    virEventDispatchHandles(fds + 1, ids + 1, n - 1);
    loop.dispatching = false;
    virEventPurge(loop.timers, frees);
    virEventPurge(loop.handles, frees);
    g_mutex_unlock(&loop.lock);
    virEventRunFrees(frees);
    return 0;
}
