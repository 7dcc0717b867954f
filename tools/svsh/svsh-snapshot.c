/*
 * svsh-snapshot.c: the snapshot command group — its table, the helpers
 * its commands share, and the commands that look at or act on one
 * snapshot: snapshot-current, snapshot-info, snapshot-parent,
 * snapshot-dumpxml, snapshot-revert, snapshot-delete
 *
 * Creation, listing and editing live in svsh-snapshot-create.c,
 * svsh-snapshot-list.c and svsh-snapshot-edit.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "svsh-snapshot.h"
#include "svsh-cmds.h"

#define OPT_DOMAIN SVSH_OPT_DOMAIN("the domain, by name, id or UUID")
#define OPT_CURRENT(help) { "current", SVSH_OT_BOOL, 0, help }


/* ---- shared helpers ---- */

virDomainSnapshotPtr
svshLookupSnapshot(svshControl *ctl, const svshCmd *cmd, const char *optname,
                   bool exclusive, virDomainPtr dom)
{
    bool current = svshOptBool(cmd, "current");
    const char *name = NULL;
    virDomainSnapshotPtr snap;

    if (svshOptString(ctl, cmd, optname, &name) < 0)
        return NULL;
    if (exclusive && current && name) {
        svshError(ctl, "--%s and --current are mutually exclusive", optname);
        return NULL;
    }
    if (name) {
        snap = virDomainSnapshotLookupByName(dom, name, 0);
    } else if (current) {
        snap = virDomainSnapshotCurrent(dom, 0);
    } else {
        svshError(ctl, "--%s or --current is required", optname);
        return NULL;
    }
    if (!snap)
        svshReportError(ctl);
    return snap;
}


bool
svshSnapshotParentName(svshControl *ctl, virDomainSnapshotPtr snap, char **parent)
{
    virDomainSnapshotPtr p = virDomainSnapshotGetParent(snap, 0);
    virErrorPtr err;

    *parent = NULL;
    if (p) {
        *parent = g_strdup(virDomainSnapshotGetName(p));
        virDomainSnapshotFree(p);
        return true;
    }
    /* "No such snapshot" is the answer for a root, not a failure. */
    err = virGetLastError();
    if (err && err->code == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
        svshResetError(ctl);
        return true;
    }
    svshReportError(ctl);
    svshError(ctl, "%s", "unable to determine if snapshot has parent");
    return false;
}


xmlDocPtr
svshSnapshotXML(svshControl *ctl, virDomainSnapshotPtr snap, unsigned int flags,
                xmlXPathContextPtr *ctxt)
{
    g_autofree char *xml = virDomainSnapshotGetXMLDesc(snap, flags);

    if (!xml)
        return NULL;
    return svshXMLParse(ctl, xml, ctxt);
}


/* ---- snapshot-current ---- */

/* Makes @name current without reverting: its metadata redefined as the
 * current snapshot (disk-only snapshots must say so to be redefined). */
static bool
svshSnapshotSetCurrent(svshControl *ctl, virDomainPtr dom, const char *name)
{
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
    virDomainSnapshotPtr redefined = NULL;
    g_autofree char *xml = NULL;

    if (snap && (xml = virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE))) {
        if (strstr(xml, "<state>disk-snapshot</state>"))
            flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
        redefined = virDomainSnapshotCreateXML(dom, xml, flags);
    }
    if (redefined)
        svshPrintExtra(ctl, "Snapshot %s set as current", name);
    if (redefined)
        virDomainSnapshotFree(redefined);
    if (snap)
        virDomainSnapshotFree(snap);
    return redefined != NULL;
}


static bool
svshSnapshotShowCurrent(svshControl *ctl, const svshCmd *cmd, virDomainPtr dom,
                        const char *domname)
{
    unsigned int flags = svshOptBool(cmd, "security-info") ? VIR_DOMAIN_SNAPSHOT_XML_SECURE : 0;
    virDomainSnapshotPtr snap;
    g_autofree char *xml = NULL;
    int has = virDomainHasCurrentSnapshot(dom, 0);
    bool ok;

    if (has < 0)
        return false;
    if (has == 0) {
        svshError(ctl, "domain '%s' has no current snapshot", domname);
        return false;
    }
    if (!(snap = virDomainSnapshotCurrent(dom, 0)))
        return false;
    if ((ok = svshOptBool(cmd, "name")))
        svshPrint(ctl, "%s", virDomainSnapshotGetName(snap));
    else if ((ok = (xml = virDomainSnapshotGetXMLDesc(snap, flags)) != NULL))
        svshPrint(ctl, "%s", xml);
    virDomainSnapshotFree(snap);
    return ok;
}


