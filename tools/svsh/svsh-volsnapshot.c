/*
 * svsh-volsnapshot.c: the volume snapshot command group —
 * vol-snapshot-create-as, vol-snapshot-current, vol-snapshot-info,
 * vol-snapshot-parent, vol-snapshot-dumpxml, vol-snapshot-revert,
 * vol-snapshot-delete, vol-snapshot-export (vol-snapshot-list lives in
 * svsh-volsnapshot-list.c)
 *
 * snapvirt's own commands (libvirt has no volume snapshots): they name
 * the volume as the vol-* commands do (name with --pool, key or path),
 * then the snapshot, and speak as the domain snapshot commands speak.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-storage.h"

#define OPT_VOL SVSH_OPT_VOL("the volume, by name (with --pool), key or path")
#define OPT_SNAP(help) \
    { "snapshotname", SVSH_OT_STRING, 0, help, svshCompleteVolSnapshots }
#define OPT_CURRENT(help) { "current", SVSH_OT_BOOL, 0, help }

/* The volume and snapshot a command names; false after reporting. */
static bool
svshVolSnapLookup(svshControl *ctl, const svshCmd *cmd, virStorageVolPtr *vol,
                  virStorageVolSnapshotPtr *snap)
{
    *snap = NULL;
    if (!(*vol = svshCommandVol(ctl, cmd, NULL)))
        return false;
    if ((*snap = svshCommandVolSnapshot(ctl, cmd, "snapshotname", *vol)))
        return true;
    virStorageVolFree(*vol);
    *vol = NULL;
    return false;
}


static void
svshVolSnapRelease(virStorageVolPtr vol, virStorageVolSnapshotPtr snap)
{
    if (snap)
        virStorageVolSnapshotFree(snap);
    if (vol)
        virStorageVolFree(vol);
}


/* ---- vol-snapshot-create-as ---- */

static char *
svshVolSnapXML(const svshCmd *cmd)
{
    g_autoptr(GString) xml = g_string_new("<volsnapshot>\n  <name>");
    const char *desc = NULL;

    svshXMLEscape(xml, svshOptRequired(cmd, "name"));
    g_string_append(xml, "</name>\n");
    if (svshOptStringQuiet(cmd, "description", &desc) > 0) {
        g_string_append(xml, "  <description>");
        svshXMLEscape(xml, desc);
        g_string_append(xml, "</description>\n");
    }
    if (svshOptBool(cmd, "external"))
        g_string_append(xml, "  <type>external</type>\n");
    g_string_append(xml, "</volsnapshot>\n");
    return g_string_free(g_steal_pointer(&xml), FALSE);
}


static bool
cmdVolSnapshotCreateAs(svshControl *ctl, const svshCmd *cmd)
{
    g_autofree char *xml = svshVolSnapXML(cmd);
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol;

    if (svshOptBool(cmd, "print-xml")) {
        svshPrint(ctl, "%s\n", xml);
        return true;
    }
    if (!(vol = svshCommandVol(ctl, cmd, NULL)))
        return false;
    snap = virStorageVolSnapshotCreateXML(vol, xml, 0);
    virStorageVolFree(vol);
    if (!snap)
        return false;
    svshPrintExtra(ctl, "Volume snapshot %s created", virStorageVolSnapshotGetName(snap));
    virStorageVolSnapshotFree(snap);
    return true;
}


/* ---- vol-snapshot-current ---- */

static bool
cmdVolSnapshotCurrent(svshControl *ctl, const svshCmd *cmd)
{
    const char *volname = NULL;
    virStorageVolPtr vol = svshCommandVol(ctl, cmd, &volname);
    virStorageVolSnapshotPtr snap = NULL;
    g_autofree char *xml = NULL;
    bool ok = false;
    int has;

    if (!vol)
        return false;
    if ((has = virStorageVolHasCurrentSnapshot(vol, 0)) == 0)
        svshError(ctl, "volume '%s' has no current snapshot", volname);
    if (has > 0 && (snap = virStorageVolSnapshotCurrent(vol, 0))) {
        if ((ok = svshOptBool(cmd, "name")))
            svshPrint(ctl, "%s", virStorageVolSnapshotGetName(snap));
        else if ((ok = (xml = virStorageVolSnapshotGetXMLDesc(snap, 0)) != NULL))
            svshPrint(ctl, "%s", xml);
    }
    svshVolSnapRelease(vol, snap);
    return ok;
}


