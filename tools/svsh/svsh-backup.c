/*
 * svsh-backup.c: the "Backup" commands (backup-begin, backup-dumpxml) and
 * qemu-monitor-command, through which tests reach the test driver's hooks
 * (docs/test-driver.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <libvirt/libvirt-qemu.h>

#include "svsh-util.h"
#include "svsh-cmds.h"

#define OPT_DOMAIN SVSH_OPT_DOMAIN("the running domain, by name, id or UUID")


/* ---- backup ---- */

static bool
cmdBackupBegin(svshControl *ctl, const svshCmd *cmd)
{
    g_autofree char *backupXML = NULL, *checkpointXML = NULL;
    const char *backupFile = NULL, *checkpointFile = NULL;
    unsigned int flags = 0;
    virDomainPtr dom;
    bool ok = false;

    if (svshOptBool(cmd, "reuse-external"))
        flags |= VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    /* No XML: a full backup of every disk, to the driver's own files. */
    if (svshOptString(ctl, cmd, "backupxml", &backupFile) < 0)
        goto cleanup;
    if (!backupFile)
        backupXML = g_strdup("<domainbackup/>");
    else if (!svshReadFile(ctl, backupFile, &backupXML))
        goto cleanup;
    if (svshOptString(ctl, cmd, "checkpointxml", &checkpointFile) < 0)
        goto cleanup;
    if (checkpointFile && !svshReadFile(ctl, checkpointFile, &checkpointXML))
        goto cleanup;
    if (virDomainBackupBegin(dom, backupXML, checkpointXML, flags) < 0)
        goto cleanup;
    svshPrint(ctl, "Backup started\n");
    ok = true;

 cleanup:
    virDomainFree(dom);
    return ok;
}


static bool
cmdBackupDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    /* Read raw: an empty --xpath fails without a message, as in dumpxml. */
    const char *xpath = svshOptRequired(cmd, "xpath");
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if (xpath && !*xpath) {
        virDomainFree(dom);
        return false;
    }
    xml = virDomainBackupGetXMLDesc(dom, 0);
    virDomainFree(dom);
    if (!xml)
        return false;
    return svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- qemu-monitor-command ---- */

/* The reply reformatted for --return-value and --pretty; NULL (reported)
 * if it is not JSON or has no "return". */
static char *
svshMonitorReformat(svshControl *ctl, const char *reply, bool returnValue, bool pretty)
{
    json_object *root = json_tokener_parse(reply);
    json_object *value = root;
    char *text = NULL;

    if (!root) {
        svshError(ctl, "the monitor's reply is not JSON: %s", reply);
        return NULL;
    }
    if (returnValue && !json_object_object_get_ex(root, "return", &value)) {
        svshError(ctl, "%s", "the monitor's reply has no 'return' member");
    } else {
        text = g_strdup(json_object_to_json_string_ext(value, pretty ?
                        JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE :
                        JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    }
    json_object_put(root);
    return text;
}


bool
cmdQemuMonitorCommand(svshControl *ctl, const svshCmd *cmd)
{
    const GPtrArray *words = svshOptArgv(cmd);
    bool pretty = svshOptBool(cmd, "pretty");
    bool returnValue = svshOptBool(cmd, "return-value");
    g_autoptr(GString) line = g_string_new(NULL);
    g_autofree char *shown = NULL;
    char *reply = NULL;
    virDomainPtr dom;
    int rc;

    if (!svshOptExclusive(ctl, cmd, "hmp", "pretty") ||
        !svshOptExclusive(ctl, cmd, "hmp", "return-value"))
        return false;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    /* The words form one command, as the shell would join them. */
    for (guint i = 0; i < words->len; i++)
        g_string_append_printf(line, "%s%s", i ? " " : "", (const char *)words->pdata[i]);
    rc = virDomainQemuMonitorCommand(dom, line->str, &reply, svshOptBool(cmd, "hmp") ?
                                     VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP : 0);
    virDomainFree(dom);
    if (rc < 0)
        return false;
    if (returnValue || pretty)
        shown = svshMonitorReformat(ctl, reply, returnValue, pretty);
    else
        shown = g_strdup(reply);
    free(reply);
    if (!shown)
        return false;
    svshPrint(ctl, "%s\n", shown);
    return true;
}


/* ---- tables ---- */

static const svshOptDef optsBackupBegin[] = {
    OPT_DOMAIN,
    { "backupxml", SVSH_OT_STRING, 0, "a file with the <domainbackup> XML (default: a "
      "full backup of every disk)" },
    { "checkpointxml", SVSH_OT_STRING, 0, "a file with the XML of a checkpoint to create" },
    { "reuse-external", SVSH_OT_BOOL, 0, "write into target files that already exist" },
    { NULL },
};

static const svshOptDef optsBackupDumpxml[] = {
    OPT_DOMAIN,
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the --xpath results under one root element" },
    { NULL },
};

const svshOptDef optsQemuMonitorCommand[] = {
    SVSH_OPT_DOMAIN("the running domain, by name, id or UUID"),
    { "hmp", SVSH_OT_BOOL, 0, "the command is for the human monitor, not QMP" },
    { "pretty", SVSH_OT_BOOL, 0, "indent the JSON reply" },
    { "return-value", SVSH_OT_BOOL, 0, "print only the reply's 'return' member" },
    { "cmd", SVSH_OT_ARGV, SVSH_OFLAG_REQ, "the command (its words are joined by blanks)" },
    { NULL },
};

const svshCmdDef svshBackupCmds[] = {
    { "backup-begin", cmdBackupBegin, optsBackupBegin, "start a backup of a running domain",
      "Starts copying the domain's disks, as they are at this moment, to the targets the "
      "backup XML names (default: every disk, beside its image).  The guest keeps "
      "running and writing; the backup still holds the disks' old content.", 0 },
    { "backup-dumpxml", cmdBackupDumpxml, optsBackupDumpxml,
      "print the XML of the running backup",
      "Prints the <domainbackup> description of the domain's backup job, with the "
      "targets the driver chose.", 0 },
    { NULL },
};
