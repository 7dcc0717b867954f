/*
 * svsh-snapshot-list.c: snapshot-list
 *
 * The snapshots come from the library already filtered (every filter
 * option is a listing flag); svsh sorts them by name, case-insensitively
 * and stably, unless --topological asks for the library's parents-first
 * order, then prints a table, names, or trees.  With --from S (or
 * --current) only S's children are listed (all its descendants with
 * --descendants), and a tree has S at its root.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-snapshot.h"

/* One listed snapshot and, for trees, the name of its parent. */
typedef struct {
    virDomainSnapshotPtr snap;
    char *parent;
} svshSnapEntry;


static void
svshSnapEntryClear(gpointer data)
{
    svshSnapEntry *e = data;

    if (e->snap)
        virDomainSnapshotFree(e->snap);
    g_free(e->parent);
}


static gint
svshSnapEntryCompare(gconstpointer a, gconstpointer b)
{
    const svshSnapEntry *ea = a;
    const svshSnapEntry *eb = b;

    return g_ascii_strcasecmp(virDomainSnapshotGetName(ea->snap),
                              virDomainSnapshotGetName(eb->snap));
}


typedef struct {
    const char *option;
    unsigned int flag;
} svshListFilter;

/* The filters that cannot be combined with --tree, in the order virsh
 * checks them. */
static const svshListFilter svshSnapshotFilters[] = {
    { "leaves", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES },
    { "no-leaves", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES },
    { "inactive", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE },
    { "active", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE },
    { "disk-only", VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY },
    { "internal", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL },
    { "external", VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL },
};


/* Checks the option combinations virsh refuses and computes the listing
 * flags; false after reporting. */
