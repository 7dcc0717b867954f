/*
 * svsh-vol.c: the storage volume command group — vol-list, vol-info,
 * vol-dumpxml, vol-create-as, vol-delete, vol-path
 *
 * A volume is named as virsh names it: by name with --pool, or by key,
 * or by path (svshCommandVol).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-storage.h"

#define OPT_VOL SVSH_OPT_VOL("the volume, by name (with --pool), key or path")

static const char *const svshVolTypeNames[] = {
    "file", "block", "dir", "network", "netdir", "ploop",
};


static const char *
svshVolTypeName(int type)
{
    if (type < 0 || type >= (int)G_N_ELEMENTS(svshVolTypeNames))
        return "unknown";
    return svshVolTypeNames[type];
}


/* ---- vol-list ---- */

static gint
svshVolCompare(const void *a, const void *b)
{
    virStorageVolPtr va = *(virStorageVolPtr const *)a;
    virStorageVolPtr vb = *(virStorageVolPtr const *)b;

    return g_ascii_strcasecmp(virStorageVolGetName(va), virStorageVolGetName(vb));
}


/* Adds @vol's row: name, path (and type and sizes with @details). */
static void
svshVolRow(svshTable *table, virStorageVolPtr vol, bool details)
{
    g_autofree char *path = virStorageVolGetPath(vol);
    g_autofree char *cap = NULL;
    g_autofree char *alloc = NULL;
    virStorageVolInfo info;

    if (!details) {
        svshTableRow(table, virStorageVolGetName(vol), path ? path : "", NULL);
        return;
    }
    if (virStorageVolGetInfo(vol, &info) < 0) {
        svshTableRow(table, virStorageVolGetName(vol), path ? path : "", "unknown",
                     "unknown", "unknown", NULL);
        return;
    }
    cap = svshPrettyCapacity(info.capacity);
    alloc = svshPrettyCapacity(info.allocation);
    svshTableRow(table, virStorageVolGetName(vol), path ? path : "",
                 svshVolTypeName(info.type), cap, alloc, NULL);
}


static bool
cmdVolList(svshControl *ctl, const svshCmd *cmd)
{
    bool details = svshOptBool(cmd, "details");
    virStoragePoolPtr pool = svshCommandPool(ctl, cmd, "pool", NULL);
    g_autoptr(svshTable) table = NULL;
    virStorageVolPtr *vols = NULL;
    int n;

    if (!pool)
        return false;
    n = virStoragePoolListAllVolumes(pool, &vols, 0);
    virStoragePoolFree(pool);
    if (n < 0) {
        svshError(ctl, "%s", "Failed to list active vols");
        return false;
    }
    qsort(vols, n, sizeof(*vols), svshVolCompare);
    if (details)
        table = svshTableNew("Name", "Path", "Type", "Capacity", "Allocation", NULL);
    else
        table = svshTableNew("Name", "Path", NULL);
    for (int i = 0; i < n; i++) {
        svshVolRow(table, vols[i], details);
        virStorageVolFree(vols[i]);
    }
    free(vols);
    svshResetError(ctl);
    svshTablePrint(ctl, table);
    return true;
}


/* ---- vol-info, vol-path, vol-dumpxml ---- */

#define INFO(label, fmt, value) svshPrint(ctl, "%-15s " fmt "\n", label, value)

static void
svshVolInfoSize(svshControl *ctl, const char *label, unsigned long long bytes, bool raw)
{
    g_autofree char *pretty = NULL;

    if (raw) {
        INFO(label, "%llu bytes", bytes);
        return;
    }
    pretty = svshPrettyCapacity(bytes);
    INFO(label, "%s", pretty);
}


static bool
cmdVolInfo(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolPtr vol = svshCommandVol(ctl, cmd, NULL);
    bool raw = svshOptBool(cmd, "bytes");
    virStorageVolInfo info;
    bool ok;

    if (!vol)
        return false;
    INFO("Name:", "%s", virStorageVolGetName(vol));
    if ((ok = virStorageVolGetInfo(vol, &info) == 0)) {
        INFO("Type:", "%s", svshVolTypeName(info.type));
        svshVolInfoSize(ctl, "Capacity:", info.capacity, raw);
        svshVolInfoSize(ctl, "Allocation:", info.allocation, raw);
    }
    virStorageVolFree(vol);
    return ok;
}
#undef INFO


