/*
 * domain_obj.c: a domain as a driver keeps it, and the list of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "domain_obj.h"
#include "snapshot_conf.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN


virDomainObj *
virDomainObjNew(virDomainDef *def, bool persistent)
{
    virDomainObj *obj = g_new0(virDomainObj, 1);

    obj->refs = 1;
    g_mutex_init(&obj->lock);
    obj->def = def;
    obj->persistent = persistent;
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->id = -1;
    obj->snapshots = virMomentTreeNew((GDestroyNotify)virDomainSnapshotDefFree);
    return obj;
}


virDomainObj *
virDomainObjRef(virDomainObj *obj)
{
    g_atomic_int_inc(&obj->refs);
    return obj;
}


void
virDomainObjUnref(virDomainObj *obj)
{
    if (!obj || !g_atomic_int_dec_and_test(&obj->refs))
        return;
    if (obj->privateDataFree)
        obj->privateDataFree(obj->privateData);
    virDomainDefUnref(obj->def);
    virDomainDefUnref(obj->newDef);
    virMomentTreeFree(obj->snapshots);
    g_mutex_clear(&obj->lock);
    g_free(obj);
}


bool
virDomainObjIsActive(const virDomainObj *obj)
{
    return obj->state != VIR_DOMAIN_SHUTOFF;
}


virDomainDef *
virDomainObjPersistentDef(virDomainObj *obj)
{
    return obj->newDef ? obj->newDef : obj->def;
}


char *
virDomainObjFormat(virDomainObj *obj, bool inactive, bool secure)
{
    unsigned int fmt = secure ? VIR_DOMAIN_DEF_FORMAT_SECURE : 0;

    if (inactive)
        return virDomainDefFormat(virDomainObjPersistentDef(obj), -1,
                                  fmt | VIR_DOMAIN_DEF_FORMAT_INACTIVE);
    return virDomainDefFormat(obj->def, obj->id, fmt);
}


void
virDomainObjSetDefs(virDomainObj *obj, virDomainDef *live, virDomainDef *persistent)
{
    virDomainDef *oldLive = obj->def;
    virDomainDef *oldPersistent = obj->newDef;

    obj->def = live;
    obj->newDef = persistent;
    virDomainDefUnref(oldLive);
    virDomainDefUnref(oldPersistent);
}


void
virDomainObjSetState(virDomainObj *obj, int state, int reason)
{
    obj->state = state;
    obj->reason = reason;
}


void
virDomainObjSetShutoff(virDomainObj *obj, virDomainPtr handle, int reason)
{
    virDomainObjSetState(obj, VIR_DOMAIN_SHUTOFF, reason);
    obj->id = -1;
    if (handle)
        handle->id = -1;
    if (obj->newDef)
        virDomainObjSetDefs(obj, g_steal_pointer(&obj->newDef), NULL);
}


/* ---- the list ---- */

struct _virDomainObjList {
    GPtrArray *objs;          /* virDomainObj *, definition order, owned */
    GHashTable *byName;       /* name (own copy) -> obj (borrowed) */
    GHashTable *byUUID;       /* uuid bytes (own copy) -> obj (borrowed) */
    int nextId;
};


static guint
virDomainObjUUIDHash(gconstpointer key)
{
    guint h;

    /* UUIDs are random: any four of their bytes hash well. */
    memcpy(&h, key, sizeof(h));
    return h;
}


static gboolean
virDomainObjUUIDEqual(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, VIR_UUID_BUFLEN) == 0;
}


virDomainObjList *
virDomainObjListNew(void)
{
    virDomainObjList *list = g_new0(virDomainObjList, 1);

    list->objs = g_ptr_array_new_with_free_func((GDestroyNotify)virDomainObjUnref);
    list->byName = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    list->byUUID = g_hash_table_new_full(virDomainObjUUIDHash, virDomainObjUUIDEqual,
                                         g_free, NULL);
    list->nextId = 1;
    return list;
}