/* ---- vol-snapshot-info ---- */

#define INFO(label, fmt, value) svshPrint(ctl, "%-15s " fmt "\n", label, value)

/* Whether @snap is its volume's current snapshot. */
static bool
svshVolSnapIsCurrent(svshControl *ctl, virStorageVolPtr vol, virStorageVolSnapshotPtr snap)
{
    virStorageVolSnapshotPtr cur = NULL;
    bool is = false;

    if (virStorageVolHasCurrentSnapshot(vol, 0) > 0 &&
        (cur = virStorageVolSnapshotCurrent(vol, 0))) {
        is = strcmp(virStorageVolSnapshotGetName(cur), virStorageVolSnapshotGetName(snap)) == 0;
        virStorageVolSnapshotFree(cur);
    }
    svshResetError(ctl);
    return is;
}


/* The number of @snap's children (with @flags DESCENDANTS, descendants). */
static int
svshVolSnapCount(virStorageVolSnapshotPtr snap, unsigned int flags)
{
    virStorageVolSnapshotPtr *list = NULL;
    int n = virStorageVolSnapshotListAllChildren(snap, &list, flags);

    for (int i = 0; i < n; i++)
        virStorageVolSnapshotFree(list[i]);
    free(list);
    return n;
}


/* Prints what the XML says: type, parent, creation time, description. */
static bool
svshVolSnapInfoXML(svshControl *ctl, virStorageVolSnapshotPtr snap)
{
    g_autofree char *xml = virStorageVolSnapshotGetXMLDesc(snap, 0);
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlDoc) doc = xml ? svshXMLParse(ctl, xml, &ctxt) : NULL;
    g_autofree char *type = NULL;
    g_autofree char *parent = NULL;
    g_autofree char *created = NULL;
    g_autofree char *when = NULL;
    g_autofree char *desc = NULL;

    if (!doc)
        return false;
    type = svshXPathString(ctxt, "string(/volsnapshot/type)");
    parent = svshXPathString(ctxt, "string(/volsnapshot/parent/name)");
    created = svshXPathString(ctxt, "string(/volsnapshot/creationTime)");
    desc = svshXPathString(ctxt, "string(/volsnapshot/description)");
    if (created)
        when = svshFormatTime(g_ascii_strtoll(created, NULL, 10));
    INFO("Location:", "%s", type ? type : "internal");
    INFO("Parent:", "%s", parent ? parent : "-");
    INFO("Created:", "%s", when ? when : "-");
    INFO("Description:", "%s", desc ? desc : "-");
    return true;
}


static bool
cmdVolSnapshotInfo(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol;
    int children, descendants;
    bool ok = false;

    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    INFO("Name:", "%s", virStorageVolSnapshotGetName(snap));
    INFO("Volume:", "%s", virStorageVolGetName(vol));
    INFO("Current:", "%s", svshVolSnapIsCurrent(ctl, vol, snap) ? "yes" : "no");
    if (svshVolSnapInfoXML(ctl, snap) &&
        (children = svshVolSnapCount(snap, 0)) >= 0 &&
        (descendants = svshVolSnapCount(snap, VIR_STORAGE_VOL_SNAPSHOT_LIST_DESCENDANTS)) >= 0) {
        INFO("Children:", "%d", children);
        INFO("Descendants:", "%d", descendants);
        ok = true;
    }
    svshVolSnapRelease(vol, snap);
    return ok;
}
#undef INFO


/* ---- vol-snapshot-parent ---- */

static bool
cmdVolSnapshotParent(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolSnapshotPtr snap, parent = NULL;
    virStorageVolPtr vol;
    virErrorPtr err;

    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    if ((parent = virStorageVolSnapshotGetParent(snap, 0))) {
        svshPrint(ctl, "%s", virStorageVolSnapshotGetName(parent));
        virStorageVolSnapshotFree(parent);
    } else if ((err = virGetLastError()) && err->code == VIR_ERR_NO_STORAGE_VOL) {
        svshResetError(ctl);
        svshError(ctl, "snapshot '%s' has no parent", virStorageVolSnapshotGetName(snap));
    }
    svshVolSnapRelease(vol, snap);
    return parent != NULL;
}


/* ---- vol-snapshot-dumpxml ---- */