static bool
cmdVolPath(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolPtr vol = svshCommandVol(ctl, cmd, NULL);
    g_autofree char *path = NULL;

    if (!vol)
        return false;
    if ((path = virStorageVolGetPath(vol)))
        svshPrint(ctl, "%s\n", path);
    virStorageVolFree(vol);
    return path != NULL;
}


static bool
cmdVolDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    const char *xpath = NULL;
    g_autofree char *xml = NULL;
    virStorageVolPtr vol;

    /* An empty --xpath fails without a word, as in virsh. */
    if (svshOptString(ctl, cmd, "xpath", &xpath) > 0 && !*xpath)
        return false;
    if (!(vol = svshCommandVol(ctl, cmd, NULL)))
        return false;
    xml = virStorageVolGetXMLDesc(vol, 0);
    virStorageVolFree(vol);
    return xml && svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- vol-create-as ---- */

/* The path of the backing volume @name: by name in @pool, key or path. */
static char *
svshBackingPath(svshControl *ctl, virStoragePoolPtr pool, const char *name)
{
    virStorageVolPtr vol = virStorageVolLookupByName(pool, name);
    char *path;

    if (!vol)
        vol = virStorageVolLookupByKey(ctl->conn, name);
    if (!vol)
        vol = virStorageVolLookupByPath(ctl->conn, name);
    if (!vol) {
        svshError(ctl, "failed to get vol '%s'", name);
        return NULL;
    }
    path = virStorageVolGetPath(vol);
    virStorageVolFree(vol);
    return path;
}


/* Appends "<TAG>VALUE</TAG>" escaped, or <TAG ATTR='VALUE'/>, indented. */
static void
svshVolXMLAdd(GString *xml, int indent, const char *start, const char *value,
              const char *end)
{
    g_string_append_printf(xml, "%*s%s", indent, "", start);
    svshXMLEscape(xml, value);
    g_string_append_printf(xml, "%s\n", end);
}


/* The <volume> description of vol-create-as's options. */
static char *
svshVolCreateXML(svshControl *ctl, const svshCmd *cmd, virStoragePoolPtr pool)
{
    g_autoptr(GString) xml = g_string_new("<volume>\n");
    g_autofree char *backing = NULL;
    const char *format = NULL, *bvol = NULL, *bformat = NULL, *alloc = NULL;
    unsigned long long capacity, allocation;

    if (svshOptString(ctl, cmd, "format", &format) < 0 ||
        svshOptString(ctl, cmd, "backing-vol", &bvol) < 0 ||
        svshOptString(ctl, cmd, "backing-vol-format", &bformat) < 0 ||
        svshOptString(ctl, cmd, "allocation", &alloc) < 0 ||
        !svshParseSize(ctl, svshOptRequired(cmd, "capacity"), &capacity) ||
        (alloc && !svshParseSize(ctl, alloc, &allocation)))
        return NULL;
    if (bvol && !(backing = svshBackingPath(ctl, pool, bvol)))
        return NULL;
    svshVolXMLAdd(xml, 2, "<name>", svshOptRequired(cmd, "name"), "</name>");
    g_string_append_printf(xml, "  <capacity>%llu</capacity>\n", capacity);
    if (alloc)
        g_string_append_printf(xml, "  <allocation>%llu</allocation>\n", allocation);
    if (format) {
        g_string_append(xml, "  <target>\n");
        svshVolXMLAdd(xml, 4, "<format type='", format, "'/>");
        g_string_append(xml, "  </target>\n");
    }
    if (backing) {
        g_string_append(xml, "  <backingStore>\n");
        svshVolXMLAdd(xml, 4, "<path>", backing, "</path>");
        if (bformat)
            svshVolXMLAdd(xml, 4, "<format type='", bformat, "'/>");
        g_string_append(xml, "  </backingStore>\n");
    }
    g_string_append(xml, "</volume>\n");
    return g_string_free(g_steal_pointer(&xml), FALSE);
}


static bool
cmdVolCreateAs(svshControl *ctl, const svshCmd *cmd)
{
    const char *name = svshOptRequired(cmd, "name");
    virStoragePoolPtr pool = svshCommandPool(ctl, cmd, "pool", NULL);
    unsigned int flags = 0;
    g_autofree char *xml = NULL;
    virStorageVolPtr vol = NULL;
    bool ok = false;

    if (!pool)
        return false;
    if (svshOptBool(cmd, "prealloc-metadata"))
        flags |= VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
    if ((xml = svshVolCreateXML(ctl, cmd, pool))) {
        if (svshOptBool(cmd, "print-xml")) {
            svshPrint(ctl, "%s", xml);
            ok = true;
        } else if ((vol = virStorageVolCreateXML(pool, xml, flags))) {
            svshPrint(ctl, "Vol %s created\n", name);
            virStorageVolFree(vol);
            ok = true;
        } else {
            svshError(ctl, "Failed to create vol %s", name);
        }
    }
    virStoragePoolFree(pool);
    return ok;
}


