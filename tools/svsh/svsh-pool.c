/*
 * svsh-pool.c: the storage pool command group — pool-list, pool-info,
 * pool-dumpxml, pool-define-as, pool-build, pool-start, pool-destroy,
 * pool-refresh, pool-undefine
 *
 * Output and messages are laid out as virsh lays out its own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-storage.h"

#define OPT_POOL { "pool", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the pool, by name or UUID", \
                   svshCompletePools }

static const char *const svshPoolStateNames[] = {
    "inactive", "building", "running", "degraded", "inaccessible",
};


static const char *
svshPoolStateName(int state)
{
    if (state < 0 || state >= (int)G_N_ELEMENTS(svshPoolStateNames))
        return "unknown";
    return svshPoolStateNames[state];
}


static const char *
svshPoolAutostart(virStoragePoolPtr pool)
{
    int autostart = 0;

    if (virStoragePoolGetAutostart(pool, &autostart) < 0)
        return "no autostart";
    return autostart ? "yes" : "no";
}


/* ---- pool-list ---- */

typedef struct {
    const char *option;
    unsigned int flag;
} svshPoolFilter;

static const svshPoolFilter svshPoolFilters[] = {
    { "inactive", VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE },
    { "persistent", VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT },
    { "transient", VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT },
    { "autostart", VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART },
    { "no-autostart", VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART },
};


/* libvirt's pool types and their listing flags (snapvirt has dir pools,
 * so the others select nothing, as in virsh on a host without them). */
static const struct {
    const char *name;
    unsigned int flag;
} svshPoolTypes[] = {
    { "dir", VIR_CONNECT_LIST_STORAGE_POOLS_DIR },
    { "fs", VIR_CONNECT_LIST_STORAGE_POOLS_FS },
    { "netfs", VIR_CONNECT_LIST_STORAGE_POOLS_NETFS },
    { "logical", VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL },
    { "disk", VIR_CONNECT_LIST_STORAGE_POOLS_DISK },
    { "iscsi", VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI },
    { "iscsi-direct", VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT },
    { "scsi", VIR_CONNECT_LIST_STORAGE_POOLS_SCSI },
    { "mpath", VIR_CONNECT_LIST_STORAGE_POOLS_MPATH },
    { "rbd", VIR_CONNECT_LIST_STORAGE_POOLS_RBD },
    { "sheepdog", VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG },
    { "gluster", VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER },
    { "zfs", VIR_CONNECT_LIST_STORAGE_POOLS_ZFS },
    { "vstorage", VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE },
};


/* The listing flags of the filter options; false after reporting. */
static bool
svshPoolListFlags(svshControl *ctl, const svshCmd *cmd, unsigned int *flags)
{
    const char *types = NULL;

    *flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(svshPoolFilters); i++) {
        if (svshOptBool(cmd, svshPoolFilters[i].option))
            *flags |= svshPoolFilters[i].flag;
    }
    if (svshOptBool(cmd, "all"))
        *flags |= VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE;
    else if (!(*flags & VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE))
        *flags |= VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE;
    if (svshOptString(ctl, cmd, "type", &types) < 0)
        return false;
    if (types) {
        g_auto(GStrv) list = g_strsplit(types, ",", -1);

        for (size_t i = 0; list[i]; i++) {
            size_t t = 0;

            while (t < G_N_ELEMENTS(svshPoolTypes) && strcmp(list[i], svshPoolTypes[t].name))
                t++;
            if (t == G_N_ELEMENTS(svshPoolTypes)) {
                svshError(ctl, "Invalid pool type '%s'", list[i]);
                return false;
            }
            *flags |= svshPoolTypes[t].flag;
        }
    }
    return true;
}


static gint
svshPoolCompare(gconstpointer a, gconstpointer b)
{
    virStoragePoolPtr pa = *(virStoragePoolPtr const *)a;
    virStoragePoolPtr pb = *(virStoragePoolPtr const *)b;

    return g_ascii_strcasecmp(virStoragePoolGetName(pa), virStoragePoolGetName(pb));
}