static bool
svshSnapshotListFlags(svshControl *ctl, const svshCmd *cmd, unsigned int *flags)
{
    static const char *const exclusive[][2] = {
        { "tree", "name" }, { "parent", "roots" }, { "parent", "tree" },
        { "roots", "tree" }, { "roots", "from" }, { "roots", "current" },
    };
    bool tree = svshOptBool(cmd, "tree");

    *flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(exclusive); i++) {
        if (!svshOptExclusive(ctl, cmd, exclusive[i][0], exclusive[i][1]))
            return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(svshSnapshotFilters); i++) {
        if (!svshOptBool(cmd, svshSnapshotFilters[i].option))
            continue;
        if (tree) {
            svshError(ctl, "--%s and --tree are mutually exclusive",
                      svshSnapshotFilters[i].option);
            return false;
        }
        *flags |= svshSnapshotFilters[i].flag;
    }
    if (svshOptBool(cmd, "topological"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL;
    if (svshOptBool(cmd, "roots"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_ROOTS;
    if (svshOptBool(cmd, "metadata"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_METADATA;
    if (svshOptBool(cmd, "no-metadata"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA;
    if (svshOptBool(cmd, "descendants")) {
        if (!svshOptBool(cmd, "from") && !svshOptBool(cmd, "current")) {
            svshError(ctl, "%s", "--descendants requires either --from or --current");
            return false;
        }
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS;
    }
    return true;
}


/* The snapshots to list, in the order to list them.  For a tree each
 * entry knows its parent, and @start (if any) is added as a root. */
static GArray *
svshSnapshotCollect(svshControl *ctl, virDomainPtr dom, virDomainSnapshotPtr start,
                    unsigned int flags, bool tree)
{
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(svshSnapEntry));
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    g_array_set_clear_func(list, svshSnapEntryClear);
    n = start ? virDomainSnapshotListAllChildren(start, &snaps, flags) :
                virDomainListAllSnapshots(dom, &snaps, flags);
    if (n < 0)
        return NULL;
    for (int i = 0; i < n; i++) {
        svshSnapEntry e = { snaps[i], NULL };

        g_array_append_val(list, e);
    }
    free(snaps);
    if (tree) {
        for (guint i = 0; i < list->len; i++) {
            svshSnapEntry *e = &g_array_index(list, svshSnapEntry, i);

            if (!svshSnapshotParentName(ctl, e->snap, &e->parent))
                return NULL;
        }
        if (start) {
            svshSnapEntry e = { start, NULL };

            virDomainSnapshotRef(start);
            g_array_append_val(list, e);
        }
    }
    /* g_array_sort is a stable merge sort. */
    if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL))
        g_array_sort(list, svshSnapEntryCompare);
    return g_steal_pointer(&list);
}


/* Prints one tree per root (an entry without a parent).  Like virsh,
 * entries are linked to their parent by name. */
static void
svshSnapshotPrintTrees(svshControl *ctl, GArray *list)
{
    g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree const char **names = g_new0(const char *, list->len + 1);
    g_autofree int *parents = g_new0(int, list->len + 1);

    for (guint i = 0; i < list->len; i++) {
        names[i] = virDomainSnapshotGetName(g_array_index(list, svshSnapEntry, i).snap);
        g_hash_table_insert(index, (gpointer)names[i], GUINT_TO_POINTER(i + 1));
    }
    for (guint i = 0; i < list->len; i++) {
        const char *parent = g_array_index(list, svshSnapEntry, i).parent;
        guint p = parent ? GPOINTER_TO_UINT(g_hash_table_lookup(index, parent)) : 0;

        /* A parent outside the list leaves the entry out of every tree:
         * it hangs below an extra node that is never printed. */
        parents[i] = parent && !p ? (int)list->len : (int)p - 1;
    }
    names[list->len] = "";
    parents[list->len] = -1;
    for (guint i = 0; i < list->len; i++) {
        if (!g_array_index(list, svshSnapEntry, i).parent)
            svshTreePrint(ctl, names, parents, list->len + 1, i);
    }
}


/* Adds @e's row to @table: name, creation time, state (and parent). */
static void
svshSnapshotRow(svshControl *ctl, svshTable *table, svshSnapEntry *e, bool parent)
{
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlDoc) doc = svshSnapshotXML(ctl, e->snap, 0, &ctxt);
    g_autofree char *state = NULL;
    g_autofree char *created = NULL;
    g_autofree char *when = NULL;
    g_autofree char *parentName = NULL;
    char *end;
    long long t;

    /* A snapshot that vanished meanwhile is left out. */
    if (!doc)
        return;
    if (parent)
        parentName = svshXPathString(ctxt, "string(/domainsnapshot/parent/name)");
    if (!(state = svshXPathString(ctxt, "string(/domainsnapshot/state)")) ||
        !(created = svshXPathString(ctxt, "string(/domainsnapshot/creationTime)")))
        return;
    t = g_ascii_strtoll(created, &end, 10);
    if (*end)
        return;
    when = svshFormatTime(t);
    if (parent)
        svshTableRow(table, virDomainSnapshotGetName(e->snap), when, state,
                     parentName ? parentName : "", NULL);
    else
        svshTableRow(table, virDomainSnapshotGetName(e->snap), when, state, NULL);
}


static void
svshSnapshotPrintList(svshControl *ctl, const svshCmd *cmd, GArray *list)
{
    bool parent = svshOptBool(cmd, "parent");
    g_autoptr(svshTable) table = NULL;

    if (svshOptBool(cmd, "name")) {
        for (guint i = 0; i < list->len; i++)
            svshPrint(ctl, "%s\n",
                      virDomainSnapshotGetName(g_array_index(list, svshSnapEntry, i).snap));
        return;
    }
    table = parent ? svshTableNew("Name", "Creation Time", "State", "Parent", NULL) :
                     svshTableNew("Name", "Creation Time", "State", NULL);
    for (guint i = 0; i < list->len; i++)
        svshSnapshotRow(ctl, table, &g_array_index(list, svshSnapEntry, i), parent);
    svshResetError(ctl);
    svshTablePrint(ctl, table);
}


bool
svshCmdSnapshotList(svshControl *ctl, const svshCmd *cmd)
{
    bool tree = svshOptBool(cmd, "tree");
    virDomainSnapshotPtr start = NULL;
    g_autoptr(GArray) list = NULL;
    unsigned int flags;
    virDomainPtr dom;

    if (!svshSnapshotListFlags(ctl, cmd, &flags) ||
        !(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if ((svshOptBool(cmd, "from") || svshOptBool(cmd, "current")) &&
        !(start = svshLookupSnapshot(ctl, cmd, "from", true, dom))) {
        virDomainFree(dom);
        return false;
    }
    list = svshSnapshotCollect(ctl, dom, start, flags, tree);
    if (list && tree)
        svshSnapshotPrintTrees(ctl, list);
    else if (list)
        svshSnapshotPrintList(ctl, cmd, list);
    if (start)
        virDomainSnapshotFree(start);
    virDomainFree(dom);
    return list != NULL;
}


const svshOptDef svshOptsSnapshotList[] = {
    SVSH_OPT_DOMAIN("the domain, by name, id or UUID"),
    { "parent", SVSH_OT_BOOL, 0, "add a column with each snapshot's parent" },
    { "roots", SVSH_OT_BOOL, 0, "only snapshots that have no parent" },
    { "leaves", SVSH_OT_BOOL, 0, "only snapshots that have no children" },
    { "no-leaves", SVSH_OT_BOOL, 0, "only snapshots that have children" },
    { "metadata", SVSH_OT_BOOL, 0, "only snapshots with metadata (which blocks undefine)" },
    { "no-metadata", SVSH_OT_BOOL, 0, "only snapshots without metadata" },
    { "inactive", SVSH_OT_BOOL, 0, "only snapshots of a shut off domain" },
    { "active", SVSH_OT_BOOL, 0, "only snapshots of a running domain, memory included" },
    { "disk-only", SVSH_OT_BOOL, 0, "only snapshots of the disks alone" },
    { "internal", SVSH_OT_BOOL, 0, "only snapshots stored inside the disk images" },
    { "external", SVSH_OT_BOOL, 0, "only snapshots stored in files of their own" },
    { "tree", SVSH_OT_BOOL, 0, "draw the snapshots as a tree" },
    { "from", SVSH_OT_STRING, 0, "only the children of this snapshot", svshCompleteSnapshots },
    { "current", SVSH_OT_BOOL, 0, "only the children of the current snapshot" },
    { "descendants", SVSH_OT_BOOL, 0, "with --from or --current, all descendants" },
    { "name", SVSH_OT_BOOL, 0, "print names only" },
    { "topological", SVSH_OT_BOOL, 0, "parents before children instead of sorting by name" },
    { NULL },
};