static bool
cmdVolSnapshotDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    const char *xpath = NULL;
    g_autofree char *xml = NULL;
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol;

    /* An empty --xpath fails without a word, as snapshot-dumpxml does. */
    if (svshOptString(ctl, cmd, "xpath", &xpath) > 0 && !*xpath)
        return false;
    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    xml = virStorageVolSnapshotGetXMLDesc(snap, 0);
    svshVolSnapRelease(vol, snap);
    return xml && svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- vol-snapshot-revert ---- */

static bool
cmdVolSnapshotRevert(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol;
    bool ok;

    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    if ((ok = virStorageVolRevertToSnapshot(snap, 0) == 0))
        svshPrintExtra(ctl, "Volume snapshot %s reverted\n", virStorageVolSnapshotGetName(snap));
    else
        svshError(ctl, "Failed to revert snapshot %s", virStorageVolSnapshotGetName(snap));
    svshVolSnapRelease(vol, snap);
    return ok;
}


/* ---- vol-snapshot-delete ---- */

static bool
cmdVolSnapshotDelete(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol;
    unsigned int flags = 0;
    bool ok;

    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    if (svshOptBool(cmd, "children"))
        flags |= VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN;
    if (svshOptBool(cmd, "children-only"))
        flags |= VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY;
    if (svshOptBool(cmd, "metadata"))
        flags |= VIR_STORAGE_VOL_SNAPSHOT_DELETE_METADATA_ONLY;
    if ((ok = virStorageVolSnapshotDelete(snap, flags) == 0))
        svshPrintExtra(ctl, "Volume snapshot %s %sdeleted\n", virStorageVolSnapshotGetName(snap),
                       flags & VIR_STORAGE_VOL_SNAPSHOT_DELETE_CHILDREN_ONLY ? "children " : "");
    else
        svshError(ctl, "Failed to delete snapshot %s", virStorageVolSnapshotGetName(snap));
    svshVolSnapRelease(vol, snap);
    return ok;
}


/* ---- vol-snapshot-export ---- */

/* The <volume> description of the new volume: its name and format. */
static char *
svshVolSnapExportXML(const svshCmd *cmd)
{
    g_autoptr(GString) xml = g_string_new("<volume>\n  <name>");
    const char *format = NULL;

    svshXMLEscape(xml, svshOptRequired(cmd, "dest"));
    g_string_append(xml, "</name>\n");
    if (svshOptStringQuiet(cmd, "format", &format) > 0) {
        g_string_append(xml, "  <target>\n    <format type='");
        svshXMLEscape(xml, format);
        g_string_append(xml, "'/>\n  </target>\n");
    }
    g_string_append(xml, "</volume>\n");
    return g_string_free(g_steal_pointer(&xml), FALSE);
}


static bool
cmdVolSnapshotExport(svshControl *ctl, const svshCmd *cmd)
{
    g_autofree char *xml = svshVolSnapExportXML(cmd);
    virStorageVolSnapshotPtr snap;
    virStorageVolPtr vol, made;

    if (!svshVolSnapLookup(ctl, cmd, &vol, &snap))
        return false;
    if ((made = virStorageVolSnapshotExport(snap, xml, 0))) {
        g_autofree char *path = virStorageVolGetPath(made);

        svshPrintExtra(ctl, "Volume snapshot %s exported to %s\n",
                       virStorageVolSnapshotGetName(snap), path ? path : svshOptRequired(cmd, "dest"));
        virStorageVolFree(made);
    } else {
        svshError(ctl, "Failed to export snapshot %s", virStorageVolSnapshotGetName(snap));
    }
    svshVolSnapRelease(vol, snap);
    return made != NULL;
}


/* ---- the group ---- */

