/*
 * remote_driver_events.c: domain events over the remote driver
 *
 * How an event travels from the daemon to a callback:
 *
 *  1. virConnectDomainEventRegisterAny registers the callback in the
 *     connection's own virDomainEventState (so the checks, the callback
 *     IDs and the delivery are those of every in-process driver: it
 *     needs an event loop), then asks the daemon for the event:
 *     CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY (316) with the event ID
 *     and the domain filter, one daemon registration per local callback.
 *     The daemon's callback ID is mapped to the local one.
 *  2. The daemon sends each event as a MESSAGE frame carrying that ID
 *     (318 lifecycle, 326 block job, 339 block job 2, 363 job completed).
 *     The client's reader thread (virnetclient.c) hands it to
 *     remoteEventsDispatch, which decodes it, finds the local callback
 *     and queues the event for it alone.  No application code runs on
 *     the reader thread and no lock of a call is held.
 *  3. The event state's timer on the default event loop delivers it,
 *     on the thread running virEventRunDefaultImpl, as for the test and
 *     QEMU drivers.
 *
 * The daemon may send an event for a registration just after its reply:
 * the reader can see it before the registering thread has stored the
 * mapping.  So while a registration is in flight, events for unknown IDs
 * are kept aside and handed over once the ID is known.
 *
 * A daemon without feature 14 (REMOTE_EVENT_CALLBACK) gets libvirt's
 * legacy protocol: one CONNECT_DOMAIN_EVENT_REGISTER_ANY (167) per event
 * ID for all local callbacks of that ID, messages 107 (lifecycle) and
 * 241 (block job) without a callback ID, delivered to every local
 * callback of the event ID (the domain filter applied locally), and 168
 * when the last of them goes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_driver_impl.h"
#include "conf/domain_event.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

VIR_LOG_INIT("rpc.remote_events");

/* libvirt 9.0's VIR_DOMAIN_EVENT_ID_LAST (the public layer checks it). */
#define REMOTE_EVENT_ID_LAST 27

/* A local callback and what the daemon knows it by. */
typedef struct {
    int localID;
    int remoteID;               /* -1 with the legacy protocol */
    int eventID;
} remoteEventReg;

/* An event that came before its registration's ID was known. */
typedef struct {
    int remoteID;
    virDomainEvent *event;
} remoteEventOrphan;

struct _remoteEvents {
    virDomainEventState *state;
    bool perCallback;           /* the daemon has feature 14 */

    GMutex regLock;             /* serialises (de)registrations, across their calls */
    int legacyCount[REMOTE_EVENT_ID_LAST];   /* local callbacks per event ID (legacy) */

    GMutex lock;                /* guards what the reader thread reads too: */
    GArray *regs;               /* remoteEventReg */
    int registering;            /* registrations awaiting their daemon's ID */
    GQueue orphans;             /* remoteEventOrphan * */
};


static void
remoteEventOrphanFree(remoteEventOrphan *orphan)
{
    virDomainEventFree(orphan->event);
    g_free(orphan);
}


remoteEvents *
remoteEventsNew(void)
{
    remoteEvents *ev = g_new0(remoteEvents, 1);

    ev->state = virDomainEventStateNew();
    g_mutex_init(&ev->regLock);
    g_mutex_init(&ev->lock);
    ev->regs = g_array_new(FALSE, FALSE, sizeof(remoteEventReg));
    g_queue_init(&ev->orphans);
    return ev;
}


void
remoteEventsFree(remoteEvents *ev)
{
    if (!ev)
        return;
    virDomainEventStateFree(ev->state);
    g_array_unref(ev->regs);
    g_queue_clear_full(&ev->orphans, (GDestroyNotify)remoteEventOrphanFree);
    g_mutex_clear(&ev->regLock);
    g_mutex_clear(&ev->lock);
    g_free(ev);
}


/* ---- from the reader thread ---- */

/* The local callback the daemon's @remoteID names, or 0; locked. */
static int
remoteEventsLocalID(remoteEvents *ev, int remoteID)
{
    for (guint i = 0; i < ev->regs->len; i++) {
        const remoteEventReg *r = &g_array_index(ev->regs, remoteEventReg, i);

        if (r->remoteID == remoteID)
            return r->localID;
    }
    return 0;
}


/* Queues @event (taken over) for the callback the daemon calls @remoteID,
 * or for every matching callback when @remoteID is -1 (legacy). */
static void
remoteEventsQueue(remoteEvents *ev, int remoteID, virDomainEvent *event)
{
    int localID;

    if (remoteID < 0) {
        virDomainEventStateQueue(ev->state, event);
        return;
    }
    g_mutex_lock(&ev->lock);
    if ((localID = remoteEventsLocalID(ev, remoteID)) > 0) {
        virDomainEventStateQueueFor(ev->state, event, localID);
    } else if (ev->registering > 0) {
        remoteEventOrphan *orphan = g_new0(remoteEventOrphan, 1);

        orphan->remoteID = remoteID;
        orphan->event = event;
        g_queue_push_tail(&ev->orphans, orphan);
    } else {
        VIR_DEBUG("dropping an event for unknown callback %d", remoteID);
        virDomainEventFree(event);
    }
    g_mutex_unlock(&ev->lock);
}