/* ---- vol-delete ---- */

static bool
cmdVolDelete(svshControl *ctl, const svshCmd *cmd)
{
    const char *name = NULL;
    virStorageVolPtr vol = svshCommandVol(ctl, cmd, &name);
    unsigned int flags = 0;
    bool ok;

    if (!vol)
        return false;
    if (svshOptBool(cmd, "delete-snapshots"))
        flags |= VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS;
    if ((ok = virStorageVolDelete(vol, flags) == 0))
        svshPrint(ctl, "Vol %s deleted\n", name);
    else
        svshError(ctl, "Failed to delete vol %s", name);
    virStorageVolFree(vol);
    return ok;
}


/* ---- the group ---- */

static const svshOptDef optsVolList[] = {
    { "pool", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the pool, by name or UUID", svshCompletePools },
    { "details", SVSH_OT_BOOL, 0, "add type and size columns" },
    { NULL },
};

static const svshOptDef optsVolInfo[] = {
    OPT_VOL,
    SVSH_OPT_VOL_POOL,
    { "bytes", SVSH_OT_BOOL, 0, "sizes as plain numbers of bytes" },
    { NULL },
};

static const svshOptDef optsVolDumpxml[] = {
    OPT_VOL,
    SVSH_OPT_VOL_POOL,
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED | SVSH_OFLAG_EMPTY_OK,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the selected nodes inside one <nodes> element" },
    { NULL },
};

static const svshOptDef optsVolCreateAs[] = {
    { "pool", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the pool to create it in", svshCompletePools },
    { "name", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the new volume's name" },
    { "capacity", SVSH_OT_DATA, SVSH_OFLAG_REQ,
      "its size as the guest sees it, a number with an optional unit (k, M, GiB, ...)" },
    { "allocation", SVSH_OT_STRING, 0, "how much to allocate up front, with an optional unit" },
    { "format", SVSH_OT_STRING, 0, "the image format: raw or qcow2" },
    { "backing-vol", SVSH_OT_STRING, 0,
      "a volume (name in the same pool, key or path) the new one starts as a copy-on-write "
      "layer on" },
    { "backing-vol-format", SVSH_OT_STRING, 0, "the format of that backing volume" },
    { "prealloc-metadata", SVSH_OT_BOOL, 0, "allocate qcow2 metadata up front" },
    { "print-xml", SVSH_OT_BOOL, 0, "print the XML description instead of creating" },
    { NULL },
};

static const svshOptDef optsVolDelete[] = {
    OPT_VOL,
    SVSH_OPT_VOL_POOL,
    { "delete-snapshots", SVSH_OT_BOOL, 0, "delete the volume's snapshots with it" },
    { NULL },
};

static const svshOptDef optsVolPath[] = {
    OPT_VOL,
    SVSH_OPT_VOL_POOL,
    { NULL },
};

const svshCmdDef svshVolCmds[] = {
    { "vol-create-as", cmdVolCreateAs, optsVolCreateAs,
      "create a volume from options",
      "Writes a volume description from the options and creates the volume in a pool.", 0 },
    { "vol-delete", cmdVolDelete, optsVolDelete,
      "delete a volume",
      "Deletes a volume and its data; a volume with snapshots only with "
      "--delete-snapshots.", 0 },
    { "vol-dumpxml", cmdVolDumpxml, optsVolDumpxml,
      "print the XML of a volume",
      "Prints the XML description of a volume, or the parts an XPath expression selects.",
      0 },
    { "vol-info", cmdVolInfo, optsVolInfo,
      "summarise a volume",
      "Prints a volume's type, capacity and allocation.", 0 },
    { "vol-list", cmdVolList, optsVolList,
      "list the volumes of a pool",
      "Lists a pool's volumes and their paths (with --details, types and sizes).", 0 },
    { "vol-path", cmdVolPath, optsVolPath,
      "print the path of a volume",
      "Prints the file name under which the host reaches a volume.", 0 },
    { NULL },
};
