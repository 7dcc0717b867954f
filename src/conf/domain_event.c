/*
 * domain_event.c: domain event callbacks and the queue that feeds them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "domain_event.h"
#include "util/virerror.h"
#include "util/virevent.h"

#define VIR_FROM_THIS VIR_FROM_NONE

struct _virDomainEvent {
    int eventID;                /* LIFECYCLE, BLOCK_JOB (also BLOCK_JOB_2), JOB_COMPLETED */
    int callbackID;             /* > 0: for that callback only */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
    int a, b;                   /* lifecycle: type, detail; block job: type, status */
    char *path, *target;        /* block job */
    virTypedParameterPtr params;
    int nparams;
};

/* A registration; shared by the list and by deliveries in flight. */
typedef struct {
    gint refs;
    int callbackID;
    int eventID;
    virConnectPtr conn;         /* holds a reference */
    bool filter;
    unsigned char uuid[VIR_UUID_BUFLEN];
    virConnectDomainEventGenericCallback cb;
    void *opaque;
    virFreeCallback freecb;
    bool deleted;               /* deregistered (under the state's lock) */
    int running;                /* deliveries in progress (same lock) */
} virDomainEventCallback;

struct _virDomainEventState {
    gint refs;                  /* the owner's, and the timer's */
    GMutex lock;
    GCond idle;                 /* a delivery ended */
    GThread *dispatcher;        /* the thread delivering, or NULL */
    GPtrArray *callbacks;       /* virDomainEventCallback * */
    GQueue queue;               /* virDomainEvent * */
    int timer;                  /* flush timer, 0 before the first registration */
    int lastID;
};


void
virDomainEventFree(virDomainEvent *event)
{
    if (!event)
        return;
    for (int i = 0; i < event->nparams; i++) {
        if (event->params[i].type == VIR_TYPED_PARAM_STRING)
            g_free(event->params[i].value.s);
    }
    g_free(event->params);
    g_free(event->name);
    g_free(event->path);
    g_free(event->target);
    g_free(event);
}


static void
virDomainEventCallbackUnref(virDomainEventCallback *cb)
{
    if (!g_atomic_int_dec_and_test(&cb->refs))
        return;
    if (cb->freecb)
        cb->freecb(cb->opaque);
    virObjectUnref(cb->conn);
    g_free(cb);
}


virDomainEventState *
virDomainEventStateNew(void)
{
    virDomainEventState *state = g_new0(virDomainEventState, 1);

    state->refs = 1;
    g_mutex_init(&state->lock);
    g_cond_init(&state->idle);
    state->callbacks = g_ptr_array_new_with_free_func(
        (GDestroyNotify)virDomainEventCallbackUnref);
    g_queue_init(&state->queue);
    return state;
}


static void
virDomainEventStateUnref(void *opaque)
{
    virDomainEventState *state = opaque;

    if (!g_atomic_int_dec_and_test(&state->refs))
        return;
    g_ptr_array_unref(state->callbacks);
    g_queue_clear_full(&state->queue, (GDestroyNotify)virDomainEventFree);
    g_mutex_clear(&state->lock);
    g_cond_clear(&state->idle);
    g_free(state);
}


void
virDomainEventStateFree(virDomainEventState *state)
{
    int timer;

    if (!state)
        return;
    g_mutex_lock(&state->lock);
    timer = state->timer;
    state->timer = 0;
    g_mutex_unlock(&state->lock);
    if (timer > 0)
        virEventRemoveTimeout(timer);
    virDomainEventStateUnref(state);
}


static void
virDomainEventCall(virDomainEventCallback *cb, virDomainEvent *event,
                   virDomainPtr dom)
{
    switch (cb->eventID) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
        ((virConnectDomainEventCallback)(void (*)(void))cb->cb)(cb->conn, dom, event->a, event->b,
                                                cb->opaque);
        break;
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB:
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2:
        ((virConnectDomainEventBlockJobCallback)(void (*)(void))cb->cb)(
            cb->conn, dom,
            cb->eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB ? event->path : event->target,
            event->a, event->b, cb->opaque);
        break;
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
        ((virConnectDomainEventJobCompletedCallback)(void (*)(void))cb->cb)(
            cb->conn, dom, event->params, event->nparams, cb->opaque);
        break;
    }
}


