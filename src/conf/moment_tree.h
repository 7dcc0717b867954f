/*
 * moment_tree.h: a hierarchy of named moments (snapshots)
 *
 * Each moment has a name (unique in its tree), a payload (the snapshot
 * definition, freed by the tree), a parent and an ordered list of
 * children.  A pseudo-moment, the metaroot, is the parent of every root
 * so that roots need no special case.  One moment may be "current".
 *
 * Costs, with N moments in the tree:
 *  - lookup by name, add, re-parent, remove a leaf: O(1)
 *  - remove a moment with k children (they move to its parent): O(k)
 *  - remove a subtree of s moments: O(s)
 *  - list / count: O(result) or O(subtree) for DESCENDANTS
 *  - bulk load with relations and cycle check: O(N)
 *  - is-descendant test: O(depth)
 * Nothing recurses: traversals follow parent and sibling links, so a chain
 * a million moments deep is walked in constant stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct _virMoment virMoment;
struct _virMoment {
    char *name;
    void *def;                 /* payload, freed by the tree */
    virMoment *parent;         /* the metaroot for roots, NULL for it */
    virMoment *firstChild;     /* newest child first, as libvirt lists them */
    virMoment *prev;           /* siblings, both ways for O(1) unlinking */
    virMoment *next;
    unsigned int nchildren;
    unsigned int mark;         /* scratch for one traversal (load check) */
};

typedef struct _virMomentTree virMomentTree;

/* Flags understood by the tree when listing; equal to the snapshot
 * listing flags of the public API. */
typedef enum {
    VIR_MOMENT_LIST_ROOTS = 1 << 0,         /* listing a tree: roots only */
    VIR_MOMENT_LIST_DESCENDANTS = 1 << 0,   /* listing a moment: recurse */
    VIR_MOMENT_LIST_METADATA = 1 << 1,
    VIR_MOMENT_LIST_LEAVES = 1 << 2,
    VIR_MOMENT_LIST_NO_LEAVES = 1 << 3,
    VIR_MOMENT_LIST_NO_METADATA = 1 << 4,
    VIR_MOMENT_LIST_TOPOLOGICAL = 1 << 10,  /* parents before children */
} virMomentListFlags;

#define VIR_MOMENT_LIST_TREE_FLAGS \
    (VIR_MOMENT_LIST_ROOTS | VIR_MOMENT_LIST_METADATA | VIR_MOMENT_LIST_LEAVES | \
     VIR_MOMENT_LIST_NO_LEAVES | VIR_MOMENT_LIST_NO_METADATA | \
     VIR_MOMENT_LIST_TOPOLOGICAL)

/* Decides the filter bits the tree does not know (state, location). */
typedef bool (*virMomentFilter)(const virMoment *moment, unsigned int flags);

virMomentTree *virMomentTreeNew(GDestroyNotify freeDef);
void virMomentTreeFree(virMomentTree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virMomentTree, virMomentTreeFree)

size_t virMomentTreeSize(const virMomentTree *tree);
virMoment *virMomentTreeLookup(const virMomentTree *tree, const char *name);
virMoment *virMomentTreeGetCurrent(const virMomentTree *tree);
void virMomentTreeSetCurrent(virMomentTree *tree, virMoment *moment);
/* The parent of @moment, or NULL for a root. */
virMoment *virMomentGetParent(const virMoment *moment);
/* True if @moment is @ancestor or lies below it. */
bool virMomentIsDescendant(const virMoment *moment, const virMoment *ancestor);

/* Adds @def as @name under @parent (NULL for a new root) and takes
 * ownership of @def.  Fails, leaving @def to the caller, with
 * VIR_ERR_OPERATION_FAILED if the name is taken. */
virMoment *virMomentTreeAdd(virMomentTree *tree, const char *name,
                            virMoment *parent, void *def);
/* Replaces the payload of @moment, freeing the old one. */
void virMomentTreeSetDef(virMomentTree *tree, virMoment *moment, void *def);
/* Moves @moment under @parent (NULL for a root).  The caller checks that
 * @parent is not inside @moment's subtree. */
void virMomentTreeSetParent(virMomentTree *tree, virMoment *moment,
                            virMoment *parent);

/* Removes @moment; its children move to its parent (ahead of the parent's
 * other children).  If it was current, its parent becomes current. */
void virMomentTreeRemove(virMomentTree *tree, virMoment *moment);
/* Removes every descendant of @moment, keeping @moment.  If the current
 * moment was among them, @moment becomes current. */
void virMomentTreeRemoveDescendants(virMomentTree *tree, virMoment *moment);

/* The moment after @moment in a pre-order walk of @top's subtree (which
 * excludes @top itself), or NULL at the end.  Start with @moment = @top.
 * Pre-order puts every parent before its children. */
virMoment *virMomentNextPreorder(const virMoment *moment, const virMoment *top);
/* The metaroot, to walk the whole tree. */
virMoment *virMomentTreeMetaroot(virMomentTree *tree);

/* The moments selected by @flags (virMomentListFlags plus bits for
 * @filter) among the whole tree (@from NULL) or @from's children.  The
 * order is topological (pre-order, newest children first) except for a
 * whole-tree listing without VIR_MOMENT_LIST_TOPOLOGICAL, which comes in
 * storage order, much faster on large trees.  The array does not own its
 * elements. */
GPtrArray *virMomentTreeList(virMomentTree *tree, virMoment *from,
                             unsigned int flags, virMomentFilter filter);
/* Calls @visit(moment, @opaque) on each moment of that list, in the same
 * order, without building it, until @visit returns false; returns the
 * number of moments visited.  Reading a moment while the walk is on it
 * saves a second cache miss per moment over building the list first.
 * @visit must not change the tree; NULL just counts. */
typedef bool (*virMomentVisitor)(virMoment *moment, void *opaque);
size_t virMomentTreeForEach(virMomentTree *tree, virMoment *from,
                            unsigned int flags, virMomentFilter filter,
                            virMomentVisitor visit, void *opaque);
/* The size of that list, computed without building it when possible. */
size_t virMomentTreeCount(virMomentTree *tree, virMoment *from,
                          unsigned int flags, virMomentFilter filter);

/* Bulk loading: add every moment unlinked, then link them all at once.
 * @parentName tells each payload's parent name (NULL for roots).  Fails
 * with VIR_ERR_CONFIG_UNSUPPORTED naming @owner and the moment if a parent
 * is missing or parents form a cycle; the tree is then still safe to free
 * but must not be used otherwise. */
virMoment *virMomentTreeAddUnlinked(virMomentTree *tree, const char *name, void *def);
int virMomentTreeLinkAll(virMomentTree *tree, GPtrArray *moments,
                         const char *(*parentName)(const void *def),
                         const char *owner);
