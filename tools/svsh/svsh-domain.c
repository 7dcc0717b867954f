/*
 * svsh-domain.c: domain commands — lifecycle (define, undefine, start,
 * destroy, suspend, resume), identity (domid, domname, domuuid, dumpxml)
 * and monitoring (list, dominfo, domstate, domblklist)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"

#define OPT_DOMAIN SVSH_OPT_DOMAIN("domain name, id or uuid")


static bool
cmdDomid(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYNAME | SVSH_BYUUID, NULL);
    unsigned int id;

    if (!dom)
        return false;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1)
        svshPrint(ctl, "%s\n", "-");
    else
        svshPrint(ctl, "%u\n", id);
    virDomainFree(dom);
    return true;
}


static bool
cmdDomname(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYID | SVSH_BYUUID, NULL);

    if (!dom)
        return false;
    svshPrint(ctl, "%s\n", virDomainGetName(dom));
    virDomainFree(dom);
    return true;
}


static bool
cmdDomuuid(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYID | SVSH_BYNAME, NULL);
    char uuid[VIR_UUID_STRING_BUFLEN];
    bool ok;

    if (!dom)
        return false;
    if ((ok = virDomainGetUUIDString(dom, uuid) == 0))
        svshPrint(ctl, "%s\n", uuid);
    else
        svshError(ctl, "%s", "failed to get domain UUID");
    virDomainFree(dom);
    return ok;
}


static bool
cmdDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    unsigned int flags = 0;
    char *xml;

    if (!dom)
        return false;
    if (svshOptBool(cmd, "inactive"))
        flags |= VIR_DOMAIN_XML_INACTIVE;
    if (svshOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;
    if ((xml = virDomainGetXMLDesc(dom, flags)))
        svshPrint(ctl, "%s", xml);
    free(xml);
    virDomainFree(dom);
    return xml != NULL;
}


static bool
cmdDefine(svshControl *ctl, const svshCmd *cmd)
{
    const char *file = svshOptRequired(cmd, "file");
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (!svshReadFile(ctl, file, &xml))
        return false;
    dom = virDomainDefineXMLFlags(ctl->conn, xml,
                                  svshOptBool(cmd, "validate") ? VIR_DOMAIN_DEFINE_VALIDATE : 0);
    if (!dom) {
        svshError(ctl, "Failed to define domain from %s", file);
        return false;
    }
    svshPrintExtra(ctl, "Domain '%s' defined from %s\n", virDomainGetName(dom), file);
    virDomainFree(dom);
    return true;
}


static bool
cmdUndefine(svshControl *ctl, const svshCmd *cmd)
{
    const char *name;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &name);
    unsigned int flags = 0;
    bool ok;

    if (!dom)
        return false;
    if (svshOptBool(cmd, "snapshots-metadata"))
        flags |= VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    if (svshOptBool(cmd, "managed-save"))
        flags |= VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
    if ((ok = virDomainUndefineFlags(dom, flags) == 0))
        svshPrintExtra(ctl, "Domain '%s' has been undefined\n", name);
    else
        svshError(ctl, "Failed to undefine domain '%s'", name);
    virDomainFree(dom);
    return ok;
}


static bool
cmdStart(svshControl *ctl, const svshCmd *cmd)
{
    const char *name;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYNAME | SVSH_BYUUID, &name);
    bool ok = false;

    if (!dom)
        return false;
    if (virDomainGetID(dom) != (unsigned int)-1) {
        svshError(ctl, "%s", "Domain is already active");
    } else if (virDomainCreateWithFlags(dom, svshOptBool(cmd, "paused") ?
                                        VIR_DOMAIN_START_PAUSED : 0) < 0) {
        svshError(ctl, "Failed to start domain '%s'", name);
    } else {
        svshPrintExtra(ctl, "Domain '%s' started\n", name);
        ok = true;
    }
    virDomainFree(dom);
    return ok;
}


/* destroy, suspend and resume: one call, one message each way. */
static bool
svshDomainAction(svshControl *ctl, const svshCmd *cmd, int (*action)(virDomainPtr),
                 const char *verb, const char *done)
{
    const char *name;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &name);
    bool ok;

    if (!dom)
        return false;
    if ((ok = action(dom) == 0))
        svshPrintExtra(ctl, "Domain '%s' %s\n", name, done);
    else
        svshError(ctl, "Failed to %s domain '%s'", verb, name);
    virDomainFree(dom);
    return ok;
}


