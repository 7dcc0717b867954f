/*
 * moment_tree.c: a hierarchy of named moments
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "moment_tree.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_SNAPSHOT

/* Moments live in slabs of MOMENT_SLAB_LEN slots rather than in
 * allocations of their own: walking a large tree in topological order
 * visits them in no particular memory order, so it is bound by cache and
 * TLB misses, and dense slots make a 100,000-moment walk several times
 * faster than nodes scattered among the other allocations of each
 * snapshot.  A slot holds the moment and, when it fits, its name; free
 * slots are chained through @next and reused; slabs are freed with the
 * tree. */
#define MOMENT_SLAB_LEN 256
#define MOMENT_SLOT_SIZE 96
#define MOMENT_INLINE_NAME (MOMENT_SLOT_SIZE - sizeof(virMoment))

typedef union {
    virMoment moment;
    char bytes[MOMENT_SLOT_SIZE];
} virMomentSlot;

G_STATIC_ASSERT(sizeof(virMomentSlot) == MOMENT_SLOT_SIZE);

struct _virMomentTree {
    GHashTable *byName;        /* name -> virMoment, owns the moments */
    GPtrArray *slabs;          /* arrays of MOMENT_SLAB_LEN slots */
    virMoment *freeSlots;      /* chained through next */
    virMoment metaroot;        /* parent of all roots; has no name */
    virMoment *current;
    GDestroyNotify freeDef;
    unsigned int epoch;        /* last value used for virMoment.mark */
};


static virMoment *
virMomentAlloc(virMomentTree *tree, const char *name)
{
    size_t len = strlen(name) + 1;
    virMoment *moment;

    if (!tree->freeSlots) {
        /* Zeroed: a slot never used has no name, like a freed one. */
        virMomentSlot *slab = g_new0(virMomentSlot, MOMENT_SLAB_LEN);

        g_ptr_array_add(tree->slabs, slab);
        for (size_t i = MOMENT_SLAB_LEN; i-- > 0; ) {
            slab[i].moment.next = tree->freeSlots;
            tree->freeSlots = &slab[i].moment;
        }
    }
    moment = tree->freeSlots;
    tree->freeSlots = moment->next;
    memset(moment, 0, sizeof(*moment));
    if (len <= MOMENT_INLINE_NAME)
        moment->name = memcpy(moment + 1, name, len);
    else
        moment->name = g_strdup(name);
    return moment;
}


/* Frees what @moment owns, but not its slot. */
static void
virMomentClear(virMomentTree *tree, virMoment *moment)
{
    if (tree->freeDef)
        tree->freeDef(moment->def);
    if (moment->name != (char *)(moment + 1))
        g_free(moment->name);
}


static void
virMomentFree(virMomentTree *tree, virMoment *moment)
{
    virMomentClear(tree, moment);
    moment->name = NULL;  /* marks the slot free for virMomentTreeForEachSlot */
    moment->next = tree->freeSlots;
    tree->freeSlots = moment;
}


virMomentTree *
virMomentTreeNew(GDestroyNotify freeDef)
{
    virMomentTree *tree = g_new0(virMomentTree, 1);

    tree->byName = g_hash_table_new(g_str_hash, g_str_equal);
    tree->slabs = g_ptr_array_new_with_free_func(g_free);
    tree->freeDef = freeDef;
    return tree;
}


void
virMomentTreeFree(virMomentTree *tree)
{
    GHashTableIter iter;
    gpointer value;

    if (!tree)
        return;
    g_hash_table_iter_init(&iter, tree->byName);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        virMomentClear(tree, value);
    g_hash_table_unref(tree->byName);
    g_ptr_array_unref(tree->slabs);
    g_free(tree);
}


size_t
virMomentTreeSize(const virMomentTree *tree)
{
    return g_hash_table_size(tree->byName);
}


virMoment *
virMomentTreeLookup(const virMomentTree *tree, const char *name)
{
    return name ? g_hash_table_lookup(tree->byName, name) : NULL;
}


virMoment *
virMomentTreeGetCurrent(const virMomentTree *tree)
{
    return tree->current;
}


void
virMomentTreeSetCurrent(virMomentTree *tree, virMoment *moment)
{
    tree->current = moment;
}


virMoment *
virMomentTreeMetaroot(virMomentTree *tree)
{
    return &tree->metaroot;
}


virMoment *
virMomentGetParent(const virMoment *moment)
{
    /* The metaroot is the only moment without a parent. */
    return moment->parent && moment->parent->parent ? moment->parent : NULL;
}


bool
virMomentIsDescendant(const virMoment *moment, const virMoment *ancestor)
{
    for (; moment; moment = moment->parent) {
        if (moment == ancestor)
            return true;
    }
    return false;
}