static bool
cmdSnapshotCurrent(svshControl *ctl, const svshCmd *cmd)
{
    const char *domname = NULL;
    const char *snapname = NULL;
    virDomainPtr dom;
    bool ok = false;

    if (!svshOptExclusive(ctl, cmd, "name", "snapshotname"))
        return false;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &domname)))
        return false;
    if (svshOptString(ctl, cmd, "snapshotname", &snapname) >= 0) {
        ok = snapname ? svshSnapshotSetCurrent(ctl, dom, snapname) :
                        svshSnapshotShowCurrent(ctl, cmd, dom, domname);
    }
    virDomainFree(dom);
    return ok;
}


/* ---- snapshot-info ---- */

#define INFO(label, fmt, value) svshPrint(ctl, "%-15s " fmt "\n", label, value)

/* Whether @snap is current; the current snapshot's name decides when the
 * library cannot say directly. */
static bool
svshSnapshotIsCurrent(svshControl *ctl, virDomainPtr dom, virDomainSnapshotPtr snap)
{
    int current = virDomainSnapshotIsCurrent(snap, 0);
    virDomainSnapshotPtr other;

    if (current >= 0)
        return current > 0;
    svshResetError(ctl);
    if (!(other = virDomainSnapshotCurrent(dom, 0))) {
        svshResetError(ctl);
        return false;
    }
    current = strcmp(virDomainSnapshotGetName(other), virDomainSnapshotGetName(snap)) == 0;
    virDomainSnapshotFree(other);
    return current;
}


/* Prints State, Location and Parent from the snapshot's XML. */
static bool
svshSnapshotInfoXML(svshControl *ctl, virDomainSnapshotPtr snap)
{
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlDoc) doc = svshSnapshotXML(ctl, snap, 0, &ctxt);
    g_autofree char *state = NULL;
    g_autofree char *parent = NULL;
    xmlXPathObjectPtr obj;
    bool external;

    if (!doc)
        return false;
    if (!(state = svshXPathString(ctxt, "string(/domainsnapshot/state)"))) {
        svshError(ctl, "%s", "unexpected problem reading snapshot xml");
        return false;
    }
    INFO("State:", "%s", state);

    /* With a <memory> element, any external memory or disk makes the
     * snapshot external; without one (older metadata), only disk-only
     * snapshots were. */
    obj = xmlXPathEval(BAD_CAST "boolean(/domainsnapshot/memory)", ctxt);
    if (obj && xmlXPathCastToBoolean(obj)) {
        xmlXPathFreeObject(obj);
        obj = xmlXPathEval(BAD_CAST "boolean(/domainsnapshot/memory[@snapshot='external'] | "
                                    "/domainsnapshot/disks/disk[@snapshot='external'])", ctxt);
        external = obj && xmlXPathCastToBoolean(obj);
    } else {
        external = strcmp(state, "disk-snapshot") == 0;
    }
    xmlXPathFreeObject(obj);
    INFO("Location:", "%s", external ? "external" : "internal");

    parent = svshXPathString(ctxt, "string(/domainsnapshot/parent/name)");
    INFO("Parent:", "%s", parent ? parent : "-");
    return true;
}


/* Prints Children, Descendants and Metadata. */
static bool
svshSnapshotInfoCounts(svshControl *ctl, virDomainPtr dom, virDomainSnapshotPtr snap)
{
    int count = virDomainSnapshotNumChildren(snap, 0);
    int metadata;
    virErrorPtr err;

    if (count < 0) {
        /* Without child listing there is nothing more to say. */
        err = virGetLastError();
        if (err && err->code == VIR_ERR_NO_SUPPORT) {
            svshResetError(ctl);
            return true;
        }
        return false;
    }
    INFO("Children:", "%d", count);
    if ((count = virDomainSnapshotNumChildren(snap, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS)) < 0)
        return false;
    INFO("Descendants:", "%d", count);

    if ((metadata = virDomainSnapshotHasMetadata(snap, 0)) < 0) {
        metadata = virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
        svshResetError(ctl);
    }
    if (metadata >= 0)
        INFO("Metadata:", "%s", metadata ? "yes" : "no");
    return true;
}


static bool
cmdSnapshotInfo(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    virDomainSnapshotPtr snap = NULL;
    bool ok = false;

    if (!dom)
        return false;
    if ((snap = svshLookupSnapshot(ctl, cmd, "snapshotname", true, dom))) {
        INFO("Name:", "%s", virDomainSnapshotGetName(snap));
        INFO("Domain:", "%s", virDomainGetName(dom));
        INFO("Current:", "%s", svshSnapshotIsCurrent(ctl, dom, snap) ? "yes" : "no");
        ok = svshSnapshotInfoXML(ctl, snap) && svshSnapshotInfoCounts(ctl, dom, snap);
        virDomainSnapshotFree(snap);
    }
    virDomainFree(dom);
    return ok;
}
#undef INFO