static int
svshDestroyGraceful(virDomainPtr dom)
{
    return virDomainDestroyFlags(dom, VIR_DOMAIN_DESTROY_GRACEFUL);
}


static bool
cmdDestroy(svshControl *ctl, const svshCmd *cmd)
{
    return svshDomainAction(ctl, cmd, svshOptBool(cmd, "graceful") ? svshDestroyGraceful :
                            virDomainDestroy, "destroy", "destroyed");
}


static bool
cmdSuspend(svshControl *ctl, const svshCmd *cmd)
{
    return svshDomainAction(ctl, cmd, virDomainSuspend, "suspend", "suspended");
}


static bool
cmdResume(svshControl *ctl, const svshCmd *cmd)
{
    return svshDomainAction(ctl, cmd, virDomainResume, "resume", "resumed");
}


/* ---- monitoring ---- */

static bool
cmdDomstate(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    int state, reason;
    bool ok;

    if (!dom)
        return false;
    if ((ok = virDomainGetState(dom, &state, &reason, 0) == 0)) {
        if (svshOptBool(cmd, "reason"))
            svshPrint(ctl, "%s (%s)\n", svshDomainStateName(state),
                      svshDomainReasonName(state, reason));
        else
            svshPrint(ctl, "%s\n", svshDomainStateName(state));
    }
    virDomainFree(dom);
    return ok;
}


#define INFO(label, ...) svshPrint(ctl, "%-15s " label "\n", __VA_ARGS__)

static void
svshDominfoSecurity(svshControl *ctl, virDomainPtr dom)
{
    virSecurityModel model;
    virSecurityLabel label;

    if (virNodeGetSecurityModel(ctl->conn, &model) < 0 || !model.model[0]) {
        virResetLastError();
        return;
    }
    INFO("%s", "Security model:", model.model);
    INFO("%s", "Security DOI:", model.doi);
    if (virDomainGetSecurityLabel(dom, &label) == 0 && label.label[0])
        INFO("%s (%s)", "Security label:", label.label,
             label.enforcing ? "enforcing" : "permissive");
    virResetLastError();
}


static bool
cmdDominfo(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    virDomainInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *os = NULL;
    int persistent, autostart, saved;

    if (!dom)
        return false;
    if (virDomainGetID(dom) == (unsigned int)-1)
        INFO("%s", "Id:", "-");
    else
        INFO("%u", "Id:", virDomainGetID(dom));
    INFO("%s", "Name:", virDomainGetName(dom));
    if (virDomainGetUUIDString(dom, uuid) == 0)
        INFO("%s", "UUID:", uuid);
    if ((os = virDomainGetOSType(dom)))
        INFO("%s", "OS Type:", os);
    if (virDomainGetInfo(dom, &info) == 0) {
        INFO("%s", "State:", svshDomainStateName(info.state));
        INFO("%d", "CPU(s):", info.nrVirtCpu);
        if (info.cpuTime)
            INFO("%.1lfs", "CPU time:", info.cpuTime / 1e9);
        INFO("%lu KiB", "Max memory:", info.maxMem);
        INFO("%lu KiB", "Used memory:", info.memory);
    }
    persistent = virDomainIsPersistent(dom);
    INFO("%s", "Persistent:", persistent < 0 ? "unknown" : persistent ? "yes" : "no");
    if (virDomainGetAutostart(dom, &autostart) == 0)
        INFO("%s", "Autostart:", autostart ? "enable" : "disable");
    saved = virDomainHasManagedSaveImage(dom, 0);
    INFO("%s", "Managed save:", saved < 0 ? "unknown" : saved ? "yes" : "no");
    svshDominfoSecurity(ctl, dom);
    virResetLastError();
    virDomainFree(dom);
    return true;
}