static const svshOptDef optsVolSnapshotCreateAs[] = {
    OPT_VOL,
    { "name", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the new snapshot's name (unique in the pool)" },
    { "description", SVSH_OT_STRING, 0, "a free-form description" },
    SVSH_OPT_VOL_POOL,
    { "external", SVSH_OT_BOOL, 0,
      "freeze the data so far in a file of its own (default: inside the qcow2 image)" },
    { "print-xml", SVSH_OT_BOOL, 0, "print the XML description instead of taking it" },
    { NULL },
};

static const svshOptDef optsVolSnapshotCurrent[] = {
    OPT_VOL,
    SVSH_OPT_VOL_POOL,
    { "name", SVSH_OT_BOOL, 0, "print only the snapshot's name, not its XML" },
    { NULL },
};

static const svshOptDef optsVolSnapshotInfo[] = {
    OPT_VOL,
    OPT_SNAP("the snapshot to describe"),
    SVSH_OPT_VOL_POOL,
    OPT_CURRENT("describe the current snapshot"),
    { NULL },
};

static const svshOptDef optsVolSnapshotParent[] = {
    OPT_VOL,
    OPT_SNAP("the snapshot whose parent to print"),
    SVSH_OPT_VOL_POOL,
    OPT_CURRENT("print the parent of the current snapshot"),
    { NULL },
};

static const svshOptDef optsVolSnapshotDumpxml[] = {
    OPT_VOL,
    { "snapshotname", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the snapshot to print",
      svshCompleteVolSnapshots },
    SVSH_OPT_VOL_POOL,
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED | SVSH_OFLAG_EMPTY_OK,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the selected nodes inside one <nodes> element" },
    { NULL },
};

static const svshOptDef optsVolSnapshotRevert[] = {
    OPT_VOL,
    OPT_SNAP("the snapshot to go back to"),
    SVSH_OPT_VOL_POOL,
    OPT_CURRENT("go back to the current snapshot"),
    { NULL },
};

static const svshOptDef optsVolSnapshotDelete[] = {
    OPT_VOL,
    OPT_SNAP("the snapshot to delete"),
    SVSH_OPT_VOL_POOL,
    OPT_CURRENT("delete the current snapshot"),
    { "children", SVSH_OT_BOOL, 0, "delete its descendants as well" },
    { "children-only", SVSH_OT_BOOL, 0, "delete only its descendants, keeping it" },
    { "metadata", SVSH_OT_BOOL, 0, "forget only the metadata, keep the data in the images" },
    { NULL },
};

static const svshOptDef optsVolSnapshotExport[] = {
    OPT_VOL,
    { "snapshotname", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the snapshot whose data to copy",
      svshCompleteVolSnapshots },
    { "dest", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the name of the new volume (in the same pool)" },
    SVSH_OPT_VOL_POOL,
    { "format", SVSH_OT_STRING, 0, "the new volume's format: raw (default) or qcow2" },
    { NULL },
};

const svshCmdDef svshVolSnapshotCmds[] = {
    { "vol-snapshot-create-as", cmdVolSnapshotCreateAs, optsVolSnapshotCreateAs,
      "take a snapshot of a volume",
      "Takes a snapshot of a volume's data, a child of its current snapshot, and makes "
      "it current.", 0 },
    { "vol-snapshot-current", cmdVolSnapshotCurrent, optsVolSnapshotCurrent,
      "print the current snapshot of a volume",
      "Prints the XML (or the name) of the snapshot the next one will be a child of.", 0 },
    { "vol-snapshot-delete", cmdVolSnapshotDelete, optsVolSnapshotDelete,
      "delete a volume snapshot",
      "Deletes a snapshot (its children keep their data and move to its parent), its "
      "subtree, or only metadata.", 0 },
    { "vol-snapshot-dumpxml", cmdVolSnapshotDumpxml, optsVolSnapshotDumpxml,
      "print the XML of a volume snapshot",
      "Prints the <volsnapshot> description of a snapshot, or the parts an XPath "
      "expression selects.", 0 },
    { "vol-snapshot-export", cmdVolSnapshotExport, optsVolSnapshotExport,
      "copy a volume snapshot into a new volume",
      "Creates a standalone volume in the same pool holding the data of a snapshot.", 0 },
    { "vol-snapshot-info", cmdVolSnapshotInfo, optsVolSnapshotInfo,
      "summarise a volume snapshot",
      "Prints a snapshot's volume, location, parent, creation time, description and "
      "child counts.", 0 },
    { "vol-snapshot-list", svshCmdVolSnapshotList, svshOptsVolSnapshotList,
      "list the snapshots of a volume",
      "Lists a volume's snapshots as a table, as names or as a tree, optionally "
      "filtered.", 0 },
    { "vol-snapshot-parent", cmdVolSnapshotParent, optsVolSnapshotParent,
      "print the parent of a volume snapshot",
      "Prints the name of the snapshot a snapshot was taken after.", 0 },
    { "vol-snapshot-revert", cmdVolSnapshotRevert, optsVolSnapshotRevert,
      "revert a volume to a snapshot",
      "Puts a volume's data back as a snapshot captured it; what was written since is "
      "lost.", 0 },
    { NULL },
};
