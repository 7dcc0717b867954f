/*
 * svsh-cmds.c: the command groups, and the commands about the shell and
 * the host: help, quit, exit, echo, connect, uri, hostname, version
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "svsh-util.h"
#include "svsh-cmds.h"
#include "svsh-storage.h"

const svshCmdGroup svshGroups[] = {
    { "Domain Management", "domain", svshDomainCmds },
    { "Domain Monitoring", "monitor", svshMonitorCmds },
    { "Domain Events", "events", svshEventCmds },
    { "Host and Hypervisor", "host", svshHostCmds },
    { "Snapshot", "snapshot", svshSnapshotCmds },
    { "Backup", "backup", svshBackupCmds },
    { "Storage Pool", "pool", svshPoolCmds },
    { "Storage Volume", "volume", svshVolCmds },
    { "Volume Snapshot", "volsnapshot", svshVolSnapshotCmds },
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
        /* By its keyword, or by its name as the listing shows it. */
        if (strcmp(grp->keyword, keyword) == 0 || strcmp(grp->name, keyword) == 0)
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

    /* No name, or an empty one: the list of every command. */
    if (svshOptStringQuiet(cmd, "command", &name) <= 0) {
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


/* Quotes @arg for a POSIX shell when it holds a character the shell
 * would act on (an empty word is quoted too). */
static void
svshEchoShell(GString *out, const char *arg)
{
    static const char special[] = " \t\r\n!\"#$&'()*;<>?[\\]^`{|}~";

    if (*arg && !arg[strcspn(arg, special)]) {
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

    if (!svshOptExclusive(ctl, cmd, "shell", "xml") ||
        !svshOptExclusive(ctl, cmd, "shell", "split") ||
        !svshOptExclusive(ctl, cmd, "xml", "split"))
        return false;

    for (size_t i = 0; i < args->len; i++) {
        const char *arg = args->pdata[i];

        if (i)
            g_string_append_c(out, ' ');
        if (svshOptBool(cmd, "shell")) {
            svshEchoShell(out, arg);
        } else if (svshOptBool(cmd, "xml")) {
            svshXMLEscape(out, arg);
        } else if (svshOptBool(cmd, "split")) {
            g_auto(GStrv) pieces = svshSplitList(arg);

            for (char **p = pieces; *p; p++)
                g_string_append_printf(out, "%s\n", *p);
        } else {
            g_string_append(out, arg);
        }
    }
    /* Nothing at all to print without arguments (not even "error: "). */
    if (!args->len)
        return true;
    /* The line ends with the blank line every command is followed by. */
    if (svshOptBool(cmd, "err"))
        svshError(ctl, "%s", out->str);
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
    /* No name: the current URI again, read-only if it was (or if asked);
     * "": the default URI. */
    if (!name)
        return svshConnect(ctl, ctl->uri, ctl->readonly || svshOptBool(cmd, "readonly"));
    return svshConnect(ctl, name, svshOptBool(cmd, "readonly"));
}


static bool
cmdCd(svshControl *ctl, const svshCmd *cmd)
{
    const char *dir = NULL;

    if (!ctl->imode) {
        svshError(ctl, "%s", "cd: command valid only in interactive mode");
        return false;
    }
    if (svshOptString(ctl, cmd, "dir", &dir) < 0)
        return false;
    if (!dir)
        dir = g_get_home_dir();
    if (chdir(dir) < 0) {
        svshError(ctl, "cd: %s: %s", g_strerror(errno), dir);
        return false;
    }
    return true;
}


static bool
cmdPwd(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *cwd = g_get_current_dir();

    svshPrint(ctl, "%s\n", cwd);
    return true;
}


static const svshOptDef optsCd[] = {
    { "dir", SVSH_OT_STRING, 0, "the new working directory (default: the home directory)" },
    { NULL },
};

static const svshOptDef optsHelp[] = {
    { "command", SVSH_OT_STRING, 0, "a command or a group of commands", svshCompleteCommands },
    { NULL },
};

static const svshOptDef optsEcho[] = {
    { "shell", SVSH_OT_BOOL, 0, "quote each argument for a POSIX shell where needed" },
    { "xml", SVSH_OT_BOOL, 0, "escape each argument for XML" },
    { "split", SVSH_OT_BOOL, 0, "print each comma-separated piece on its own line "
      "(',,' is a literal comma)" },
    { "err", SVSH_OT_BOOL, 0, "print to standard error, as an error message" },
    { "string", SVSH_OT_ARGV, 0, "the words to print" },
    { NULL },
};

static const svshOptDef optsConnect[] = {
    { "name", SVSH_OT_STRING, SVSH_OFLAG_EMPTY_OK,
      "the URI to connect to (\"\" for the default one)" },
    { "readonly", SVSH_OT_BOOL, 0, "open a read-only connection" },
    { NULL },
};

const svshCmdDef svshShellCmds[] = {
    { "cd", cmdCd, optsCd, "change the working directory",
      "Changes svsh's working directory, where relative file names are looked "
      "up.  Interactive mode only.", SVSH_CMD_NOCONNECT },
    { "connect", cmdConnect, optsConnect, "(re)connect to a hypervisor",
      "Closes the current connection and opens a new one, to the given URI or to the "
      "current one.  If the new one cannot be opened, the next command that needs a "
      "connection opens the previous URI again.", SVSH_CMD_NOCONNECT },
    { "echo", cmdEcho, optsEcho, "print the arguments",
      "Prints the arguments back, separated by blanks, optionally quoted for a shell, "
      "escaped for XML or split at commas.  For testing and scripts.",
      SVSH_CMD_NOCONNECT },
    { "exit", cmdQuit, NULL, "leave the shell",
      "Ends the session; in a command string, later commands do not run.",
      SVSH_CMD_NOCONNECT },
    { "help", cmdHelp, optsHelp, "print help",
      "Prints the list of commands, the commands of a group, or the help of one command.",
      SVSH_CMD_NOCONNECT },
    { "pwd", cmdPwd, NULL, "print the working directory",
      "Prints svsh's working directory.", SVSH_CMD_NOCONNECT },
    { "quit", cmdQuit, NULL, "leave the shell",
      "Ends the session; in a command string, later commands do not run.",
      SVSH_CMD_NOCONNECT },
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
cmdVersion(svshControl *ctl, const svshCmd *cmd)
{
    const char *type = virConnectGetType(ctl->conn);
    unsigned long lib = 0, api = 0, hv = 0;

    if (!type || virGetVersion(&lib, type, &api) < 0)
        return false;
    /* The versions are libvirt API levels: what programs compare against. */
    svshPrintVersion(ctl, "Compiled against library", "libvirt", LIBVIR_VERSION_NUMBER);
    svshPrintVersion(ctl, "Using library", "libvirt", lib);
    svshPrintVersion(ctl, "Using API", type, api);
    if (virConnectGetVersion(ctl->conn, &hv) < 0) {
        svshError(ctl, "%s", "failed to get the hypervisor version");
        return false;
    }
    if (hv == 0) {
        svshPrint(ctl, "Cannot extract running %s hypervisor version\n", type);
    } else {
        svshPrintVersion(ctl, "Running hypervisor", type, hv);
    }
    if (svshOptBool(cmd, "daemon")) {
        unsigned long daemon = 0;

        if (virConnectGetLibVersion(ctl->conn, &daemon) < 0) {
            svshError(ctl, "%s", "failed to get the daemon version");
            return false;
        }
        svshPrint(ctl, "Running against daemon: %lu.%lu.%lu\n",
                  daemon / 1000000, daemon / 1000 % 1000, daemon % 1000);
    }
    return true;
}


static const svshOptDef optsVersion[] = {
    { "daemon", SVSH_OT_BOOL, 0, "also print the version of the library serving the connection" },
    { NULL },
};

const svshCmdDef svshHostCmds[] = {
    { "hostname", cmdHostname, NULL, "print the hypervisor's host name",
      "Prints the name of the host the hypervisor runs on.", 0 },
    { "uri", cmdURI, NULL, "print the connection's URI",
      "Prints the URI of the open connection, as the hypervisor names it.", 0 },
    { "version", cmdVersion, optsVersion, "show the library and hypervisor versions",
      "Prints the versions of the library svsh was built with and runs with, of the API "
      "the hypervisor driver offers and of the hypervisor itself.", 0 },
    { NULL },
};