static bool
cmdDomblklist(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    bool details = svshOptBool(cmd, "details");
    g_autoptr(xmlXPathContext) xpath = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(svshTable) table = NULL;
    g_autofree char *xml = NULL;
    xmlXPathObjectPtr disks = NULL;

    if (!dom)
        return false;
    xml = virDomainGetXMLDesc(dom, svshOptBool(cmd, "inactive") ? VIR_DOMAIN_XML_INACTIVE : 0);
    virDomainFree(dom);
    if (!xml || !(doc = svshXMLParse(ctl, xml, &xpath)))
        return false;
    table = details ? svshTableNew("Type", "Device", "Target", "Source", NULL) :
                      svshTableNew("Target", "Source", NULL);
    disks = xmlXPathEval(BAD_CAST "/domain/devices/disk", xpath);
    for (int i = 0; disks && disks->nodesetval && i < disks->nodesetval->nodeNr; i++) {
        g_autofree char *type = NULL, *device = NULL, *target = NULL, *source = NULL;

        xpath->node = disks->nodesetval->nodeTab[i];
        type = svshXPathString(xpath, "string(./@type)");
        device = svshXPathString(xpath, "string(./@device)");
        target = svshXPathString(xpath, "string(./target/@dev)");
        source = svshXPathString(xpath, "string(./source/@file|./source/@dev|"
                                        "./source/@dir|./source/@name|./source/@volume)");
        if (details)
            svshTableRow(table, type ? type : "", device ? device : "",
                         target ? target : "", source ? source : "-", NULL);
        else
            svshTableRow(table, target ? target : "", source ? source : "-", NULL);
    }
    xmlXPathFreeObject(disks);
    svshTablePrint(ctl, table);
    return true;
}
#undef INFO


/* ---- list ---- */

typedef struct {
    const char *option;
    unsigned int flag;
} svshListFilter;