/* ---- snapshot-parent ---- */

static bool
cmdSnapshotParent(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    virDomainSnapshotPtr snap = NULL;
    g_autofree char *parent = NULL;
    bool ok = false;

    if (!dom)
        return false;
    if ((snap = svshLookupSnapshot(ctl, cmd, "snapshotname", true, dom)) &&
        svshSnapshotParentName(ctl, snap, &parent)) {
        if (parent)
            svshPrint(ctl, "%s", parent);
        else
            svshError(ctl, "snapshot '%s' has no parent", virDomainSnapshotGetName(snap));
        ok = parent != NULL;
    }
    if (snap)
        virDomainSnapshotFree(snap);
    virDomainFree(dom);
    return ok;
}


/* ---- snapshot-dumpxml ---- */

static bool
cmdSnapshotDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    unsigned int flags = svshOptBool(cmd, "security-info") ? VIR_DOMAIN_SNAPSHOT_XML_SECURE : 0;
    const char *name = NULL;
    const char *xpath = NULL;
    virDomainSnapshotPtr snap = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (svshOptString(ctl, cmd, "snapshotname", &name) < 0)
        return false;
    /* An empty --xpath fails without a word, as in virsh. */
    if (svshOptString(ctl, cmd, "xpath", &xpath) > 0 && !*xpath)
        return false;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if ((snap = virDomainSnapshotLookupByName(dom, name, 0)))
        xml = virDomainSnapshotGetXMLDesc(snap, flags);
    if (snap)
        virDomainSnapshotFree(snap);
    virDomainFree(dom);
    return xml && svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- snapshot-revert ---- */