/* One --details row: state, autostart, persistence and sizes. */
static void
svshPoolDetailsRow(svshTable *table, virStoragePoolPtr pool)
{
    virStoragePoolInfo info = { 0 };
    int persistent = virStoragePoolIsPersistent(pool);
    g_autofree char *cap = NULL;
    g_autofree char *alloc = NULL;
    g_autofree char *avail = NULL;
    bool sizes;

    if (virStoragePoolGetInfo(pool, &info) < 0)
        info.state = -1;
    sizes = info.state == VIR_STORAGE_POOL_RUNNING || info.state == VIR_STORAGE_POOL_DEGRADED;
    cap = sizes ? svshPrettyCapacity(info.capacity) : g_strdup("-");
    alloc = sizes ? svshPrettyCapacity(info.allocation) : g_strdup("-");
    avail = sizes ? svshPrettyCapacity(info.available) : g_strdup("-");
    svshTableRow(table, virStoragePoolGetName(pool), svshPoolStateName(info.state),
                 svshPoolAutostart(pool), persistent < 0 ? "unknown" : persistent ? "yes" : "no",
                 cap, alloc, avail, NULL);
}


static void
svshPoolListPrint(svshControl *ctl, const svshCmd *cmd, virStoragePoolPtr *pools, int n)
{
    bool details = svshOptBool(cmd, "details");
    g_autoptr(svshTable) table = NULL;

    if (svshOptBool(cmd, "name") || svshOptBool(cmd, "uuid")) {
        for (int i = 0; i < n; i++) {
            char uuid[VIR_UUID_STRING_BUFLEN] = "";

            if (svshOptBool(cmd, "uuid") && virStoragePoolGetUUIDString(pools[i], uuid) < 0)
                continue;
            if (svshOptBool(cmd, "uuid") && svshOptBool(cmd, "name"))
                svshPrint(ctl, "%-36s %-20s\n", uuid, virStoragePoolGetName(pools[i]));
            else if (svshOptBool(cmd, "uuid"))
                svshPrint(ctl, "%-36s\n", uuid);
            else
                svshPrint(ctl, "%-20s\n", virStoragePoolGetName(pools[i]));
        }
        return;
    }
    if (details)
        table = svshTableNew("Name", "State", "Autostart", "Persistent", "Capacity",
                             "Allocation", "Available", NULL);
    else
        table = svshTableNew("Name", "State", "Autostart", NULL);
    for (int i = 0; i < n; i++) {
        if (details)
            svshPoolDetailsRow(table, pools[i]);
        else
            svshTableRow(table, virStoragePoolGetName(pools[i]),
                         virStoragePoolIsActive(pools[i]) > 0 ? "active" : "inactive",
                         svshPoolAutostart(pools[i]), NULL);
    }
    svshResetError(ctl);
    svshTablePrint(ctl, table);
}


static bool
cmdPoolList(svshControl *ctl, const svshCmd *cmd)
{
    virStoragePoolPtr *pools = NULL;
    unsigned int flags;
    int n;

    if (!svshOptExclusive(ctl, cmd, "details", "uuid") ||
        !svshOptExclusive(ctl, cmd, "details", "name") ||
        !svshPoolListFlags(ctl, cmd, &flags))
        return false;
    if ((n = virConnectListAllStoragePools(ctl->conn, &pools, flags)) < 0) {
        svshError(ctl, "%s", "Failed to list pools");
        return false;
    }
    qsort(pools, n, sizeof(*pools), (int (*)(const void *, const void *))svshPoolCompare);
    svshPoolListPrint(ctl, cmd, pools, n);
    for (int i = 0; i < n; i++)
        virStoragePoolFree(pools[i]);
    free(pools);
    return true;
}


/* ---- pool-info ---- */

#define INFO(label, fmt, value) svshPrint(ctl, "%-15s " fmt "\n", label, value)

static void
svshPoolInfoSize(svshControl *ctl, const char *label, unsigned long long bytes, bool raw)
{
    g_autofree char *pretty = NULL;

    if (raw) {
        INFO(label, "%llu", bytes);
        return;
    }
    pretty = svshPrettyCapacity(bytes);
    INFO(label, "%s", pretty);
}