typedef enum {
    REMOTE_MSG_LIFECYCLE,
    REMOTE_MSG_BLOCK_JOB,       /* to a BLOCK_JOB callback by path, a _2 one by target */
    REMOTE_MSG_BLOCK_JOB_LEGACY,   /* to BLOCK_JOB callbacks only */
    REMOTE_MSG_JOB_COMPLETED,
} remoteMsgKind;

/* The event messages of the remote program; a signature starting with
 * "iD" carries the daemon's callback ID first. */
static const struct {
    int proc;
    const char *sig;
    remoteMsgKind kind;
} remoteEventMessages[] = {
    { 107, "Dii", REMOTE_MSG_LIFECYCLE },            /* DOMAIN_EVENT_LIFECYCLE */
    { 241, "Dsii", REMOTE_MSG_BLOCK_JOB_LEGACY },    /* DOMAIN_EVENT_BLOCK_JOB */
    { 318, "iDii", REMOTE_MSG_LIFECYCLE },           /* ..._CALLBACK_LIFECYCLE */
    { 326, "iDsii", REMOTE_MSG_BLOCK_JOB },          /* ..._CALLBACK_BLOCK_JOB */
    { 339, "iDsii", REMOTE_MSG_BLOCK_JOB },          /* DOMAIN_EVENT_BLOCK_JOB_2 */
    { 363, "iDT", REMOTE_MSG_JOB_COMPLETED },        /* ..._CALLBACK_JOB_COMPLETED */
};


/* The event the decoded values @v of a message (from its domain on) describe. */
static virDomainEvent *
remoteEventFromMessage(remoteMsgKind kind, virNetValue *v)
{
    const virNetDomain *dom = &v[0].dom;

    switch (kind) {
    case REMOTE_MSG_LIFECYCLE:
        return virDomainEventLifecycleNew(dom->name, dom->uuid, dom->id, v[1].i, v[2].i);
    case REMOTE_MSG_BLOCK_JOB:
        return virDomainEventBlockJobNew(dom->name, dom->uuid, dom->id, v[1].s, v[1].s,
                                         v[2].i, v[3].i);
    case REMOTE_MSG_BLOCK_JOB_LEGACY:
        return virDomainEventBlockJobNew(dom->name, dom->uuid, dom->id, v[1].s, NULL,
                                         v[2].i, v[3].i);
    case REMOTE_MSG_JOB_COMPLETED: {
        virDomainEvent *event = virDomainEventJobCompletedNew(
            dom->name, dom->uuid, dom->id, v[1].params.params, v[1].params.n);

        v[1].params.params = NULL;   /* the event took them */
        v[1].params.n = 0;
        return event;
    }
    }
    return NULL;
}


void
remoteEventsDispatch(const virNetMessageHeader *hdr, const GByteArray *payload,
                     void *opaque)
{
    remoteEvents *ev = opaque;

    if (hdr->prog != VIR_NET_PROGRAM_REMOTE)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(remoteEventMessages); i++) {
        const char *sig = remoteEventMessages[i].sig;
        virNetValue v[REMOTE_VALUES_MAX] = { { .u = 0 } };
        bool withID = sig[0] == 'i';

        if (remoteEventMessages[i].proc != hdr->proc)
            continue;
        if (virNetDecode(payload->data, payload->len, sig, v) < 0) {
            VIR_DEBUG("dropping event message %d: %s", hdr->proc, virGetLastErrorMessage());
            virResetLastError();
        } else {
            remoteEventsQueue(ev, withID ? v[0].i : -1,
                              remoteEventFromMessage(remoteEventMessages[i].kind,
                                                     withID ? &v[1] : &v[0]));
        }
        virNetValuesClear(sig, v);
        return;
    }
    VIR_DEBUG("dropping message %d of the remote program", hdr->proc);
}


/* ---- registration ---- */

int
remoteEventsOpen(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;
    int supported = remoteInt(conn, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                              VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK);

    if (supported < 0) {
        if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT)
            return -1;
        virResetLastError();   /* a daemon without the procedure has no feature */
        supported = 0;
    }
    priv->events->perCallback = supported > 0;
    virNetClientSetMessageHandler(priv->client, remoteEventsDispatch, priv->events);
    return 0;
}


/* Asks the daemon for events @eventID (of @dom) for local callback
 * @localID; with regLock held. */