static bool
virDomainEventMatches(const virDomainEventCallback *cb, const virDomainEvent *event)
{
    if (cb->deleted)
        return false;
    if (event->callbackID > 0)
        return cb->callbackID == event->callbackID;
    if (cb->filter && memcmp(cb->uuid, event->uuid, VIR_UUID_BUFLEN) != 0)
        return false;
    if (event->eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB)
        return cb->eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB ||
               (cb->eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 && event->target);
    return cb->eventID == event->eventID;
}


/* Delivers @event to its callbacks; called without the state's lock. */
static void
virDomainEventDeliver(virDomainEventState *state, virDomainEvent *event)
{
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(
        (GDestroyNotify)virDomainEventCallbackUnref);

    g_mutex_lock(&state->lock);
    for (guint i = 0; i < state->callbacks->len; i++) {
        virDomainEventCallback *cb = state->callbacks->pdata[i];

        if (!virDomainEventMatches(cb, event))
            continue;
        g_atomic_int_inc(&cb->refs);
        g_ptr_array_add(targets, cb);
    }
    g_mutex_unlock(&state->lock);

    for (guint i = 0; i < targets->len; i++) {
        virDomainEventCallback *cb = targets->pdata[i];
        virDomainPtr dom;

        /* Deregistered meanwhile (maybe by an earlier callback)? */
        g_mutex_lock(&state->lock);
        if (cb->deleted) {
            g_mutex_unlock(&state->lock);
            continue;
        }
        cb->running++;
        g_mutex_unlock(&state->lock);
        if ((dom = virGetDomain(cb->conn, event->name, event->uuid, event->id))) {
            virDomainEventCall(cb, event, dom);
            virObjectUnref(dom);
        }
        g_mutex_lock(&state->lock);
        cb->running--;
        g_cond_broadcast(&state->idle);
        g_mutex_unlock(&state->lock);
    }
}


static void
virDomainEventFlush(int timer G_GNUC_UNUSED, void *opaque)
{
    virDomainEventState *state = opaque;
    GQueue pending = G_QUEUE_INIT;
    virDomainEvent *event;

    g_mutex_lock(&state->lock);
    pending = state->queue;
    g_queue_init(&state->queue);
    if (state->timer > 0)
        virEventUpdateTimeout(state->timer, -1);
    g_mutex_unlock(&state->lock);

    g_atomic_pointer_set(&state->dispatcher, g_thread_self());
    while ((event = g_queue_pop_head(&pending))) {
        virDomainEventDeliver(state, event);
        virDomainEventFree(event);
    }
    g_atomic_pointer_set(&state->dispatcher, NULL);
}


bool
virDomainEventIDSupported(int eventID)
{
    return eventID == VIR_DOMAIN_EVENT_ID_LIFECYCLE ||
           eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB ||
           eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 ||
           eventID == VIR_DOMAIN_EVENT_ID_JOB_COMPLETED;
}


/* Adds the flush timer on first use; locked. */
static int
virDomainEventStateStartTimer(virDomainEventState *state)
{
    if (state->timer > 0)
        return 0;
    g_atomic_int_inc(&state->refs);
    state->timer = virEventAddTimeout(-1, virDomainEventFlush, state,
                                      virDomainEventStateUnref);
    if (state->timer < 0) {
        state->timer = 0;
        g_atomic_int_dec_and_test(&state->refs);
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "could not initialize domain event timer: no event loop "
                       "(call virEventRegisterDefaultImpl first)");
        return -1;
    }
    return 0;
}