static bool
cmdPoolInfo(svshControl *ctl, const svshCmd *cmd)
{
    virStoragePoolPtr pool = svshCommandPool(ctl, cmd, "pool", NULL);
    bool raw = svshOptBool(cmd, "bytes");
    char uuid[VIR_UUID_STRING_BUFLEN];
    virStoragePoolInfo info;
    int persistent;
    bool ok = false;

    if (!pool)
        return false;
    INFO("Name:", "%s", virStoragePoolGetName(pool));
    if (virStoragePoolGetUUIDString(pool, uuid) == 0)
        INFO("UUID:", "%s", uuid);
    if (virStoragePoolGetInfo(pool, &info) == 0) {
        INFO("State:", "%s", svshPoolStateName(info.state));
        persistent = virStoragePoolIsPersistent(pool);
        INFO("Persistent:", "%s", persistent < 0 ? "unknown" : persistent ? "yes" : "no");
        INFO("Autostart:", "%s", svshPoolAutostart(pool));
        if (info.state == VIR_STORAGE_POOL_RUNNING || info.state == VIR_STORAGE_POOL_DEGRADED) {
            svshPoolInfoSize(ctl, "Capacity:", info.capacity, raw);
            svshPoolInfoSize(ctl, "Allocation:", info.allocation, raw);
            svshPoolInfoSize(ctl, "Available:", info.available, raw);
        }
        ok = true;
    }
    virStoragePoolFree(pool);
    return ok;
}
#undef INFO


/* ---- pool-dumpxml ---- */

static bool
cmdPoolDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    unsigned int flags = svshOptBool(cmd, "inactive") ? VIR_STORAGE_XML_INACTIVE : 0;
    const char *xpath = NULL;
    g_autofree char *xml = NULL;
    virStoragePoolPtr pool;

    /* An empty --xpath fails without a word, as in virsh. */
    if (svshOptString(ctl, cmd, "xpath", &xpath) > 0 && !*xpath)
        return false;
    if (!(pool = svshCommandPool(ctl, cmd, "pool", NULL)))
        return false;
    xml = virStoragePoolGetXMLDesc(pool, flags);
    virStoragePoolFree(pool);
    return xml && svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- pool-define-as ---- */

/* The <pool> description of pool-define-as's options. */
static char *
svshPoolXML(svshControl *ctl, const svshCmd *cmd)
{
    static const char *const source[][3] = {
        { "source-host", "<host name='", "'/>" },
        { "source-path", "<dir path='", "'/>" },
        { "source-dev", "<device path='", "'/>" },
        { "source-name", "<name>", "</name>" },
    };
    g_autoptr(GString) xml = g_string_new("<pool type='");
    bool any = false;
    const char *v = NULL;

    svshXMLEscape(xml, svshOptRequired(cmd, "type"));
    g_string_append(xml, "'>\n  <name>");
    svshXMLEscape(xml, svshOptRequired(cmd, "name"));
    g_string_append(xml, "</name>\n");
    for (size_t i = 0; i < G_N_ELEMENTS(source); i++) {
        if (svshOptString(ctl, cmd, source[i][0], &v) < 0)
            return NULL;
        if (!v)
            continue;
        if (!any)
            g_string_append(xml, "  <source>\n");
        any = true;
        g_string_append_printf(xml, "    %s", source[i][1]);
        svshXMLEscape(xml, v);
        g_string_append_printf(xml, "%s\n", source[i][2]);
    }
    if (any)
        g_string_append(xml, "  </source>\n");
    if (svshOptString(ctl, cmd, "target", &v) < 0)
        return NULL;
    if (v) {
        g_string_append(xml, "  <target>\n    <path>");
        svshXMLEscape(xml, v);
        g_string_append(xml, "</path>\n  </target>\n");
    }
    g_string_append(xml, "</pool>\n");
    return g_string_free(g_steal_pointer(&xml), FALSE);
}


