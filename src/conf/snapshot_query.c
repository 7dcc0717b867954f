/*
 * snapshot_query.c: the snapshot queries every driver answers alike
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snapshot_query.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_SNAPSHOT_QUERY_LIST_FLAGS (VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL * 2 - 1)

/* Flag checks report in the driver's error domain, as libvirt's drivers do. */
#define virSnapshotQueryCheckFlags(ops, supported, retval) \
    do { \
        unsigned int _unsupp = flags & ~(unsigned int)(supported); \
        if (_unsupp) { \
            virErrorReportRaw((ops)->errorDomain, VIR_ERR_INVALID_ARG, __func__, \
                              "unsupported flags (0x%x) in function %s", \
                              _unsupp, __func__); \
            return retval; \
        } \
    } while (0)


virMoment *
virSnapshotQueryLookup(virDomainObj *obj, const char *name, int errorDomain)
{
    virMoment *moment = virMomentTreeLookup(obj->snapshots, name);

    if (!moment)
        virErrorReport(errorDomain, VIR_ERR_NO_DOMAIN_SNAPSHOT, __func__,
                       "no domain snapshot with matching name '%s'", name);
    return moment;
}


static const char *
virSnapshotQueryParentName(const void *def)
{
    return ((const virDomainSnapshotDef *)def)->parentName;
}


int
virSnapshotQueryLoad(virDomainObj *obj, GPtrArray *snapshots, const char *owner,
                     int errorDomain)
{
    g_autoptr(GPtrArray) moments = g_ptr_array_sized_new(snapshots->len);
    virMoment *current = NULL;
    size_t i;

    /* The payloads move into the tree one by one. */
    g_ptr_array_set_free_func(snapshots, NULL);
    for (i = 0; i < snapshots->len; i++) {
        virDomainSnapshotDef *def = g_steal_pointer(&snapshots->pdata[i]);
        virMoment *moment;

        if (def->dom && memcmp(def->dom->uuid, obj->def->uuid, VIR_UUID_BUFLEN) != 0) {
            char uuidstr[VIR_UUID_STRING_BUFLEN];

            virErrorReport(errorDomain, VIR_ERR_INVALID_ARG, __func__,
                           "definition for snapshot %s must use uuid %s", def->name,
                           virUUIDFormat(obj->def->uuid, uuidstr));
            virDomainSnapshotDefFree(def);
            goto error;
        }
        if (!(moment = virMomentTreeAddUnlinked(obj->snapshots, def->name, def))) {
            virDomainSnapshotDefFree(def);
            goto error;
        }
        g_ptr_array_add(moments, moment);
        if (def->current)
            current = moment;
    }
    if (virMomentTreeLinkAll(obj->snapshots, moments, virSnapshotQueryParentName,
                             owner) < 0)
        return -1;
    /* The tree holds the relations from now on. */
    for (i = 0; i < moments->len; i++) {
        virDomainSnapshotDef *def = ((virMoment *)moments->pdata[i])->def;

        g_clear_pointer(&def->parentName, g_free);
        def->current = false;
    }
    virMomentTreeSetCurrent(obj->snapshots, current);
    return 0;

 error:
    for (i++; i < snapshots->len; i++)
        virDomainSnapshotDefFree(g_steal_pointer(&snapshots->pdata[i]));
    return -1;
}


virMoment *
virSnapshotQueryBegin(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                      virDomainObj **obj)
{
    virMoment *moment;

    if (!(*obj = ops->begin(snap->domain)))
        return NULL;
    if (!(moment = virSnapshotQueryLookup(*obj, snap->name, ops->errorDomain))) {
        ops->end(snap->domain, *obj);
        *obj = NULL;
    }
    return moment;
}


/* ---- listing ---- */

typedef struct {
    virDomainPtr dom;
    char **names;             /* room for @nameslen, or NULL */
    int nameslen;
    int count;                /* names written */
    GPtrArray *snaps;         /* handles, or NULL */
} virSnapshotCollectData;


static bool
virSnapshotCollectOne(virMoment *moment, void *opaque)
{
    virSnapshotCollectData *data = opaque;

    if (data->snaps) {
        g_ptr_array_add(data->snaps, virGetDomainSnapshot(data->dom, moment->name));
        return true;
    }
    data->names[data->count++] = g_strdup(moment->name);
    return data->count < data->nameslen;
}