void
virDomainObjListFree(virDomainObjList *list)
{
    if (!list)
        return;
    g_hash_table_unref(list->byName);
    g_hash_table_unref(list->byUUID);
    for (size_t i = 0; i < list->objs->len; i++)
        ((virDomainObj *)list->objs->pdata[i])->removed = true;
    g_ptr_array_unref(list->objs);
    g_free(list);
}


void
virDomainObjListAdd(virDomainObjList *list, virDomainObj *obj)
{
    g_ptr_array_add(list->objs, virDomainObjRef(obj));
    /* A domain keeps its name and UUID for life (a redefinition must
     * match both), so the keys stay valid when its definitions change. */
    g_hash_table_insert(list->byName, g_strdup(obj->def->name), obj);
    g_hash_table_insert(list->byUUID, g_memdup2(obj->def->uuid, VIR_UUID_BUFLEN), obj);
}


void
virDomainObjListRemove(virDomainObjList *list, virDomainObj *obj)
{
    g_hash_table_remove(list->byName, obj->def->name);
    g_hash_table_remove(list->byUUID, obj->def->uuid);
    obj->removed = true;
    g_ptr_array_remove(list->objs, obj);
}


size_t
virDomainObjListSize(const virDomainObjList *list)
{
    return list->objs->len;
}


virDomainObj *
virDomainObjListGet(const virDomainObjList *list, size_t i)
{
    return list->objs->pdata[i];
}


virDomainObj *
virDomainObjListFindByUUID(const virDomainObjList *list, const unsigned char *uuid)
{
    return g_hash_table_lookup(list->byUUID, uuid);
}


virDomainObj *
virDomainObjListFindByName(const virDomainObjList *list, const char *name)
{
    return g_hash_table_lookup(list->byName, name);
}


virDomainObj *
virDomainObjListFindByID(const virDomainObjList *list, int id)
{
    for (size_t i = 0; i < list->objs->len; i++) {
        virDomainObj *obj = list->objs->pdata[i];

        if (obj->id == id && virDomainObjIsActive(obj))
            return obj;
    }
    return NULL;
}


int
virDomainObjListNextID(virDomainObjList *list)
{
    return list->nextId++;
}


void
virDomainObjListReserveID(virDomainObjList *list, int id)
{
    if (id >= list->nextId)
        list->nextId = id + 1;
}


virDomainPtr
virDomainObjHandle(virConnectPtr conn, const virDomainObj *obj)
{
    return virGetDomain(conn, obj->def->name, obj->def->uuid, obj->id);
}


virDomainObj *
virDomainObjListFromHandle(const virDomainObjList *list, virDomainPtr dom, int errorDomain)
{
    virDomainObj *obj = virDomainObjListFindByUUID(list, dom->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!obj)
        virErrorReport(errorDomain, VIR_ERR_NO_DOMAIN, __func__,
                       "no domain with matching uuid '%s' (%s)",
                       virUUIDFormat(dom->uuid, uuidstr), dom->name);
    return obj;
}


virDomainPtr
virDomainObjListLookupID(const virDomainObjList *list, virConnectPtr conn, int id,
                         int errorDomain)
{
    virDomainObj *obj = virDomainObjListFindByID(list, id);

    if (!obj) {
        virErrorReport(errorDomain, VIR_ERR_NO_DOMAIN, __func__,
                       "no domain with matching id '%d'", id);
        return NULL;
    }
    return virDomainObjHandle(conn, obj);
}


virDomainPtr
virDomainObjListLookupName(const virDomainObjList *list, virConnectPtr conn,
                           const char *name, int errorDomain)
{
    virDomainObj *obj = virDomainObjListFindByName(list, name);

    if (!obj) {
        virErrorReport(errorDomain, VIR_ERR_NO_DOMAIN, __func__,
                       "no domain with matching name '%s'", name);
        return NULL;
    }
    return virDomainObjHandle(conn, obj);
}


virDomainPtr
virDomainObjListLookupUUID(const virDomainObjList *list, virConnectPtr conn,
                           const unsigned char *uuid, int errorDomain)
{
    virDomainObj *obj = virDomainObjListFindByUUID(list, uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!obj) {
        virErrorReport(errorDomain, VIR_ERR_NO_DOMAIN, __func__,
                       "no domain with matching uuid '%s'", virUUIDFormat(uuid, uuidstr));
        return NULL;
    }
    return virDomainObjHandle(conn, obj);
}