int
virDomainEventStateRegister(virDomainEventState *state, virConnectPtr conn,
                            virDomainPtr dom, int eventID,
                            virConnectDomainEventGenericCallback cb,
                            void *opaque, virFreeCallback freecb)
{
    virDomainEventCallback *reg;
    int ret = -1;

    g_mutex_lock(&state->lock);
    for (guint i = 0; i < state->callbacks->len; i++) {
        virDomainEventCallback *c = state->callbacks->pdata[i];

        if (c->conn == conn && c->cb == cb && c->eventID == eventID &&
            c->filter == (dom != NULL) &&
            (!dom || memcmp(c->uuid, dom->uuid, VIR_UUID_BUFLEN) == 0)) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           "event callback already tracked");
            goto cleanup;
        }
    }
    if (virDomainEventStateStartTimer(state) < 0)
        goto cleanup;

    reg = g_new0(virDomainEventCallback, 1);
    reg->refs = 1;
    reg->callbackID = ret = ++state->lastID;
    reg->eventID = eventID;
    reg->conn = virObjectRef(conn);
    reg->cb = cb;
    reg->opaque = opaque;
    reg->freecb = freecb;
    if (dom) {
        reg->filter = true;
        memcpy(reg->uuid, dom->uuid, VIR_UUID_BUFLEN);
    }
    g_ptr_array_add(state->callbacks, reg);

 cleanup:
    g_mutex_unlock(&state->lock);
    return ret;
}


int
virDomainEventStateDeregister(virDomainEventState *state, virConnectPtr conn,
                              int callbackID)
{
    g_mutex_lock(&state->lock);
    for (guint i = 0; i < state->callbacks->len; i++) {
        virDomainEventCallback *c = state->callbacks->pdata[i];

        if (c->callbackID == callbackID && c->conn == conn) {
            /* Once this returns the callback neither runs nor will: wait
             * for a delivery in another thread (not for our own caller,
             * when a callback deregisters itself). */
            c->deleted = true;
            while (c->running > 0 &&
                   g_atomic_pointer_get(&state->dispatcher) != g_thread_self())
                g_cond_wait(&state->idle, &state->lock);
            g_ptr_array_remove_index(state->callbacks, i);
            g_mutex_unlock(&state->lock);
            return 0;
        }
    }
    g_mutex_unlock(&state->lock);
    virReportError(VIR_ERR_INVALID_ARG,
                   "could not find event callback %d for deletion", callbackID);
    return -1;
}


void
virDomainEventStateQueueFor(virDomainEventState *state, virDomainEvent *event,
                            int callbackID)
{
    if (event)
        event->callbackID = callbackID;
    virDomainEventStateQueue(state, event);
}


void
virDomainEventStateQueue(virDomainEventState *state, virDomainEvent *event)
{
    if (!event)
        return;
    g_mutex_lock(&state->lock);
    if (state->timer <= 0 || state->callbacks->len == 0) {
        /* Nobody listens, and nobody can until a registration. */
        g_mutex_unlock(&state->lock);
        virDomainEventFree(event);
        return;
    }
    g_queue_push_tail(&state->queue, event);
    virEventUpdateTimeout(state->timer, 0);
    g_mutex_unlock(&state->lock);
}


static virDomainEvent *
virDomainEventNew(int eventID, const char *name, const unsigned char *uuid, int id)
{
    virDomainEvent *event = g_new0(virDomainEvent, 1);

    event->eventID = eventID;
    event->name = g_strdup(name);
    memcpy(event->uuid, uuid, VIR_UUID_BUFLEN);
    event->id = id;
    return event;
}


virDomainEvent *
virDomainEventLifecycleNew(const char *name, const unsigned char *uuid,
                           int id, int type, int detail)
{
    virDomainEvent *event = virDomainEventNew(VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              name, uuid, id);

    event->a = type;
    event->b = detail;
    return event;
}


virDomainEvent *
virDomainEventBlockJobNew(const char *name, const unsigned char *uuid, int id,
                          const char *path, const char *target, int type, int status)
{
    virDomainEvent *event = virDomainEventNew(VIR_DOMAIN_EVENT_ID_BLOCK_JOB,
                                              name, uuid, id);

    event->path = g_strdup(path);
    event->target = g_strdup(target);
    event->a = type;
    event->b = status;
    return event;
}


virDomainEvent *
virDomainEventJobCompletedNew(const char *name, const unsigned char *uuid,
                              int id, virTypedParameterPtr params, int nparams)
{
    virDomainEvent *event = virDomainEventNew(VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
                                              name, uuid, id);

    event->params = params;
    event->nparams = nparams;
    return event;
}