static const svshListFilter svshListFilters[] = {
    { "inactive", VIR_CONNECT_LIST_DOMAINS_INACTIVE },
    { "transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT },
    { "persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT },
    { "with-snapshot", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT },
    { "without-snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT },
    { "with-checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT },
    { "without-checkpoint", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT },
    { "state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING },
    { "state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED },
    { "state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
    { "state-other", VIR_CONNECT_LIST_DOMAINS_OTHER },
    { "autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART },
    { "no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART },
    { "with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE },
    { "without-managed-save", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE },
};


/* Running domains by id first, then the others by name. */
static int
svshDomainSorter(const void *a, const void *b)
{
    virDomainPtr da = *(virDomainPtr const *)a;
    virDomainPtr db = *(virDomainPtr const *)b;
    unsigned int ia = virDomainGetID(da), ib = virDomainGetID(db);

    if (ia != ib && (ia == (unsigned int)-1 || ib == (unsigned int)-1))
        return ia == (unsigned int)-1 ? 1 : -1;
    if (ia != (unsigned int)-1)
        return ia < ib ? -1 : ia > ib;
    return g_ascii_strcasecmp(virDomainGetName(da), virDomainGetName(db));
}


static unsigned int
svshListFlags(const svshCmd *cmd)
{
    unsigned int flags = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(svshListFilters); i++) {
        if (svshOptBool(cmd, svshListFilters[i].option))
            flags |= svshListFilters[i].flag;
    }
    if (svshOptBool(cmd, "all"))
        flags |= VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    else if (!(flags & VIR_CONNECT_LIST_DOMAINS_INACTIVE))
        flags |= VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    /* An explicit state covers active and inactive domains alike. */
    if (flags & (VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                 VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER) &&
        !svshOptBool(cmd, "all") && !svshOptBool(cmd, "inactive"))
        flags &= ~VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    return flags;
}


static void
svshListRow(svshControl *ctl, const svshCmd *cmd, virDomainPtr dom, svshTable *table)
{
    unsigned int id = virDomainGetID(dom);
    g_autofree char *idstr = id == (unsigned int)-1 ? g_strdup("-") : g_strdup_printf("%u", id);
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    const char *state = "-";
    int st, reason;

    if (svshOptBool(cmd, "uuid") || svshOptBool(cmd, "name") || svshOptBool(cmd, "id")) {
        g_autoptr(GString) line = g_string_new(NULL);

        if (svshOptBool(cmd, "id"))
            g_string_append_printf(line, "%s", idstr);
        if (svshOptBool(cmd, "uuid") && virDomainGetUUIDString(dom, uuid) == 0)
            g_string_append_printf(line, "%s%s", line->len ? " " : "", uuid);
        if (svshOptBool(cmd, "name"))
            g_string_append_printf(line, "%s%s", line->len ? " " : "", virDomainGetName(dom));
        svshPrint(ctl, "%s\n", line->str);
        return;
    }
    if (virDomainGetState(dom, &st, &reason, 0) == 0) {
        state = svshDomainStateName(st);
        if (svshOptBool(cmd, "managed-save") && st == VIR_DOMAIN_SHUTOFF &&
            virDomainHasManagedSaveImage(dom, 0) > 0)
            state = "saved";
    }
    svshTableRow(table, idstr, virDomainGetName(dom), state, NULL);
}


static bool
cmdList(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr *doms = NULL;
    g_autoptr(svshTable) table = svshTableNew("Id", "Name", "State", NULL);
    bool plain = svshOptBool(cmd, "uuid") || svshOptBool(cmd, "name") || svshOptBool(cmd, "id");
    int n;

    if (svshOptBool(cmd, "table") && plain) {
        svshError(ctl, "%s", "Options --table and --name/--uuid/--id are mutually exclusive");
        return false;
    }
    if ((n = virConnectListAllDomains(ctl->conn, &doms, svshListFlags(cmd))) < 0) {
        svshError(ctl, "%s", "Failed to list domains");
        return false;
    }
    qsort(doms, n, sizeof(*doms), svshDomainSorter);
    for (int i = 0; i < n; i++) {
        svshListRow(ctl, cmd, doms[i], table);
        virDomainFree(doms[i]);
    }
    free(doms);
    if (!plain)
        svshTablePrint(ctl, table);
    return true;
}


/* ---- tables ---- */

static const svshOptDef optsDomain[] = {
    OPT_DOMAIN,
    { NULL },
};

static const svshOptDef optsDomainById[] = {
    SVSH_OPT_DOMAIN("domain name or uuid"),
    { NULL },
};

static const svshOptDef optsDumpxml[] = {
    OPT_DOMAIN,
    { "inactive", SVSH_OT_BOOL, 0, "the definition for the next boot" },
    { "security-info", SVSH_OT_BOOL, 0, "include passwords and other secrets" },
    { NULL },
};

static const svshOptDef optsDefine[] = {
    { "file", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the domain's XML description" },
    { "validate", SVSH_OT_BOOL, 0, "check the XML against the schema first" },
    { NULL },
};

static const svshOptDef optsUndefine[] = {
    OPT_DOMAIN,
    { "managed-save", SVSH_OT_BOOL, 0, "also remove the managed save image" },
    { "snapshots-metadata", SVSH_OT_BOOL, 0, "also forget the snapshots' metadata" },
    { NULL },
};

static const svshOptDef optsStart[] = {
    SVSH_OPT_DOMAIN("name or uuid of the domain"),
    { "paused", SVSH_OT_BOOL, 0, "start the domain paused" },
    { NULL },
};

static const svshOptDef optsDestroy[] = {
    OPT_DOMAIN,
    { "graceful", SVSH_OT_BOOL, 0, "only stop the domain gracefully" },
    { NULL },
};

static const svshOptDef optsDomstate[] = {
    OPT_DOMAIN,
    { "reason", SVSH_OT_BOOL, 0, "also say why the domain is in its state" },
    { NULL },
};

static const svshOptDef optsDomblklist[] = {
    OPT_DOMAIN,
    { "inactive", SVSH_OT_BOOL, 0, "the disks of the definition for the next boot" },
    { "details", SVSH_OT_BOOL, 0, "also show the type and device of each disk" },
    { NULL },
};

static const svshOptDef optsList[] = {
    { "inactive", SVSH_OT_BOOL, 0, "list inactive domains" },
    { "all", SVSH_OT_BOOL, 0, "list active and inactive domains" },
    { "transient", SVSH_OT_BOOL, 0, "list transient domains" },
    { "persistent", SVSH_OT_BOOL, 0, "list persistent domains" },
    { "with-snapshot", SVSH_OT_BOOL, 0, "list domains that have snapshots" },
    { "without-snapshot", SVSH_OT_BOOL, 0, "list domains without snapshots" },
    { "with-checkpoint", SVSH_OT_BOOL, 0, "list domains that have checkpoints" },
    { "without-checkpoint", SVSH_OT_BOOL, 0, "list domains without checkpoints" },
    { "state-running", SVSH_OT_BOOL, 0, "list running domains" },
    { "state-paused", SVSH_OT_BOOL, 0, "list paused domains" },
    { "state-shutoff", SVSH_OT_BOOL, 0, "list shut off domains" },
    { "state-other", SVSH_OT_BOOL, 0, "list domains in other states" },
    { "autostart", SVSH_OT_BOOL, 0, "list domains that start with the host" },
    { "no-autostart", SVSH_OT_BOOL, 0, "list domains that do not start with the host" },
    { "with-managed-save", SVSH_OT_BOOL, 0, "list domains with a managed save image" },
    { "without-managed-save", SVSH_OT_BOOL, 0, "list domains without a managed save image" },
    { "uuid", SVSH_OT_BOOL, 0, "print UUIDs only" },
    { "name", SVSH_OT_BOOL, 0, "print names only" },
    { "id", SVSH_OT_BOOL, 0, "print ids only" },
    { "table", SVSH_OT_BOOL, 0, "print a table (the default)" },
    { "managed-save", SVSH_OT_BOOL, 0, "show inactive domains with a managed save image as saved" },
    { NULL },
};

const svshCmdDef svshDomainCmds[] = {
    { "define", cmdDefine, optsDefine, "define a domain from an XML file (without starting it)",
      NULL, 0 },
    { "destroy", cmdDestroy, optsDestroy, "stop a domain at once", NULL, 0 },
    { "domid", cmdDomid, optsDomainById, "print the id of a domain", NULL, 0 },
    { "domname", cmdDomname, optsDomain, "print the name of a domain", NULL, 0 },
    { "domuuid", cmdDomuuid, optsDomain, "print the UUID of a domain", NULL, 0 },
    { "dumpxml", cmdDumpxml, optsDumpxml, "print the XML description of a domain", NULL, 0 },
    { "resume", cmdResume, optsDomain, "resume a paused domain", NULL, 0 },
    { "start", cmdStart, optsStart, "start a defined, inactive domain", NULL, 0 },
    { "suspend", cmdSuspend, optsDomain, "pause a running domain", NULL, 0 },
    { "undefine", cmdUndefine, optsUndefine, "forget the definition of a domain", NULL, 0 },
    { NULL },
};

const svshCmdDef svshMonitorCmds[] = {
    { "domblklist", cmdDomblklist, optsDomblklist, "list the disks of a domain", NULL, 0 },
    { "dominfo", cmdDominfo, optsDomain, "print a summary of a domain", NULL, 0 },
    { "domstate", cmdDomstate, optsDomstate, "print the state of a domain", NULL, 0 },
    { "list", cmdList, optsList, "list domains", NULL, 0 },
    { NULL },
};