static bool
cmdPoolDefineAs(svshControl *ctl, const svshCmd *cmd)
{
    g_autofree char *xml = svshPoolXML(ctl, cmd);
    virStoragePoolPtr pool;

    if (!xml)
        return false;
    if (svshOptBool(cmd, "print-xml")) {
        svshPrint(ctl, "%s", xml);
        return true;
    }
    if (!(pool = virStoragePoolDefineXML(ctl->conn, xml, 0))) {
        svshError(ctl, "Failed to define pool %s", svshOptRequired(cmd, "name"));
        return false;
    }
    svshPrint(ctl, "Pool %s defined\n", virStoragePoolGetName(pool));
    virStoragePoolFree(pool);
    return true;
}


/* ---- pool-build, pool-start, pool-destroy, pool-refresh, pool-undefine ---- */

/* What one pool action calls and says. */
typedef struct {
    const char *command;
    int (*call)(virStoragePoolPtr pool, unsigned int flags);
    const char *done;     /* "Pool NAME <done>" */
    const char *verb;     /* "Failed to <verb> pool NAME" */
} svshPoolAction;

static int svshPoolDestroy(virStoragePoolPtr p, unsigned int f G_GNUC_UNUSED)
{
    return virStoragePoolDestroy(p);
}

static int svshPoolUndefine(virStoragePoolPtr p, unsigned int f G_GNUC_UNUSED)
{
    return virStoragePoolUndefine(p);
}

static const svshPoolAction svshPoolActions[] = {
    { "pool-build", virStoragePoolBuild, "built", "build" },
    { "pool-start", virStoragePoolCreate, "started", "start" },
    { "pool-destroy", svshPoolDestroy, "destroyed", "destroy" },
    { "pool-refresh", virStoragePoolRefresh, "refreshed", "refresh" },
    { "pool-undefine", svshPoolUndefine, "has been undefined", "undefine" },
};


/* The build flags of --build, --overwrite and --no-overwrite. */
static unsigned int
svshPoolActionFlags(const svshCmd *cmd, bool start)
{
    bool over, noover;

    if (!svshCmdHasOpt(cmd, "overwrite"))
        return 0;
    over = svshOptBool(cmd, "overwrite");
    noover = svshOptBool(cmd, "no-overwrite");
    if (!start)
        return (over ? VIR_STORAGE_POOL_BUILD_OVERWRITE : 0) |
               (noover ? VIR_STORAGE_POOL_BUILD_NO_OVERWRITE : 0);
    return (svshOptBool(cmd, "build") ? VIR_STORAGE_POOL_CREATE_WITH_BUILD : 0) |
           (over ? VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE : 0) |
           (noover ? VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE : 0);
}


static bool
cmdPoolAction(svshControl *ctl, const svshCmd *cmd)
{
    const svshPoolAction *action = NULL;
    const char *name = NULL;
    virStoragePoolPtr pool;
    bool ok;

    for (size_t i = 0; i < G_N_ELEMENTS(svshPoolActions); i++) {
        if (strcmp(svshPoolActions[i].command, cmd->def->name) == 0)
            action = &svshPoolActions[i];
    }
    if (!action ||
        (svshCmdHasOpt(cmd, "overwrite") &&
         !svshOptExclusive(ctl, cmd, "overwrite", "no-overwrite")) ||
        !(pool = svshCommandPool(ctl, cmd, "pool", &name)))
        return false;
    ok = action->call(pool, svshPoolActionFlags(cmd, action->call == virStoragePoolCreate)) == 0;
    if (ok)
        svshPrint(ctl, "Pool %s %s\n", name, action->done);
    else
        svshError(ctl, "Failed to %s pool %s", action->verb, name);
    virStoragePoolFree(pool);
    return ok;
}


/* ---- the group ---- */

