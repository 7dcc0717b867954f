/*
 * svsh.c: the snapvirt shell's main program — options, the connection,
 * running commands, output
 *
 *   svsh [-c URI] [-r] [-q] [-d LEVEL] [-e ESC] [-k SEC] [COMMAND_STRING]
 *   svsh [options] COMMAND [ARGS...]
 *
 * Without a command it reads commands interactively.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svsh.h"

#define SVSH_VERSION "0.1.0"

static void
svshVPrint(FILE *out, const char *fmt, va_list ap)
{
    vfprintf(out, fmt, ap);
    fflush(out);
}


void
svshPrint(svshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    svshVPrint(stdout, fmt, ap);
    va_end(ap);
}


void
svshPrintExtra(svshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    if (ctl->quiet)
        return;
    va_start(ap, fmt);
    svshVPrint(stdout, fmt, ap);
    va_end(ap);
}


void
svshError(svshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("error: ", stderr);
    va_start(ap, fmt);
    svshVPrint(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}


void
svshReportError(svshControl *ctl)
{
    virErrorPtr err = virGetLastError();

    if (err)
        svshError(ctl, "%s", err->message ? err->message : "unknown error");
    virResetLastError();
}


/* svsh reports library errors itself, where they belong. */
static void
svshQuietErrors(void *data G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}


bool
svshConnect(svshControl *ctl, const char *uri, bool readonly)
{
    virConnectPtr conn;

    conn = readonly ? virConnectOpenReadOnly(uri) :
                      virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
    if (!conn) {
        svshError(ctl, "%s", "failed to connect to the hypervisor");
        svshReportError(ctl);
        return false;
    }
    if (ctl->keepalive > 0) {
        /* Keepalive only exists on remote connections. */
        svshError(ctl, "%s", "Cannot setup keepalive on connection as requested, disconnecting");
        svshError(ctl, "%s", "failed to connect to the hypervisor");
        svshError(ctl, "this function is not supported by the connection driver: %s",
                  "virConnectSetKeepAlive");
        virConnectClose(conn);
        return false;
    }
    if (ctl->conn)
        virConnectClose(ctl->conn);
    ctl->conn = conn;
    ctl->readonly = readonly;
    return true;
}


bool
svshConnectionEnsure(svshControl *ctl)
{
    if (ctl->conn)
        return true;
    return svshConnect(ctl, ctl->uri, ctl->readonly);
}


/* Runs @cmds in turn; like virsh, the result is the last command's. */
bool
svshRun(svshControl *ctl, svshCmd *cmds)
{
    bool ok = true;

    for (svshCmd *cmd = cmds; cmd; cmd = cmd->next) {
        if (!(cmd->def->flags & SVSH_CMD_NOCONNECT) && !svshConnectionEnsure(ctl)) {
            ok = false;
            continue;
        }
        virResetLastError();
        if (!(ok = cmd->def->handler(ctl, cmd))) {
            /* A handler that failed on a library call leaves its error. */
            svshReportError(ctl);
        }
        if (strcmp(cmd->def->name, "quit") == 0 || strcmp(cmd->def->name, "exit") == 0)
            return ok;
        if (!(cmd->def->flags & SVSH_CMD_NO_NEWLINE))
            svshPrintExtra(ctl, "\n");
    }
    return ok;
}


static void
svshUsage(void)
{
    printf("\n"
           "svsh [options]... [<command_string>]\n"
           "svsh [options]... <command> [args...]\n"
           "\n"
           "  options:\n"
           "    -c | --connect=URI      hypervisor connection URI\n"
           "    -d | --debug=NUM        debug level [0-4]\n"
           "    -e | --escape <char>    set escape sequence for console\n"
           "    -h | --help             this help\n"
           "    -k | --keepalive-interval=NUM\n"
           "                            keepalive interval in seconds, 0 to disable\n"
           "    -q | --quiet            quiet mode\n"
           "    -r | --readonly         connect read-only\n"
           "    -v | --version          print the version\n"
           "\n"
           "  The URI defaults to $SNAPVIRT_DEFAULT_URI, else $LIBVIRT_DEFAULT_URI,\n"
           "  else test:///default.  Several commands may be given in one\n"
           "  command string, separated by ';'.  Without a command, svsh reads\n"
           "  commands interactively.\n"
           "\n"
           "  commands (non interactive mode):\n"
           "\n");
    svshGlobalHelp(NULL);
    printf("  (specify help <group> for details about the commands in the group)\n"
           "\n"
           "  (specify help <command> for details about the command)\n"
           "\n");
}


