/*
 * svsh-monitor.c: domain monitoring commands — list, dominfo, domstate,
 * domblklist
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"

#define OPT_DOMAIN SVSH_OPT_DOMAIN("the domain, by name, id or UUID")

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
        svshResetError(ctl);
        return;
    }
    INFO("%s", "Security model:", model.model);
    INFO("%s", "Security DOI:", model.doi);
    if (virDomainGetSecurityLabel(dom, &label) == 0 && label.label[0])
        INFO("%s (%s)", "Security label:", label.label,
             label.enforcing ? "enforcing" : "permissive");
    svshResetError(ctl);
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
    svshDebug(ctl, SVSH_ERR_DEBUG, "Domain persistent flag value: %d\n", persistent);
    INFO("%s", "Persistent:", persistent < 0 ? "unknown" : persistent ? "yes" : "no");
    if (virDomainGetAutostart(dom, &autostart) == 0)
        INFO("%s", "Autostart:", autostart ? "enable" : "disable");
    saved = virDomainHasManagedSaveImage(dom, 0);
    INFO("%s", "Managed save:", saved < 0 ? "unknown" : saved ? "yes" : "no");
    svshDominfoSecurity(ctl, dom);
    svshResetError(ctl);
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


/* The domain's title (the first line of it), "" if it has none. */
static char *
svshDomainTitle(svshControl *ctl, virDomainPtr dom)
{
    g_autoptr(xmlXPathContext) xpath = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    char *title = NULL;

    if (xml && (doc = svshXMLParse(ctl, xml, &xpath)))
        title = svshXPathString(xpath, "string(/domain/title)");
    svshResetError(ctl);
    if (!title)
        return g_strdup("");
    title[strcspn(title, "\n")] = '\0';
    return title;
}


static void
svshListRow(svshControl *ctl, const svshCmd *cmd, virDomainPtr dom, svshTable *table)
{
    unsigned int id = virDomainGetID(dom);
    g_autofree char *idstr = id == (unsigned int)-1 ? g_strdup("-") : g_strdup_printf("%u", id);
    g_autofree char *title = NULL;
    const char *state = "-";
    int st, reason;

    if (svshOptBool(cmd, "uuid") || svshOptBool(cmd, "name") || svshOptBool(cmd, "id")) {
        g_autoptr(GString) line = g_string_new(NULL);
        char uuid[VIR_UUID_STRING_BUFLEN] = "";

        /* --id alone: an inactive domain has nothing to print, not even
         * a line (with --uuid or --name its id shows as "-"). */
        if (id == (unsigned int)-1 && !svshOptBool(cmd, "uuid") && !svshOptBool(cmd, "name"))
            return;
        /* virsh's order, whatever the options' order: UUID, id, name. */
        if (svshOptBool(cmd, "uuid") && virDomainGetUUIDString(dom, uuid) == 0)
            g_string_append(line, uuid);
        if (svshOptBool(cmd, "id"))
            g_string_append_printf(line, "%s%s", line->len ? " " : "", idstr);
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
    if (svshOptBool(cmd, "title")) {
        title = svshDomainTitle(ctl, dom);
        svshTableRow(table, idstr, virDomainGetName(dom), state, title, NULL);
    } else {
        svshTableRow(table, idstr, virDomainGetName(dom), state, NULL);
    }
}


static bool
cmdList(svshControl *ctl, const svshCmd *cmd)
{
    static const char *const plainOpts[] = { "name", "uuid", "id" };
    virDomainPtr *doms = NULL;
    g_autoptr(svshTable) table = NULL;
    bool plain = false;
    int n;

    for (size_t i = 0; i < G_N_ELEMENTS(plainOpts); i++) {
        if (!svshOptExclusive(ctl, cmd, "table", plainOpts[i]))
            return false;
        plain |= svshOptBool(cmd, plainOpts[i]);
    }
    table = svshOptBool(cmd, "title") ? svshTableNew("Id", "Name", "State", "Title", NULL) :
                                        svshTableNew("Id", "Name", "State", NULL);
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
    { "inactive", SVSH_OT_BOOL, 0, "list shut off domains only (with --all: every domain)" },
    { "all", SVSH_OT_BOOL, 0, "list active and inactive domains" },
    { "transient", SVSH_OT_BOOL, 0, "list domains that have no lasting definition" },
    { "persistent", SVSH_OT_BOOL, 0, "list domains that have a lasting definition" },
    { "with-snapshot", SVSH_OT_BOOL, 0, "list domains that have snapshots" },
    { "without-snapshot", SVSH_OT_BOOL, 0, "list domains without snapshots" },
    { "with-checkpoint", SVSH_OT_BOOL, 0, "list domains that have checkpoints" },
    { "without-checkpoint", SVSH_OT_BOOL, 0, "list domains without checkpoints" },
    { "state-running", SVSH_OT_BOOL, 0, "list running domains" },
    { "state-paused", SVSH_OT_BOOL, 0, "list paused domains" },
    { "state-shutoff", SVSH_OT_BOOL, 0, "list shut off domains" },
    { "state-other", SVSH_OT_BOOL, 0,
      "list domains that are neither running, paused nor shut off" },
    { "autostart", SVSH_OT_BOOL, 0, "list domains that start with the host" },
    { "no-autostart", SVSH_OT_BOOL, 0, "list domains that do not start with the host" },
    { "with-managed-save", SVSH_OT_BOOL, 0, "list domains with a managed save image" },
    { "without-managed-save", SVSH_OT_BOOL, 0, "list domains without a managed save image" },
    { "uuid", SVSH_OT_BOOL, 0, "print UUIDs only" },
    { "name", SVSH_OT_BOOL, 0, "print names only" },
    { "id", SVSH_OT_BOOL, 0, "print ids only" },
    { "table", SVSH_OT_BOOL, 0, "print a table (the default)" },
    { "managed-save", SVSH_OT_BOOL, 0, "show inactive domains with a managed save image as saved" },
    { "title", SVSH_OT_BOOL, 0, "add a column with each domain's title" },
    { NULL },
};

const svshCmdDef svshMonitorCmds[] = {
    { "domblklist", cmdDomblklist, optsDomblklist, "list the disks of a domain",
      "Prints a table of the domain's disks: target and source, with --details also "
      "their type and device.", 0 },
    { "dominfo", cmdDominfo, optsDomain, "print a summary of a domain",
      "Prints the domain's id, name, UUID, OS type, state, CPUs, memory, persistence, "
      "autostart, managed save and security label.", 0 },
    { "domstate", cmdDomstate, optsDomstate, "print the state of a domain",
      "Prints the domain's state, and with --reason why it is in that state.", 0 },
    { "list", cmdList, optsList, "list domains",
      "Lists the running domains, or those the filters select, as a table or as bare "
      "names, UUIDs or ids.", 0 },
    { NULL },
};