/* Names or handles of the selected snapshots of @from (NULL: the whole
 * tree); with both @names and @snaps NULL, just the count.  They are
 * made during the walk, while each moment is in the cache: for a large
 * tree, listing is bound by memory latency. */
static int
virSnapshotCollect(virDomainPtr dom, virDomainObj *obj, virMoment *from,
                   unsigned int flags, char **names, int nameslen,
                   virDomainSnapshotPtr **snaps)
{
    virSnapshotCollectData data = { dom, names, nameslen, 0, NULL };
    size_t n;

    if (!names && !snaps)
        return virMomentTreeCount(obj->snapshots, from, flags,
                                  virDomainSnapshotMomentFilter);
    if (names && nameslen <= 0)
        return 0;
    if (snaps)
        data.snaps = g_ptr_array_new();
    n = virMomentTreeForEach(obj->snapshots, from, flags,
                             virDomainSnapshotMomentFilter,
                             virSnapshotCollectOne, &data);
    if (snaps) {
        g_ptr_array_add(data.snaps, NULL);
        *snaps = (virDomainSnapshotPtr *)g_ptr_array_free(data.snaps, FALSE);
    }
    return n;
}


static int
virSnapshotQueryList(const virSnapshotQueryOps *ops, virDomainPtr dom, unsigned int flags,
                     char **names, int nameslen, virDomainSnapshotPtr **snaps)
{
    virDomainObj *obj;
    int ret;

    virSnapshotQueryCheckFlags(ops, VIR_SNAPSHOT_QUERY_LIST_FLAGS, -1);
    if (!(obj = ops->begin(dom)))
        return -1;
    ret = virSnapshotCollect(dom, obj, NULL, flags, names, nameslen, snaps);
    ops->end(dom, obj);
    return ret;
}


static int
virSnapshotQueryListChildren(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                             unsigned int flags, char **names, int nameslen,
                             virDomainSnapshotPtr **snaps)
{
    virDomainObj *obj;
    virMoment *moment;
    int ret;

    virSnapshotQueryCheckFlags(ops, VIR_SNAPSHOT_QUERY_LIST_FLAGS, -1);
    if (!(moment = virSnapshotQueryBegin(ops, snap, &obj)))
        return -1;
    ret = virSnapshotCollect(snap->domain, obj, moment, flags, names, nameslen, snaps);
    ops->end(snap->domain, obj);
    return ret;
}


int
virSnapshotQueryNum(const virSnapshotQueryOps *ops, virDomainPtr dom, unsigned int flags)
{
    return virSnapshotQueryList(ops, dom, flags, NULL, 0, NULL);
}


int
virSnapshotQueryListNames(const virSnapshotQueryOps *ops, virDomainPtr dom,
                          char **names, int nameslen, unsigned int flags)
{
    return virSnapshotQueryList(ops, dom, flags, names, nameslen, NULL);
}


int
virSnapshotQueryListAll(const virSnapshotQueryOps *ops, virDomainPtr dom,
                        virDomainSnapshotPtr **snaps, unsigned int flags)
{
    return virSnapshotQueryList(ops, dom, flags, NULL, 0, snaps);
}


int
virSnapshotQueryNumChildren(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                            unsigned int flags)
{
    return virSnapshotQueryListChildren(ops, snap, flags, NULL, 0, NULL);
}


int
virSnapshotQueryListChildrenNames(const virSnapshotQueryOps *ops,
                                  virDomainSnapshotPtr snap, char **names,
                                  int nameslen, unsigned int flags)
{
    return virSnapshotQueryListChildren(ops, snap, flags, names, nameslen, NULL);
}


int
virSnapshotQueryListAllChildren(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                                virDomainSnapshotPtr **snaps, unsigned int flags)
{
    return virSnapshotQueryListChildren(ops, snap, flags, NULL, 0, snaps);
}


/* ---- single snapshots ---- */

