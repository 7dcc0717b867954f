/*
 * remote_events.c: domain events for the server's clients
 *
 * A client registers for an event (per callback: 316/317, what virsh
 * uses when the server announces feature 14; or the legacy per-event
 * 167/168); the server registers a callback of its own on the client's
 * connection and turns each event into a MESSAGE frame of the remote
 * program.  Lifecycle, block job (both kinds) and job-completed events
 * are served: the events snapvirt's drivers fire; a registration for any
 * other event succeeds and stays silent, as in process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* The messages (remote_protocol.x): a callback id first, or none for
 * the legacy ones. */
#define REMOTE_MSG_LIFECYCLE 107                 /* dom, event, detail */
#define REMOTE_MSG_BLOCK_JOB 241                 /* dom, path, type, status */
#define REMOTE_MSG_CALLBACK_LIFECYCLE 318
#define REMOTE_MSG_CALLBACK_BLOCK_JOB 326
#define REMOTE_MSG_BLOCK_JOB_2 339
#define REMOTE_MSG_CALLBACK_JOB_COMPLETED 363

typedef struct {
    virNetServerClient *client;
    virConnectPtr conn;          /* the connection it is registered on */
    int eventID;
    int remoteID;                /* what the client knows it by; -1: legacy */
    int localID;                 /* virConnectDomainEventRegisterAny's */
} remoteEventCallback;


static void
remoteEventCallbackFree(gpointer data)
{
    remoteEventCallback *cb = data;

    /* Waits for a delivery running in the event loop's thread. */
    virConnectDomainEventDeregisterAny(cb->conn, cb->localID);
    g_free(cb);
}


/* Sends @vals (after the callback id unless legacy) as @proc / @legacyProc. */
static void
remoteEventSend(remoteEventCallback *cb, int proc, int legacyProc, const char *sig,
                virNetValue *vals)
{
    if (cb->remoteID < 0) {
        virNetServerClientSendMessage(cb->client, legacyProc, sig + 1, vals + 1);
        return;
    }
    vals[0].i = cb->remoteID;
    virNetServerClientSendMessage(cb->client, proc, sig, vals);
}


static void
remoteEventLifecycle(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event,
                     int detail, void *opaque)
{
    virNetValue v[4] = { { .u = 0 } };

    virNetValueSetDomain(&v[1], dom);
    v[2].i = event;
    v[3].i = detail;
    remoteEventSend(opaque, REMOTE_MSG_CALLBACK_LIFECYCLE, REMOTE_MSG_LIFECYCLE, "iDii", v);
    virNetValuesClear("iDii", v);
}


static void
remoteEventBlockJob(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, const char *disk,
                    int type, int status, void *opaque)
{
    remoteEventCallback *cb = opaque;
    virNetValue v[5] = { { .u = 0 } };

    virNetValueSetDomain(&v[1], dom);
    v[2].s = g_strdup(disk);
    v[3].i = type;
    v[4].i = status;
    remoteEventSend(cb, cb->eventID == VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 ?
                    REMOTE_MSG_BLOCK_JOB_2 : REMOTE_MSG_CALLBACK_BLOCK_JOB,
                    REMOTE_MSG_BLOCK_JOB, "iDsii", v);
    virNetValuesClear("iDsii", v);
}


static void
remoteEventJobCompleted(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                        virTypedParameterPtr params, int nparams, void *opaque)
{
    virNetValue v[3] = { { .u = 0 } };

    virNetValueSetDomain(&v[1], dom);
    v[2].params.params = params;
    v[2].params.n = nparams;
    remoteEventSend(opaque, REMOTE_MSG_CALLBACK_JOB_COMPLETED, 0, "iDT", v);
    v[2].params.params = NULL;   /* borrowed */
    v[2].params.n = 0;
    virNetValuesClear("iDT", v);
}


/* The API takes every callback as the generic type (through void (*)(void),
 * which -Wcast-function-type accepts). */
#define REMOTE_CB(f) ((virConnectDomainEventGenericCallback)(void (*)(void))(f))

/* For the events snapvirt's drivers never raise: the registration
 * succeeds, as in process, and nothing ever comes. */
static void
remoteEventNever(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
                 void *opaque G_GNUC_UNUSED)
{
}


/* libvirt's legacy messages exist for the events before BLOCK_JOB_2. */
#define REMOTE_EVENT_LEGACY_LAST VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2