/* ---- links ---- */

/* Puts @moment first among @parent's children. */
static void
virMomentLink(virMoment *moment, virMoment *parent)
{
    moment->parent = parent;
    moment->prev = NULL;
    moment->next = parent->firstChild;
    if (parent->firstChild)
        parent->firstChild->prev = moment;
    parent->firstChild = moment;
    parent->nchildren++;
}


static void
virMomentUnlink(virMoment *moment)
{
    virMoment *parent = moment->parent;

    if (moment->prev)
        moment->prev->next = moment->next;
    else
        parent->firstChild = moment->next;
    if (moment->next)
        moment->next->prev = moment->prev;
    parent->nchildren--;
    moment->parent = moment->prev = moment->next = NULL;
}


virMoment *
virMomentTreeAdd(virMomentTree *tree, const char *name, virMoment *parent,
                 void *def)
{
    virMoment *moment = virMomentTreeAddUnlinked(tree, name, def);

    if (moment)
        virMomentLink(moment, parent ? parent : &tree->metaroot);
    return moment;
}


virMoment *
virMomentTreeAddUnlinked(virMomentTree *tree, const char *name, void *def)
{
    virMoment *moment;

    if (g_hash_table_contains(tree->byName, name)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "domain moment %s already exists", name);
        return NULL;
    }
    moment = virMomentAlloc(tree, name);
    moment->def = def;
    g_hash_table_insert(tree->byName, moment->name, moment);
    return moment;
}


void
virMomentTreeSetDef(virMomentTree *tree, virMoment *moment, void *def)
{
    if (moment->def == def)
        return;
    if (tree->freeDef)
        tree->freeDef(moment->def);
    moment->def = def;
}


void
virMomentTreeSetParent(virMomentTree *tree, virMoment *moment, virMoment *parent)
{
    if (!parent)
        parent = &tree->metaroot;
    if (moment->parent == parent)
        return;
    virMomentUnlink(moment);
    virMomentLink(moment, parent);
}


/* ---- removal ---- */

static void
virMomentDestroy(virMomentTree *tree, virMoment *moment)
{
    g_hash_table_remove(tree->byName, moment->name);
    virMomentFree(tree, moment);
}


void
virMomentTreeRemove(virMomentTree *tree, virMoment *moment)
{
    virMoment *parent = moment->parent;

    if (moment->firstChild) {
        /* Splice the whole child list in front of the parent's. */
        virMoment *last = moment->firstChild;

        for (virMoment *c = moment->firstChild; c; c = c->next) {
            c->parent = parent;
            last = c;
        }
        last->next = parent->firstChild;
        if (parent->firstChild)
            parent->firstChild->prev = last;
        parent->firstChild = moment->firstChild;
        parent->nchildren += moment->nchildren;
        moment->firstChild = NULL;
        moment->nchildren = 0;
    }
    if (tree->current == moment)
        tree->current = virMomentGetParent(moment);
    virMomentUnlink(moment);
    virMomentDestroy(tree, moment);
}


void
virMomentTreeRemoveDescendants(virMomentTree *tree, virMoment *moment)
{
    g_autoptr(GPtrArray) doomed = g_ptr_array_new();
    virMoment *m = moment;

    /* Collect first: freeing while walking would cut the links we follow. */
    while ((m = virMomentNextPreorder(m, moment))) {
        g_ptr_array_add(doomed, m);
        if (m == tree->current)
            tree->current = moment;
    }
    for (size_t i = 0; i < doomed->len; i++)
        virMomentDestroy(tree, doomed->pdata[i]);
    moment->firstChild = NULL;
    moment->nchildren = 0;
}


/* ---- traversal and listing ---- */

virMoment *
virMomentNextPreorder(const virMoment *moment, const virMoment *top)
{
    if (moment->firstChild) {
        /* Start loading the sibling, visited after the child's subtree:
         * a large walk waits on memory, one moment at a time. */
        if (moment->next)
            __builtin_prefetch(moment->next);
        return moment->firstChild;
    }
    for (; moment != top; moment = moment->parent) {
        if (moment->next)
            return moment->next;
    }
    return NULL;
}


static bool
virMomentMatches(const virMoment *moment, unsigned int flags,
                 virMomentFilter filter)
{
    if ((flags & VIR_MOMENT_LIST_LEAVES) && moment->nchildren)
        return false;
    if ((flags & VIR_MOMENT_LIST_NO_LEAVES) && !moment->nchildren)
        return false;
    if (filter && (flags & ~VIR_MOMENT_LIST_TREE_FLAGS) &&
        !filter(moment, flags))
        return false;
    return true;
}


/* Calls @visit (unless NULL) on each selected moment until it returns
 * false; returns the number of moments visited. */