static int
remoteEventsRegisterRemote(virConnectPtr conn, remoteEvents *ev, virDomainPtr dom,
                           int eventID, int localID)
{
    remoteEventReg reg = { localID, -1, eventID };
    int remoteID = -1;

    if (!ev->perCallback) {
        if (ev->legacyCount[eventID] == 0 &&
            remoteVoid(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY, eventID) < 0)
            return -1;
        ev->legacyCount[eventID]++;
        g_mutex_lock(&ev->lock);
        g_array_append_val(ev->regs, reg);
        g_mutex_unlock(&ev->lock);
        return 0;
    }

    g_mutex_lock(&ev->lock);
    ev->registering++;
    g_mutex_unlock(&ev->lock);
    remoteID = remoteInt(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                         eventID, dom);
    g_mutex_lock(&ev->lock);
    ev->registering--;
    if (remoteID >= 0) {
        reg.remoteID = remoteID;
        g_array_append_val(ev->regs, reg);
    }
    /* Events that overtook the reply: to their callback, or gone. */
    for (GList *l = ev->orphans.head; l;) {
        GList *next = l->next;
        remoteEventOrphan *orphan = l->data;

        if (remoteID >= 0 && orphan->remoteID == remoteID) {
            virDomainEventStateQueueFor(ev->state, g_steal_pointer(&orphan->event), localID);
        } else if (ev->registering > 0) {
            l = next;
            continue;
        }
        remoteEventOrphanFree(orphan);
        g_queue_delete_link(&ev->orphans, l);
        l = next;
    }
    g_mutex_unlock(&ev->lock);
    return remoteID >= 0 ? 0 : -1;
}


int
remoteConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                    virConnectDomainEventGenericCallback cb,
                                    void *opaque, virFreeCallback freecb)
{
    remotePrivate *priv = conn->privateData;
    remoteEvents *ev = priv->events;
    int localID;
    int rc;

    if (eventID < 0 || eventID >= REMOTE_EVENT_ID_LAST) {
        virReportError(VIR_ERR_INVALID_ARG, "unknown event ID %d", eventID);
        return -1;
    }
    if ((localID = virDomainEventStateRegister(ev->state, conn, dom, eventID,
                                               cb, opaque, freecb)) < 0)
        return -1;
    g_mutex_lock(&ev->regLock);
    rc = remoteEventsRegisterRemote(conn, ev, dom, eventID, localID);
    g_mutex_unlock(&ev->regLock);
    if (rc < 0) {
        virErrorPtr saved;

        virErrorPreserveLast(&saved);
        /* Outside regLock: it may wait for a delivery in progress. */
        virDomainEventStateDeregister(ev->state, conn, localID);
        virErrorRestore(&saved);
        return -1;
    }
    return localID;
}


/* Removes local callback @localID's registration and tells the daemon
 * (with regLock held; a daemon that is gone has forgotten it anyway): 0,
 * -1 when the call failed, -2 when @localID is unknown. */
static int
remoteEventsDeregisterRemote(virConnectPtr conn, remoteEvents *ev, int localID)
{
    remoteEventReg reg = { 0, -1, -1 };

    g_mutex_lock(&ev->lock);
    for (guint i = 0; i < ev->regs->len; i++) {
        if (g_array_index(ev->regs, remoteEventReg, i).localID == localID) {
            reg = g_array_index(ev->regs, remoteEventReg, i);
            g_array_remove_index(ev->regs, i);
            break;
        }
    }
    g_mutex_unlock(&ev->lock);
    if (reg.localID == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "could not find event callback %d for deletion", localID);
        return -2;
    }
    if (reg.remoteID < 0 && --ev->legacyCount[reg.eventID] > 0)
        return 0;
    if (!virNetClientIsOpen(((remotePrivate *)conn->privateData)->client))
        return 0;
    if (reg.remoteID >= 0)
        return remoteVoid(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                          reg.remoteID);
    return remoteVoid(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY, reg.eventID);
}


int
remoteConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    remotePrivate *priv = conn->privateData;
    remoteEvents *ev = priv->events;
    int rc;

    g_mutex_lock(&ev->regLock);
    rc = remoteEventsDeregisterRemote(conn, ev, callbackID);
    g_mutex_unlock(&ev->regLock);
    /* Unknown here is unknown locally too; otherwise the callback goes
     * even if the daemon could not be told (its events are dropped), and
     * outside regLock, as this may wait for a delivery in progress. */
    if (rc == -2)
        return -1;
    if (rc < 0) {
        virErrorPtr saved;

        virErrorPreserveLast(&saved);
        virDomainEventStateDeregister(ev->state, conn, callbackID);
        virErrorRestore(&saved);
        return -1;
    }
    return virDomainEventStateDeregister(ev->state, conn, callbackID);
}


void
remoteEventsClose(virConnectPtr conn)
{
    remotePrivate *priv = conn->privateData;
    remoteEvents *ev = priv->events;

    /* Every callback holds a reference on the connection, so normally
     * none is left; any that is goes from the daemon too. */
    g_mutex_lock(&ev->regLock);
    while (ev->regs->len > 0) {
        /* Each pass removes one, whether the daemon could be told or not. */
        if (remoteEventsDeregisterRemote(conn, ev,
                                         g_array_index(ev->regs, remoteEventReg, 0).localID) < 0)
            virResetLastError();
    }
    g_mutex_unlock(&ev->regLock);
    virNetClientSetMessageHandler(priv->client, NULL, NULL);
}
