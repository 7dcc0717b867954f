/*
 * svsh-cmds.c: the command groups, and the commands about the shell and
 * the host: help, quit, exit, echo, connect, uri, hostname, version
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"

const svshCmdGroup svshGroups[] = {
    { "Domain Management", "domain", svshDomainCmds },
    { "Domain Monitoring", "monitor", svshMonitorCmds },
    { "Host and Hypervisor", "host", svshHostCmds },
    { "Snapshot", "snapshot", svshSnapshotCmds },
    { "Svsh itself", "svsh", svshShellCmds },
    { NULL, NULL, NULL },
};


const svshCmdDef *
svshCommandLookup(const char *name)
{
    for (const svshCmdGroup *grp = svshGroups; grp->name; grp++) {
        for (const svshCmdDef *def = grp->cmds; def->name; def++) {
            if (strcmp(def->name, name) == 0)
                return def;
        }
    }
    return NULL;
}


const svshCmdGroup *
svshGroupLookup(const char *keyword)
{
    for (const svshCmdGroup *grp = svshGroups; grp->name; grp++) {
        if (strcmp(grp->keyword, keyword) == 0)
            return grp;
    }
    return NULL;
}


/* ---- the shell itself ---- */

static char **
svshCompleteCommands(svshControl *ctl G_GNUC_UNUSED, const svshCmd *cmd G_GNUC_UNUSED)
{
    GPtrArray *names = g_ptr_array_new();

    for (const svshCmdGroup *grp = svshGroups; grp->name; grp++) {
        g_ptr_array_add(names, g_strdup(grp->keyword));
        for (const svshCmdDef *def = grp->cmds; def->name; def++)
            g_ptr_array_add(names, g_strdup(def->name));
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}


static bool
cmdHelp(svshControl *ctl, const svshCmd *cmd)
{
    const char *name = NULL;
    const svshCmdDef *def;
    const svshCmdGroup *grp;

    if (svshOptString(ctl, cmd, "command", &name) <= 0) {
        svshPrint(ctl, "Grouped commands:\n\n");
        svshGlobalHelp(ctl);
        return true;
    }
    if ((def = svshCommandLookup(name)))
        return svshCmdHelp(ctl, def);
    if ((grp = svshGroupLookup(name)))
        return svshGroupHelp(ctl, grp);
    svshError(ctl, "command or command group '%s' doesn't exist", name);
    return false;
}


static bool
cmdQuit(svshControl *ctl G_GNUC_UNUSED, const svshCmd *cmd G_GNUC_UNUSED)
{
    return true;
}


/* Quotes @arg for a POSIX shell when it needs it. */
static void
svshEchoShell(GString *out, const char *arg)
{
    if (*arg && !arg[strcspn(arg, " \t\n\\'\"`$|&;<>()*?[]#~=%!{}")]) {
        g_string_append(out, arg);
        return;
    }
    g_string_append_c(out, '\'');
    for (const char *p = arg; *p; p++) {
        if (*p == '\'')
            g_string_append(out, "'\\''");
        else
            g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
}


static bool
cmdEcho(svshControl *ctl, const svshCmd *cmd)
{
    const GPtrArray *args = svshOptArgv(cmd);
    g_autoptr(GString) out = g_string_new(NULL);

    for (size_t i = 0; i < args->len; i++) {
        const char *arg = args->pdata[i];

        if (i)
            g_string_append_c(out, ' ');
        if (svshOptBool(cmd, "shell")) {
            svshEchoShell(out, arg);
        } else if (svshOptBool(cmd, "xml")) {
            g_autofree char *esc = g_markup_escape_text(arg, -1);

            g_string_append(out, esc);
        } else {
            g_string_append(out, arg);
        }
    }
    if (svshOptBool(cmd, "err"))
        fprintf(stderr, "%s\n", out->str);
    else
        svshPrint(ctl, "%s", out->str);
    return true;
}


static bool
cmdConnect(svshControl *ctl, const svshCmd *cmd)
{
    const char *name = NULL;

    if (svshOptString(ctl, cmd, "name", &name) < 0)
        return false;
    if (name) {
        g_free(ctl->uri);
        ctl->uri = g_strdup(name);
    }
    return svshConnect(ctl, ctl->uri, svshOptBool(cmd, "readonly"));
}


static const svshOptDef optsHelp[] = {
    { "command", SVSH_OT_STRING, 0, "a command or a group of commands", svshCompleteCommands },
    { NULL },
};

static const svshOptDef optsEcho[] = {
    { "shell", SVSH_OT_BOOL, 0, "quote for a shell" },
    { "xml", SVSH_OT_BOOL, 0, "escape for XML" },
    { "err", SVSH_OT_BOOL, 0, "write to standard error" },
    { "string", SVSH_OT_ARGV, 0, "what to print" },
    { NULL },
};

static const svshOptDef optsConnect[] = {
    { "name", SVSH_OT_STRING, 0, "the connection URI" },
    { "readonly", SVSH_OT_BOOL, 0, "open a read-only connection" },
    { NULL },
};

const svshCmdDef svshShellCmds[] = {
    { "connect", cmdConnect, optsConnect, "(re)connect to a hypervisor",
      "Opens a new connection, to the given URI or to the current one.",
      SVSH_CMD_NOCONNECT },
    { "echo", cmdEcho, optsEcho, "print the arguments",
      "Prints the arguments back, quoted for a shell or escaped for XML if asked.",
      SVSH_CMD_NOCONNECT },
    { "exit", cmdQuit, NULL, "leave the shell", NULL, SVSH_CMD_NOCONNECT },
    { "help", cmdHelp, optsHelp, "print help",
      "Prints the list of commands, the commands of a group, or the help of one command.",
      SVSH_CMD_NOCONNECT },
    { "quit", cmdQuit, NULL, "leave the shell", NULL, SVSH_CMD_NOCONNECT },
    { NULL },
};


/* ---- the host ---- */

static bool
cmdURI(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *uri = virConnectGetURI(ctl->conn);

    if (!uri)
        return false;
    svshPrint(ctl, "%s\n", uri);
    return true;
}


static bool
cmdHostname(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *host = virConnectGetHostname(ctl->conn);

    if (!host)
        return false;
    svshPrint(ctl, "%s\n", host);
    return true;
}


static void
svshPrintVersion(svshControl *ctl, const char *what, const char *type, unsigned long v)
{
    svshPrint(ctl, "%s: %s %lu.%lu.%lu\n", what, type,
              v / 1000000, v / 1000 % 1000, v % 1000);
}


static bool
cmdVersion(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    const char *type = virConnectGetType(ctl->conn);
    unsigned long lib = 0, api = 0, hv = 0;

    if (!type || virGetVersion(&lib, type, &api) < 0)
        return false;
    /* The versions are libvirt API levels: what programs compare against. */
    svshPrintVersion(ctl, "Compiled against library", "libvirt", LIBVIR_VERSION_NUMBER);
    svshPrintVersion(ctl, "Using library", "libvirt", lib);
    svshPrintVersion(ctl, "Using API", type, api);
    if (virConnectGetVersion(ctl->conn, &hv) < 0)
        return false;
    svshPrintVersion(ctl, "Running hypervisor", type, hv);
    return true;
}


const svshCmdDef svshHostCmds[] = {
    { "hostname", cmdHostname, NULL, "print the hypervisor's host name", NULL, 0 },
    { "uri", cmdURI, NULL, "print the connection's URI", NULL, 0 },
    { "version", cmdVersion, NULL, "show the library and hypervisor versions", NULL, 0 },
    { NULL },
};