virDomainSnapshotPtr
virSnapshotQueryLookupByName(const virSnapshotQueryOps *ops, virDomainPtr dom,
                             const char *name, unsigned int flags)
{
    virDomainObj *obj;
    virDomainSnapshotPtr ret = NULL;

    virSnapshotQueryCheckFlags(ops, 0, NULL);
    if (!(obj = ops->begin(dom)))
        return NULL;
    if (virSnapshotQueryLookup(obj, name, ops->errorDomain))
        ret = virGetDomainSnapshot(dom, name);
    ops->end(dom, obj);
    return ret;
}


int
virSnapshotQueryHasCurrent(const virSnapshotQueryOps *ops, virDomainPtr dom,
                           unsigned int flags)
{
    virDomainObj *obj;
    int ret;

    virSnapshotQueryCheckFlags(ops, 0, -1);
    if (!(obj = ops->begin(dom)))
        return -1;
    ret = virMomentTreeGetCurrent(obj->snapshots) != NULL;
    ops->end(dom, obj);
    return ret;
}


virDomainSnapshotPtr
virSnapshotQueryCurrent(const virSnapshotQueryOps *ops, virDomainPtr dom,
                        unsigned int flags)
{
    virDomainObj *obj;
    virMoment *current;
    virDomainSnapshotPtr ret = NULL;

    virSnapshotQueryCheckFlags(ops, 0, NULL);
    if (!(obj = ops->begin(dom)))
        return NULL;
    if ((current = virMomentTreeGetCurrent(obj->snapshots)))
        ret = virGetDomainSnapshot(dom, current->name);
    else
        virErrorReport(ops->errorDomain, VIR_ERR_NO_DOMAIN_SNAPSHOT, __func__, "%s",
                       "the domain does not have a current snapshot");
    ops->end(dom, obj);
    return ret;
}


virDomainSnapshotPtr
virSnapshotQueryGetParent(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                          unsigned int flags)
{
    virDomainObj *obj;
    virMoment *moment, *parent;
    virDomainSnapshotPtr ret = NULL;

    virSnapshotQueryCheckFlags(ops, 0, NULL);
    if (!(moment = virSnapshotQueryBegin(ops, snap, &obj)))
        return NULL;
    if ((parent = virMomentGetParent(moment)))
        ret = virGetDomainSnapshot(snap->domain, parent->name);
    else
        virErrorReport(ops->errorDomain, VIR_ERR_NO_DOMAIN_SNAPSHOT, __func__,
                       "snapshot '%s' does not have a parent", moment->name);
    ops->end(snap->domain, obj);
    return ret;
}


int
virSnapshotQueryIsCurrent(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                          unsigned int flags)
{
    virDomainObj *obj;
    virMoment *moment;
    int ret;

    virSnapshotQueryCheckFlags(ops, 0, -1);
    if (!(moment = virSnapshotQueryBegin(ops, snap, &obj)))
        return -1;
    ret = moment == virMomentTreeGetCurrent(obj->snapshots);
    ops->end(snap->domain, obj);
    return ret;
}


int
virSnapshotQueryHasMetadata(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                            unsigned int flags)
{
    virDomainObj *obj;

    /* A snapshot made without metadata is not in the tree, so every
     * snapshot a handle can reach has it. */
    virSnapshotQueryCheckFlags(ops, 0, -1);
    if (!virSnapshotQueryBegin(ops, snap, &obj))
        return -1;
    ops->end(snap->domain, obj);
    return 1;
}


char *
virSnapshotQueryGetXMLDesc(const virSnapshotQueryOps *ops, virDomainSnapshotPtr snap,
                           unsigned int flags)
{
    virDomainObj *obj;
    virMoment *moment, *parent;
    char *ret;

    virSnapshotQueryCheckFlags(ops, VIR_DOMAIN_SNAPSHOT_XML_SECURE, NULL);
    if (!(moment = virSnapshotQueryBegin(ops, snap, &obj)))
        return NULL;
    parent = virMomentGetParent(moment);
    ret = virDomainSnapshotDefFormat(moment->def, parent ? parent->name : NULL,
                                     obj->def->uuid,
                                     (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE) ?
                                     VIR_SNAPSHOT_FORMAT_SECURE : 0);
    ops->end(snap->domain, obj);
    return ret;
}