static bool
cmdSnapshotRevert(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    virDomainSnapshotPtr snap = NULL;
    unsigned int flags = 0;
    virErrorPtr err;
    int rc;

    if (!dom)
        return false;
    if (!(snap = svshLookupSnapshot(ctl, cmd, "snapshotname", true, dom))) {
        virDomainFree(dom);
        return false;
    }
    if (svshOptBool(cmd, "running"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;
    if (svshOptBool(cmd, "paused"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
    if (svshOptBool(cmd, "reset-nvram"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM;

    /* --force only matters when the revert was refused as risky: try
     * without it first, as virsh does. */
    rc = virDomainRevertToSnapshot(snap, flags);
    if (rc < 0 && svshOptBool(cmd, "force") && (err = virGetLastError()) &&
        err->code == VIR_ERR_SNAPSHOT_REVERT_RISKY) {
        svshResetError(ctl);
        rc = virDomainRevertToSnapshot(snap, flags | VIR_DOMAIN_SNAPSHOT_REVERT_FORCE);
    }
    if (rc < 0) {
        svshError(ctl, "Failed to revert snapshot %s", virDomainSnapshotGetName(snap));
    } else
        svshPrintExtra(ctl, "Domain snapshot %s reverted\n", virDomainSnapshotGetName(snap));
    virDomainSnapshotFree(snap);
    virDomainFree(dom);
    return rc == 0;
}


/* ---- snapshot-delete ---- */

static bool
cmdSnapshotDelete(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    virDomainSnapshotPtr snap = NULL;
    unsigned int flags = 0;
    bool ok;

    if (!dom)
        return false;
    if (!(snap = svshLookupSnapshot(ctl, cmd, "snapshotname", true, dom))) {
        virDomainFree(dom);
        return false;
    }
    if (svshOptBool(cmd, "children"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN;
    if (svshOptBool(cmd, "children-only"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY;
    if (svshOptBool(cmd, "metadata"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;

    if ((ok = virDomainSnapshotDelete(snap, flags) == 0))
        svshPrintExtra(ctl, "Domain snapshot %s %sdeleted\n", virDomainSnapshotGetName(snap),
                       flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY ? "children " : "");
    else
        svshError(ctl, "Failed to delete snapshot %s", virDomainSnapshotGetName(snap));
    virDomainSnapshotFree(snap);
    virDomainFree(dom);
    return ok;
}


/* ---- the group ---- */

static const svshOptDef optsSnapshotCurrent[] = {
    OPT_DOMAIN,
    { "name", SVSH_OT_BOOL, 0, "print only the snapshot's name, not its XML" },
    { "security-info", SVSH_OT_BOOL, 0, "include passwords and other secrets in the XML" },
    SVSH_OPT_SNAPSHOTNAME("make this snapshot the current one (without reverting)"),
    { NULL },
};

static const svshOptDef optsSnapshotInfo[] = {
    OPT_DOMAIN,
    SVSH_OPT_SNAPSHOTNAME("the snapshot to describe"),
    OPT_CURRENT("describe the current snapshot"),
    { NULL },
};

static const svshOptDef optsSnapshotParent[] = {
    OPT_DOMAIN,
    SVSH_OPT_SNAPSHOTNAME("the snapshot whose parent to print"),
    OPT_CURRENT("print the parent of the current snapshot"),
    { NULL },
};

static const svshOptDef optsSnapshotDumpxml[] = {
    OPT_DOMAIN,
    { "snapshotname", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the snapshot to print",
      svshCompleteSnapshots },
    { "security-info", SVSH_OT_BOOL, 0, "include passwords and other secrets" },
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED | SVSH_OFLAG_EMPTY_OK,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the selected nodes inside one <nodes> element" },
    { NULL },
};

static const svshOptDef optsSnapshotRevert[] = {
    OPT_DOMAIN,
    SVSH_OPT_SNAPSHOTNAME("the snapshot to go back to"),
    OPT_CURRENT("go back to the current snapshot"),
    { "running", SVSH_OT_BOOL, 0, "leave the domain running afterwards" },
    { "paused", SVSH_OT_BOOL, 0, "leave the domain paused afterwards" },
    { "force", SVSH_OT_BOOL, 0, "go ahead even when the revert is risky" },
    { "reset-nvram", SVSH_OT_BOOL, 0, "start again from a fresh copy of the NVRAM template" },
    { NULL },
};

static const svshOptDef optsSnapshotDelete[] = {
    OPT_DOMAIN,
    SVSH_OPT_SNAPSHOTNAME("the snapshot to delete"),
    OPT_CURRENT("delete the current snapshot"),
    { "children", SVSH_OT_BOOL, 0, "delete its descendants as well" },
    { "children-only", SVSH_OT_BOOL, 0, "delete only its descendants, keeping it" },
    { "metadata", SVSH_OT_BOOL, 0, "forget only the metadata, keep the data on disk" },
    { NULL },
};

const svshCmdDef svshSnapshotCmds[] = {
    { "snapshot-create", svshCmdSnapshotCreate, svshOptsSnapshotCreate,
      "take a snapshot described by an XML file",
      "Takes a snapshot of a domain's disks (and memory) as an XML description asks, "
      "or redefines the metadata of an existing snapshot.", 0 },
    { "snapshot-create-as", svshCmdSnapshotCreateAs, svshOptsSnapshotCreateAs,
      "take a snapshot described by options",
      "Builds a snapshot description from the options, then takes the snapshot "
      "(or only prints the description).", 0 },
    { "snapshot-current", cmdSnapshotCurrent, optsSnapshotCurrent,
      "print or change the current snapshot",
      "Prints the current snapshot of a domain, or makes another snapshot current.", 0 },
    { "snapshot-delete", cmdSnapshotDelete, optsSnapshotDelete,
      "delete a snapshot",
      "Deletes a snapshot, its descendants, or only its metadata.", 0 },
    { "snapshot-dumpxml", cmdSnapshotDumpxml, optsSnapshotDumpxml,
      "print the XML of a snapshot",
      "Prints the XML description of a snapshot, or the parts an XPath expression selects.",
      0 },
    { "snapshot-edit", svshCmdSnapshotEdit, svshOptsSnapshotEdit,
      "edit the XML of a snapshot",
      "Opens a snapshot's XML description in $VISUAL or $EDITOR, then redefines the "
      "snapshot from what was saved.", 0 },
    { "snapshot-info", cmdSnapshotInfo, optsSnapshotInfo,
      "summarise a snapshot",
      "Prints a snapshot's state, location, parent, child counts and whether it has "
      "metadata.", 0 },
    { "snapshot-list", svshCmdSnapshotList, svshOptsSnapshotList,
      "list the snapshots of a domain",
      "Lists a domain's snapshots as a table, as names or as a tree, optionally "
      "filtered.", 0 },
    { "snapshot-parent", cmdSnapshotParent, optsSnapshotParent,
      "print the parent of a snapshot",
      "Prints the name of the snapshot a snapshot was taken after.", 0 },
    { "snapshot-revert", cmdSnapshotRevert, optsSnapshotRevert,
      "revert a domain to a snapshot",
      "Brings a domain's disks (and memory) back to what a snapshot captured.", 0 },
    { NULL },
};