static size_t
virMomentTreeForEachSlot(virMomentTree *tree, unsigned int flags,
                         virMomentFilter filter, virMomentVisitor visit, void *opaque)
{
    size_t n = 0;

    for (size_t i = 0; i < tree->slabs->len; i++) {
        virMomentSlot *slab = tree->slabs->pdata[i];

        for (size_t j = 0; j < MOMENT_SLAB_LEN; j++) {
            virMoment *m = &slab[j].moment;

            if (!m->name || !virMomentMatches(m, flags, filter))
                continue;
            n++;
            if (visit && !visit(m, opaque))
                return n;
        }
    }
    return n;
}


size_t
virMomentTreeForEach(virMomentTree *tree, virMoment *from, unsigned int flags,
                     virMomentFilter filter, virMomentVisitor visit, void *opaque)
{
    bool recurse;
    size_t n = 0;
    virMoment *m;

    /* Every moment has metadata: asking only for those without has no
     * answer, and asking for those with is no filter. */
    if ((flags & (VIR_MOMENT_LIST_METADATA | VIR_MOMENT_LIST_NO_METADATA)) ==
        VIR_MOMENT_LIST_NO_METADATA)
        return 0;

    /* Bit 0 means ROOTS for a tree and DESCENDANTS for a moment. */
    recurse = from ? (flags & VIR_MOMENT_LIST_DESCENDANTS) :
                     !(flags & VIR_MOMENT_LIST_ROOTS);
    if (!from)
        from = &tree->metaroot;

    /* Without TOPOLOGICAL the order is free: walk the slabs in memory
     * order, which is several times faster than following the tree. */
    if (recurse && from == &tree->metaroot && !(flags & VIR_MOMENT_LIST_TOPOLOGICAL))
        return virMomentTreeForEachSlot(tree, flags, filter, visit, opaque);

    for (m = recurse ? virMomentNextPreorder(from, from) : from->firstChild; m;
         m = recurse ? virMomentNextPreorder(m, from) : m->next) {
        if (!virMomentMatches(m, flags, filter))
            continue;
        n++;
        if (visit && !visit(m, opaque))
            break;
    }
    return n;
}


static bool
virMomentCollect(virMoment *moment, void *opaque)
{
    g_ptr_array_add(opaque, moment);
    return true;
}


GPtrArray *
virMomentTreeList(virMomentTree *tree, virMoment *from, unsigned int flags,
                  virMomentFilter filter)
{
    GPtrArray *out = g_ptr_array_new();

    virMomentTreeForEach(tree, from, flags, filter, virMomentCollect, out);
    return out;
}


size_t
virMomentTreeCount(virMomentTree *tree, virMoment *from, unsigned int flags,
                   virMomentFilter filter)
{
    unsigned int filtering = flags & ~(VIR_MOMENT_LIST_ROOTS |
                                       VIR_MOMENT_LIST_TOPOLOGICAL |
                                       VIR_MOMENT_LIST_METADATA);

    if (!filtering) {
        if (!from)
            return (flags & VIR_MOMENT_LIST_ROOTS) ?
                   tree->metaroot.nchildren : virMomentTreeSize(tree);
        if (!(flags & VIR_MOMENT_LIST_DESCENDANTS))
            return from->nchildren;
    }
    return virMomentTreeForEach(tree, from, flags, filter, NULL, NULL);
}


/* ---- bulk loading ---- */

int
virMomentTreeLinkAll(virMomentTree *tree, GPtrArray *moments,
                     const char *(*parentName)(const void *def),
                     const char *owner)
{
    size_t reached = 0;
    virMoment *m;

    for (size_t i = 0; i < moments->len; i++) {
        virMoment *moment = moments->pdata[i];
        const char *pname = parentName(moment->def);
        virMoment *parent = &tree->metaroot;

        if (pname && !(parent = virMomentTreeLookup(tree, pname))) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "parent '%s' of snapshot '%s' of %s not found",
                           pname, moment->name, owner);
            return -1;
        }
        virMomentLink(moment, parent);
    }

    /* With every parent present, moments not reachable from the metaroot
     * are exactly those on or below a cycle of parents. */
    tree->epoch++;
    for (m = &tree->metaroot; (m = virMomentNextPreorder(m, &tree->metaroot)); ) {
        m->mark = tree->epoch;
        reached++;
    }
    if (reached != virMomentTreeSize(tree)) {
        for (size_t i = 0; i < moments->len; i++) {
            virMoment *moment = moments->pdata[i];

            if (moment->mark != tree->epoch) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "snapshots of %s have inconsistent relations: "
                               "the parents of '%s' form a cycle",
                               owner, moment->name);
                break;
            }
        }
        return -1;
    }
    return 0;
}
