/*
 * svsh-volsnapshot-list.c: vol-snapshot-list
 *
 * As snapshot-list: the library filters (each filter option is a listing
 * flag), svsh sorts by name case-insensitively unless --topological asks
 * for parents first, then prints a table, names or trees.  With --from S
 * (or --current) only S's children are listed (its descendants with
 * --descendants), and a tree has S at its root.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-storage.h"

/* One listed snapshot, with what its row and its tree need. */
typedef struct {
    char *name;
    char *parent;     /* NULL for a root */
    char *type;
    char *created;    /* formatted */
} svshVolSnapEntry;


static void
svshVolSnapEntryClear(gpointer data)
{
    svshVolSnapEntry *e = data;

    g_free(e->name);
    g_free(e->parent);
    g_free(e->type);
    g_free(e->created);
}


static gint
svshVolSnapEntryCompare(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(((const svshVolSnapEntry *)a)->name,
                              ((const svshVolSnapEntry *)b)->name);
}


typedef struct {
    const char *option;
    unsigned int flag;
} svshVolSnapFilter;

/* The filters that cannot be combined with --tree. */
static const svshVolSnapFilter svshVolSnapFilters[] = {
    { "leaves", VIR_STORAGE_VOL_SNAPSHOT_LIST_LEAVES },
    { "no-leaves", VIR_STORAGE_VOL_SNAPSHOT_LIST_NO_LEAVES },
    { "internal", VIR_STORAGE_VOL_SNAPSHOT_LIST_INTERNAL },
    { "external", VIR_STORAGE_VOL_SNAPSHOT_LIST_EXTERNAL },
};


/* Checks the option combinations and computes the listing flags; false
 * after reporting. */
static bool
svshVolSnapListFlags(svshControl *ctl, const svshCmd *cmd, unsigned int *flags)
{
    static const char *const exclusive[][2] = {
        { "tree", "name" }, { "parent", "roots" }, { "parent", "tree" },
        { "roots", "tree" }, { "roots", "from" }, { "roots", "current" },
        { "from", "current" },
    };
    bool tree = svshOptBool(cmd, "tree");

    *flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(exclusive); i++) {
        if (!svshOptExclusive(ctl, cmd, exclusive[i][0], exclusive[i][1]))
            return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(svshVolSnapFilters); i++) {
        if (!svshOptBool(cmd, svshVolSnapFilters[i].option))
            continue;
        if (tree) {
            svshError(ctl, "--%s and --tree are mutually exclusive",
                      svshVolSnapFilters[i].option);
            return false;
        }
        *flags |= svshVolSnapFilters[i].flag;
    }
    if (svshOptBool(cmd, "topological"))
        *flags |= VIR_STORAGE_VOL_SNAPSHOT_LIST_TOPOLOGICAL;
    if (svshOptBool(cmd, "roots"))
        *flags |= VIR_STORAGE_VOL_SNAPSHOT_LIST_ROOTS;
    if (svshOptBool(cmd, "descendants")) {
        if (!svshOptBool(cmd, "from") && !svshOptBool(cmd, "current")) {
            svshError(ctl, "%s", "--descendants requires either --from or --current");
            return false;
        }
        *flags |= VIR_STORAGE_VOL_SNAPSHOT_LIST_DESCENDANTS;
    }
    return true;
}


/* Fills @e from @snap's XML; false if the snapshot cannot be read. */
static bool
svshVolSnapEntryFill(svshControl *ctl, svshVolSnapEntry *e, virStorageVolSnapshotPtr snap)
{
    g_autofree char *xml = virStorageVolSnapshotGetXMLDesc(snap, 0);
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlDoc) doc = xml ? svshXMLParse(ctl, xml, &ctxt) : NULL;
    g_autofree char *created = NULL;

    e->name = g_strdup(virStorageVolSnapshotGetName(snap));
    if (!doc)
        return false;
    e->parent = svshXPathString(ctxt, "string(/volsnapshot/parent/name)");
    e->type = svshXPathString(ctxt, "string(/volsnapshot/type)");
    created = svshXPathString(ctxt, "string(/volsnapshot/creationTime)");
    e->created = created ? svshFormatTime(g_ascii_strtoll(created, NULL, 10)) : g_strdup("");
    return true;
}


/* The snapshots to list, in the order to list them; with @start, it is
 * added (as a root) for a tree. */
static GArray *
svshVolSnapCollect(svshControl *ctl, virStorageVolPtr vol, virStorageVolSnapshotPtr start,
                   unsigned int flags, bool tree)
{
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(svshVolSnapEntry));
    virStorageVolSnapshotPtr *snaps = NULL;
    bool ok = true;
    int n;

    g_array_set_clear_func(list, svshVolSnapEntryClear);
    n = start ? virStorageVolSnapshotListAllChildren(start, &snaps, flags) :
                virStorageVolListAllSnapshots(vol, &snaps, flags);
    if (n < 0)
        return NULL;
    for (int i = 0; i < n; i++) {
        svshVolSnapEntry e = { NULL };

        ok = ok && svshVolSnapEntryFill(ctl, &e, snaps[i]);
        g_array_append_val(list, e);
        virStorageVolSnapshotFree(snaps[i]);
    }
    free(snaps);
    if (ok && tree && start) {
        svshVolSnapEntry e = { NULL };

        ok = svshVolSnapEntryFill(ctl, &e, start);
        g_clear_pointer(&e.parent, g_free);
        g_array_append_val(list, e);
    }
    if (!ok)
        return NULL;
    if (!(flags & VIR_STORAGE_VOL_SNAPSHOT_LIST_TOPOLOGICAL))
        g_array_sort(list, svshVolSnapEntryCompare);
    return g_steal_pointer(&list);
}


