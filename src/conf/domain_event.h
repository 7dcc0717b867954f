/*
 * domain_event.h: domain event callbacks and the queue that feeds them
 *
 * A driver owns one virDomainEventState for all its connections.  Code
 * holding the driver's lock queues events; a zero-delay timer on the
 * event loop delivers them later, with no driver lock held, to every
 * callback registered for that event ID (and domain, if it filtered on
 * one).  So callbacks may call the API, and events keep their order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"

typedef struct _virDomainEventState virDomainEventState;
typedef struct _virDomainEvent virDomainEvent;

virDomainEventState *virDomainEventStateNew(void);
/* Stops delivery and releases the state (callbacks still registered
 * are dropped, their free callbacks run). */
void virDomainEventStateFree(virDomainEventState *state);

/* Registers @cb for @eventID on @conn (optionally only for @dom).
 * Returns the callback ID (>= 0), or -1 after reporting an error: no
 * event loop (VIR_ERR_INTERNAL_ERROR), unknown or unsupported event
 * (VIR_ERR_INVALID_ARG).  Holds a reference on @conn until
 * deregistered.  Any event ID is accepted; the ones snapvirt does not
 * raise (see virDomainEventIDSupported) never fire. */
int virDomainEventStateRegister(virDomainEventState *state, virConnectPtr conn,
                                virDomainPtr dom, int eventID,
                                virConnectDomainEventGenericCallback cb,
                                void *opaque, virFreeCallback freecb);
/* Drops callback @callbackID of @conn; -1 (VIR_ERR_INVALID_ARG) if it
 * does not exist.  When it returns, the callback is not running in
 * another thread and will not run again, so the caller may free what
 * it uses. */
int virDomainEventStateDeregister(virDomainEventState *state, virConnectPtr conn,
                                  int callbackID);
/* Whether @eventID is one the state knows how to deliver. */
bool virDomainEventIDSupported(int eventID);

/* Queues an event (taking it over); NULL-safe. */
void virDomainEventStateQueue(virDomainEventState *state, virDomainEvent *event);
/* The same for callback @callbackID alone, whatever its event ID and
 * domain filter (the remote driver: the daemon already chose it, and a
 * BLOCK_JOB event then goes to a BLOCK_JOB_2 callback with its disk as
 * the target). */
void virDomainEventStateQueueFor(virDomainEventState *state, virDomainEvent *event,
                                 int callbackID);
/* Frees an event that was not queued; NULL-safe. */
void virDomainEventFree(virDomainEvent *event);

/* Events, for the domain @name/@uuid with @id (-1 if inactive). */
virDomainEvent *virDomainEventLifecycleNew(const char *name, const unsigned char *uuid,
                                           int id, int type, int detail);
/* One block job transition: delivered as BLOCK_JOB (with @path, the
 * active image) and as BLOCK_JOB_2 (with @target, "vda"). */
virDomainEvent *virDomainEventBlockJobNew(const char *name, const unsigned char *uuid,
                                          int id, const char *path, const char *target,
                                          int type, int status);
/* A finished domain job; takes over @params. */
virDomainEvent *virDomainEventJobCompletedNew(const char *name, const unsigned char *uuid,
                                              int id, virTypedParameterPtr params,
                                              int nparams);