static bool
svshParseNumber(const char *text, int min, int max, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);

    if (!*text || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}


/* Parses the shell's own options; returns the index of the first
 * command word, or -1 to exit with *status. */
static int
svshParseOptions(svshControl *ctl, int argc, char **argv, int *status)
{
    static const struct option longopts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "debug", required_argument, NULL, 'd' },
        { "escape", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { "keepalive-interval", required_argument, NULL, 'k' },
        { "quiet", no_argument, NULL, 'q' },
        { "readonly", no_argument, NULL, 'r' },
        { "version", no_argument, NULL, 'v' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    opterr = 0;
    *status = EXIT_SUCCESS;
    /* "+": stop at the first command word. */
    while ((c = getopt_long(argc, argv, "+:c:d:e:hk:qrv", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            g_free(ctl->uri);
            ctl->uri = g_strdup(optarg);
            break;
        case 'd':
            if (!svshParseNumber(optarg, 0, 4, &ctl->debug))
                svshError(ctl, "ignoring debug level %s out of range [0-4]", optarg);
            break;
        case 'e':
            g_free(ctl->escape);
            ctl->escape = g_strdup(optarg);
            break;
        case 'h':
            svshUsage();
            return -1;
        case 'k':
            if (!svshParseNumber(optarg, 0, G_MAXINT, &ctl->keepalive)) {
                svshError(ctl, "Invalid value for option -k: %s", optarg);
                *status = EXIT_FAILURE;
                return -1;
            }
            break;
        case 'q':
            ctl->quiet = true;
            break;
        case 'r':
            ctl->readonly = true;
            break;
        case 'v':
            printf("%s\n", SVSH_VERSION);
            return -1;
        case ':':
            for (const struct option *o = longopts; o->name; o++) {
                if (o->val == optopt)
                    svshError(ctl, "option '-%c'/'--%s' requires an argument", optopt, o->name);
            }
            *status = EXIT_FAILURE;
            return -1;
        default:
            if (optopt)
                svshError(ctl, "unsupported option '-%c'. See --help.", optopt);
            else
                svshError(ctl, "unsupported option '%s'. See --help.", argv[optind - 1]);
            *status = EXIT_FAILURE;
            return -1;
        }
    }
    return optind;
}


static void
svshControlClear(svshControl *ctl)
{
    if (ctl->conn)
        virConnectClose(ctl->conn);
    g_free(ctl->uri);
    g_free(ctl->escape);
    g_free(ctl->historyFile);
}


int
main(int argc, char **argv)
{
    svshControl ctl = { .keepalive = -1 };
    g_autoptr(svshCmd) cmds = NULL;
    int status;
    int first;
    bool empty = false;

    virSetErrorFunc(NULL, svshQuietErrors);
    if ((first = svshParseOptions(&ctl, argc, argv, &status)) < 0) {
        svshControlClear(&ctl);
        return status;
    }

    if (first == argc) {
        ctl.imode = true;
        status = svshInteractive(&ctl);
        svshControlClear(&ctl);
        return status;
    }

    if (!svshConnect(&ctl, ctl.uri, ctl.readonly)) {
        svshControlClear(&ctl);
        return EXIT_FAILURE;
    }
    if (first == argc - 1)
        cmds = svshParseString(&ctl, argv[first], &empty);
    else
        cmds = svshParseArgv(&ctl, argc - first, argv + first);
    status = (cmds || empty) && svshRun(&ctl, cmds) ? EXIT_SUCCESS : EXIT_FAILURE;
    svshControlClear(&ctl);
    return status;
}