/* One tree per root (an entry without a parent); an entry whose parent
 * is not listed hangs below a hidden node and is not printed. */
static void
svshVolSnapPrintTrees(svshControl *ctl, GArray *list)
{
    g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree const char **names = g_new0(const char *, list->len + 1);
    g_autofree int *parents = g_new0(int, list->len + 1);

    for (guint i = 0; i < list->len; i++) {
        names[i] = g_array_index(list, svshVolSnapEntry, i).name;
        g_hash_table_insert(index, (gpointer)names[i], GUINT_TO_POINTER(i + 1));
    }
    for (guint i = 0; i < list->len; i++) {
        const char *parent = g_array_index(list, svshVolSnapEntry, i).parent;
        guint p = parent ? GPOINTER_TO_UINT(g_hash_table_lookup(index, parent)) : 0;

        parents[i] = parent && !p ? (int)list->len : (int)p - 1;
    }
    names[list->len] = "";
    parents[list->len] = -1;
    for (guint i = 0; i < list->len; i++) {
        if (!g_array_index(list, svshVolSnapEntry, i).parent)
            svshTreePrint(ctl, names, parents, list->len + 1, i);
    }
}


static void
svshVolSnapPrintList(svshControl *ctl, const svshCmd *cmd, GArray *list)
{
    bool parent = svshOptBool(cmd, "parent");
    g_autoptr(svshTable) table = NULL;

    if (svshOptBool(cmd, "name")) {
        for (guint i = 0; i < list->len; i++)
            svshPrint(ctl, "%s\n", g_array_index(list, svshVolSnapEntry, i).name);
        return;
    }
    table = parent ? svshTableNew("Name", "Creation Time", "Location", "Parent", NULL) :
                     svshTableNew("Name", "Creation Time", "Location", NULL);
    for (guint i = 0; i < list->len; i++) {
        svshVolSnapEntry *e = &g_array_index(list, svshVolSnapEntry, i);

        svshTableRow(table, e->name, e->created, e->type ? e->type : "internal",
                     parent ? (e->parent ? e->parent : "") : NULL, NULL);
    }
    svshTablePrint(ctl, table);
}


bool
svshCmdVolSnapshotList(svshControl *ctl, const svshCmd *cmd)
{
    bool tree = svshOptBool(cmd, "tree");
    virStorageVolSnapshotPtr start = NULL;
    g_autoptr(GArray) list = NULL;
    virStorageVolPtr vol;
    unsigned int flags;

    if (!svshVolSnapListFlags(ctl, cmd, &flags) || !(vol = svshCommandVol(ctl, cmd, NULL)))
        return false;
    if ((svshOptBool(cmd, "from") || svshOptBool(cmd, "current")) &&
        !(start = svshCommandVolSnapshot(ctl, cmd, "from", vol))) {
        virStorageVolFree(vol);
        return false;
    }
    list = svshVolSnapCollect(ctl, vol, start, flags, tree);
    if (list && tree)
        svshVolSnapPrintTrees(ctl, list);
    else if (list)
        svshVolSnapPrintList(ctl, cmd, list);
    if (start)
        virStorageVolSnapshotFree(start);
    virStorageVolFree(vol);
    return list != NULL;
}


const svshOptDef svshOptsVolSnapshotList[] = {
    SVSH_OPT_VOL("the volume, by name (with --pool), key or path"),
    SVSH_OPT_VOL_POOL,
    { "parent", SVSH_OT_BOOL, 0, "add a column with each snapshot's parent" },
    { "roots", SVSH_OT_BOOL, 0, "only snapshots that have no parent" },
    { "leaves", SVSH_OT_BOOL, 0, "only snapshots that have no children" },
    { "no-leaves", SVSH_OT_BOOL, 0, "only snapshots that have children" },
    { "internal", SVSH_OT_BOOL, 0, "only snapshots stored inside the qcow2 image" },
    { "external", SVSH_OT_BOOL, 0, "only snapshots stored in files of their own" },
    { "tree", SVSH_OT_BOOL, 0, "draw the snapshots as a tree" },
    { "from", SVSH_OT_STRING, 0, "only the children of this snapshot", svshCompleteVolSnapshots },
    { "current", SVSH_OT_BOOL, 0, "only the children of the current snapshot" },
    { "descendants", SVSH_OT_BOOL, 0, "with --from or --current, all descendants" },
    { "name", SVSH_OT_BOOL, 0, "print names only" },
    { "topological", SVSH_OT_BOOL, 0, "parents before children instead of sorting by name" },
    { NULL },
};