static const svshOptDef optsPoolList[] = {
    { "inactive", SVSH_OT_BOOL, 0, "only pools that are not started" },
    { "all", SVSH_OT_BOOL, 0, "started and stopped pools alike" },
    { "transient", SVSH_OT_BOOL, 0, "only pools without a lasting definition" },
    { "persistent", SVSH_OT_BOOL, 0, "only pools with a lasting definition" },
    { "autostart", SVSH_OT_BOOL, 0, "only pools started with the host" },
    { "no-autostart", SVSH_OT_BOOL, 0, "only pools not started with the host" },
    { "type", SVSH_OT_STRING, 0, "only pools of these types (comma-separated)" },
    { "details", SVSH_OT_BOOL, 0, "add persistence and size columns" },
    { "uuid", SVSH_OT_BOOL, 0, "print UUIDs only" },
    { "name", SVSH_OT_BOOL, 0, "print names only" },
    { NULL },
};

static const svshOptDef optsPoolInfo[] = {
    OPT_POOL,
    { "bytes", SVSH_OT_BOOL, 0, "sizes as plain numbers of bytes" },
    { NULL },
};

static const svshOptDef optsPoolDumpxml[] = {
    OPT_POOL,
    { "inactive", SVSH_OT_BOOL, 0, "the definition the pool will have when next started" },
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED | SVSH_OFLAG_EMPTY_OK,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the selected nodes inside one <nodes> element" },
    { NULL },
};

static const svshOptDef optsPoolDefineAs[] = {
    { "name", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the new pool's name" },
    { "type", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the kind of pool (snapvirt has 'dir')" },
    { "source-host", SVSH_OT_DATA, 0, "the host serving the storage" },
    { "source-path", SVSH_OT_DATA, 0, "the directory on that host" },
    { "source-dev", SVSH_OT_DATA, 0, "the device holding the storage" },
    { "source-name", SVSH_OT_DATA, 0, "the name of the storage at its source" },
    { "target", SVSH_OT_DATA, 0, "where the pool lives on this host (a directory)" },
    { "print-xml", SVSH_OT_BOOL, 0, "print the XML description instead of defining" },
    { NULL },
};

static const svshOptDef optsPoolBuild[] = {
    OPT_POOL,
    { "overwrite", SVSH_OT_BOOL, 0, "replace what is there already" },
    { "no-overwrite", SVSH_OT_BOOL, 0, "refuse to touch storage that exists already" },
    { NULL },
};

static const svshOptDef optsPoolStart[] = {
    OPT_POOL,
    { "build", SVSH_OT_BOOL, 0, "build the pool's storage first" },
    { "overwrite", SVSH_OT_BOOL, 0, "build it, replacing what is there" },
    { "no-overwrite", SVSH_OT_BOOL, 0, "build it unless it exists already" },
    { NULL },
};

static const svshOptDef optsPoolOnly[] = {
    OPT_POOL,
    { NULL },
};

const svshCmdDef svshPoolCmds[] = {
    { "pool-build", cmdPoolAction, optsPoolBuild,
      "create a pool's storage",
      "Creates what a pool needs on the host; for a dir pool, its directory.", 0 },
    { "pool-define-as", cmdPoolDefineAs, optsPoolDefineAs,
      "define a pool from options",
      "Writes a pool description from the options and defines the pool, inactive.", 0 },
    { "pool-destroy", cmdPoolAction, optsPoolOnly,
      "stop a pool",
      "Stops a started pool; its definition and its data stay.", 0 },
    { "pool-dumpxml", cmdPoolDumpxml, optsPoolDumpxml,
      "print the XML of a pool",
      "Prints the XML description of a pool, or the parts an XPath expression selects.", 0 },
    { "pool-info", cmdPoolInfo, optsPoolInfo,
      "summarise a pool",
      "Prints a pool's UUID, state, persistence and, when started, its sizes.", 0 },
    { "pool-list", cmdPoolList, optsPoolList,
      "list pools",
      "Lists the started pools, or those the filters select, as a table or as names.", 0 },
    { "pool-refresh", cmdPoolAction, optsPoolOnly,
      "rescan a pool",
      "Reads a started pool's volumes (and volume snapshots) from its storage again.", 0 },
    { "pool-start", cmdPoolAction, optsPoolStart,
      "start a pool",
      "Starts a defined pool, optionally building its storage first.", 0 },
    { "pool-undefine", cmdPoolAction, optsPoolOnly,
      "forget a pool",
      "Removes the definition of a pool; its data stays where it is.", 0 },
    { NULL },
};