int
virDomainObjListCheckIdentity(const virDomainObjList *list, const virDomainDef *def,
                              virDomainObj **existing)
{
    virDomainObj *byName = virDomainObjListFindByName(list, def->name);
    virDomainObj *byUUID = virDomainObjListFindByUUID(list, def->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (byName && byName != byUUID) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "domain '%s' already exists with uuid %s", byName->def->name,
                       virUUIDFormat(byName->def->uuid, uuidstr));
        return -1;
    }
    if (byUUID && !byName) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "domain '%s' is already defined with uuid %s", byUUID->def->name,
                       virUUIDFormat(byUUID->def->uuid, uuidstr));
        return -1;
    }
    *existing = byName;
    return 0;
}


/* Within a group the bits are alternatives, a group without bits does
 * not filter. */
bool
virDomainObjMatches(const virDomainObj *obj, unsigned int flags)
{
    struct { unsigned int yes, no; bool is; } groups[] = {
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE,
          virDomainObjIsActive(obj) },
        { VIR_CONNECT_LIST_DOMAINS_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT,
          obj->persistent },
        { VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE,
          obj->hasManagedSave },
        { VIR_CONNECT_LIST_DOMAINS_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART,
          obj->autostart },
        { VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT,
          virMomentTreeSize(obj->snapshots) > 0 },
        { VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT,
          false },
    };
    unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
                          VIR_CONNECT_LIST_DOMAINS_PAUSED |
                          VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                          VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine;

    for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
        if ((flags & (groups[i].yes | groups[i].no)) &&
            !(flags & (groups[i].is ? groups[i].yes : groups[i].no)))
            return false;
    }
    switch (obj->state) {
    case VIR_DOMAIN_RUNNING: mine = VIR_CONNECT_LIST_DOMAINS_RUNNING; break;
    case VIR_DOMAIN_PAUSED: mine = VIR_CONNECT_LIST_DOMAINS_PAUSED; break;
    case VIR_DOMAIN_SHUTOFF: mine = VIR_CONNECT_LIST_DOMAINS_SHUTOFF; break;
    default: mine = VIR_CONNECT_LIST_DOMAINS_OTHER; break;
    }
    return !(flags & states) || (flags & mine);
}


int
virDomainObjListExport(const virDomainObjList *list, virConnectPtr conn,
                       virDomainPtr **domains, unsigned int flags)
{
    g_autoptr(GPtrArray) handles = g_ptr_array_new();
    int n = 0;

    for (size_t i = 0; i < list->objs->len; i++) {
        virDomainObj *obj = list->objs->pdata[i];

        if (!virDomainObjMatches(obj, flags))
            continue;
        n++;
        if (domains)
            g_ptr_array_add(handles, virDomainObjHandle(conn, obj));
    }
    if (domains) {
        g_ptr_array_add(handles, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(g_steal_pointer(&handles), FALSE);
    }
    return n;
}


int
virDomainObjListCount(const virDomainObjList *list, bool active)
{
    int n = 0;

    for (size_t i = 0; i < list->objs->len; i++)
        n += virDomainObjIsActive(list->objs->pdata[i]) == active;
    return n;
}


int
virDomainObjListGetActiveIDs(const virDomainObjList *list, int *ids, int maxids)
{
    int n = 0;

    for (size_t i = 0; i < list->objs->len && n < maxids; i++) {
        virDomainObj *obj = list->objs->pdata[i];

        if (virDomainObjIsActive(obj))
            ids[n++] = obj->id;
    }
    return n;
}


int
virDomainObjListGetInactiveNames(const virDomainObjList *list, char **const names,
                                 int maxnames)
{
    int n = 0;

    for (size_t i = 0; i < list->objs->len && n < maxnames; i++) {
        virDomainObj *obj = list->objs->pdata[i];

        if (!virDomainObjIsActive(obj))
            names[n++] = g_strdup(obj->def->name);
    }
    return n;
}