static virConnectDomainEventGenericCallback
remoteEventFunc(int eventID, bool legacy)
{
    if (eventID < 0 || eventID > VIR_DOMAIN_EVENT_ID_JOB_COMPLETED ||
        (legacy && eventID >= REMOTE_EVENT_LEGACY_LAST))
        return NULL;
    switch (eventID) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
        return REMOTE_CB(remoteEventLifecycle);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB:
        return REMOTE_CB(remoteEventBlockJob);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2:
        return REMOTE_CB(remoteEventBlockJob);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
        return REMOTE_CB(remoteEventJobCompleted);
    default:
        return remoteEventNever;
    }
}


/* Registers @eventID for the client: its remote id, or -1. */
static int
remoteEventRegister(virNetServerClient *client, int eventID, const virNetValue *domv,
                    bool legacy)
{
    virConnectDomainEventGenericCallback func = remoteEventFunc(eventID, legacy);
    g_autofree remoteEventCallback *cb = NULL;
    virDomainPtr dom = NULL;
    static gint nextID = 1;

    if (!func) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "unsupported event ID %d", eventID);
        return -1;
    }
    if (!client->callbacks)
        client->callbacks = g_hash_table_new_full(NULL, NULL, NULL, remoteEventCallbackFree);
    cb = g_new0(remoteEventCallback, 1);
    cb->client = client;
    cb->conn = client->conn;
    cb->eventID = eventID;
    cb->remoteID = legacy ? -1 : g_atomic_int_add(&nextID, 1);
    if (domv && domv->dom.name)
        dom = virNetValueGetDomain(client->conn, domv);
    cb->localID = virConnectDomainEventRegisterAny(client->conn, dom, eventID, func, cb, NULL);
    if (dom)
        virObjectUnref(dom);
    if (cb->localID < 0)
        return -1;
    /* Keyed by remote id; a legacy one by its event id (one each). */
    g_hash_table_insert(client->callbacks,
                        GINT_TO_POINTER(legacy ? -1 - eventID : cb->remoteID), cb);
    return g_steal_pointer(&cb)->remoteID;
}


static int
remoteEventCallbackRegisterAny(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    return (ret[0].i = remoteEventRegister(client, args[0].i, &args[1], false)) < 0 ? -1 : 0;
}


static int
remoteEventCallbackDeregisterAny(virNetServerClient *client, virNetValue *args,
                                 virNetValue *ret G_GNUC_UNUSED)
{
    if (args[0].i <= 0 || !client->callbacks ||
        !g_hash_table_remove(client->callbacks, GINT_TO_POINTER(args[0].i))) {
        virReportError(VIR_ERR_INVALID_ARG, "callback ID %d not registered", args[0].i);
        return -1;
    }
    return 0;
}


static int
remoteEventRegisterAny(virNetServerClient *client, virNetValue *args,
                       virNetValue *ret G_GNUC_UNUSED)
{
    if (client->callbacks &&
        g_hash_table_contains(client->callbacks, GINT_TO_POINTER(-1 - args[0].i))) {
        virReportError(VIR_ERR_RPC, "domain event %d already registered", args[0].i);
        return -1;
    }
    return remoteEventRegister(client, args[0].i, NULL, true) == -1 ? -1 : 0;
}


static int
remoteEventDeregisterAny(virNetServerClient *client, virNetValue *args,
                         virNetValue *ret G_GNUC_UNUSED)
{
    if (!client->callbacks ||
        !g_hash_table_remove(client->callbacks, GINT_TO_POINTER(-1 - args[0].i))) {
        virReportError(VIR_ERR_RPC, "domain event %d not registered", args[0].i);
        return -1;
    }
    return 0;
}


const virNetHandler remoteEventHandlers[] = {
    CUSTOM(CONNECT_DOMAIN_EVENT_REGISTER_ANY, remoteEventRegisterAny, false),
    CUSTOM(CONNECT_DOMAIN_EVENT_DEREGISTER_ANY, remoteEventDeregisterAny, false),
    CUSTOM(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, remoteEventCallbackRegisterAny, false),
    CUSTOM(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, remoteEventCallbackDeregisterAny,
           false),
};

const size_t remoteEventHandlersCount = G_N_ELEMENTS(remoteEventHandlers);
