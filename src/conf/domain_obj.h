/*
 * domain_obj.h: a domain as a driver keeps it, and the list of them
 *
 * A virDomainObj pairs the definitions of a domain (the running one and
 * the persistent one waiting for the next start) with its run state, its
 * snapshot tree and the driver's private data.  A virDomainObjList keeps
 * the domains of one driver in definition order, with O(1) lookup by
 * name and UUID, and answers the queries every driver answers the same
 * way (listing with filter flags, ids, names).
 *
 * Neither type locks: each driver decides how its objects are protected
 * (the test driver holds one lock per call; the QEMU driver locks the
 * list briefly and each domain for the length of a call, see @lock).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"
#include "domain_conf.h"
#include "moment_tree.h"

typedef struct _virDomainObj virDomainObj;
struct _virDomainObj {
    gint refs;
    GMutex lock;              /* for drivers that lock per domain */
    virDomainDef *def;        /* live definition, or the persistent one
                               * when inactive (shared, immutable) */
    virDomainDef *newDef;     /* persistent definition to use after the
                               * domain stops, NULL if @def is it */
    int state;                /* virDomainState */
    int reason;
    int id;                   /* -1 while inactive */
    bool persistent;
    bool autostart;
    bool hasManagedSave;
    bool removed;             /* no longer in its list (for lookups that
                               * raced with removal) */
    virMomentTree *snapshots; /* payloads: virDomainSnapshotDef */
    void *privateData;        /* the driver's */
    GDestroyNotify privateDataFree;
};

/* A new shut-off domain holding @def (the reference passes to it). */
virDomainObj *virDomainObjNew(virDomainDef *def, bool persistent);
virDomainObj *virDomainObjRef(virDomainObj *obj);
void virDomainObjUnref(virDomainObj *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainObj, virDomainObjUnref)

bool virDomainObjIsActive(const virDomainObj *obj);
/* The persistent definition (newDef, else def). */
virDomainDef *virDomainObjPersistentDef(virDomainObj *obj);
/* The domain's XML: the persistent definition with @inactive, else the
 * live one with its ID; secrets with @secure. */
char *virDomainObjFormat(virDomainObj *obj, bool inactive, bool secure);
/* Installs new definitions, taking over the references passed. */
void virDomainObjSetDefs(virDomainObj *obj, virDomainDef *live, virDomainDef *persistent);
void virDomainObjSetState(virDomainObj *obj, int state, int reason);
/* Marks @obj shut off (id -1, also on @handle if given); the pending
 * persistent definition takes over. */
void virDomainObjSetShutoff(virDomainObj *obj, virDomainPtr handle, int reason);

typedef struct _virDomainObjList virDomainObjList;

virDomainObjList *virDomainObjListNew(void);
void virDomainObjListFree(virDomainObjList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainObjList, virDomainObjListFree)

/* Adds @obj (the list takes a reference). */
void virDomainObjListAdd(virDomainObjList *list, virDomainObj *obj);
/* Removes @obj, marks it removed and drops the list's reference. */
void virDomainObjListRemove(virDomainObjList *list, virDomainObj *obj);
size_t virDomainObjListSize(const virDomainObjList *list);
virDomainObj *virDomainObjListGet(const virDomainObjList *list, size_t i);
/* Borrowed pointers, or NULL without an error. */
virDomainObj *virDomainObjListFindByUUID(const virDomainObjList *list,
                                         const unsigned char *uuid);
virDomainObj *virDomainObjListFindByName(const virDomainObjList *list, const char *name);
virDomainObj *virDomainObjListFindByID(const virDomainObjList *list, int id);
/* The next id for a domain that starts (1, 2, ...). */
int virDomainObjListNextID(virDomainObjList *list);
/* Makes later ids larger than @id (a domain found running with it). */
void virDomainObjListReserveID(virDomainObjList *list, int id);

/* The domain of @dom, or NULL after reporting VIR_ERR_NO_DOMAIN in
 * @errorDomain's name. */
virDomainObj *virDomainObjListFromHandle(const virDomainObjList *list,
                                         virDomainPtr dom, int errorDomain);
/* Lookup with libvirt's "no domain with matching ..." errors; a new handle. */
virDomainPtr virDomainObjListLookupID(const virDomainObjList *list, virConnectPtr conn,
                                      int id, int errorDomain);
virDomainPtr virDomainObjListLookupName(const virDomainObjList *list, virConnectPtr conn,
                                        const char *name, int errorDomain);
virDomainPtr virDomainObjListLookupUUID(const virDomainObjList *list, virConnectPtr conn,
                                        const unsigned char *uuid, int errorDomain);
/* A new handle for @obj. */
virDomainPtr virDomainObjHandle(virConnectPtr conn, const virDomainObj *obj);

/* Checks that @def may be defined: no other domain has its name or its
 * UUID (VIR_ERR_OPERATION_FAILED otherwise); *existing is the domain it
 * redefines, or NULL. */
int virDomainObjListCheckIdentity(const virDomainObjList *list, const virDomainDef *def,
                                  virDomainObj **existing);

/* True if @obj passes the filter groups of @flags (VIR_CONNECT_LIST_DOMAINS_*). */
bool virDomainObjMatches(const virDomainObj *obj, unsigned int flags);

/* virConnectListAllDomains over the list: the domains passing @flags
 * (VIR_CONNECT_LIST_DOMAINS_*), as new handles in *domains if not NULL.
 * Returns their number. */
int virDomainObjListExport(const virDomainObjList *list, virConnectPtr conn,
                           virDomainPtr **domains, unsigned int flags);
/* The number of active (or inactive) domains. */
int virDomainObjListCount(const virDomainObjList *list, bool active);
/* Up to @maxids ids of active domains. */
int virDomainObjListGetActiveIDs(const virDomainObjList *list, int *ids, int maxids);
/* Up to @maxnames names of inactive domains (new strings). */
int virDomainObjListGetInactiveNames(const virDomainObjList *list, char **const names,
                                     int maxnames);
