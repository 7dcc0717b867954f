/*
 * svsh.c: the snapvirt shell's main program — options, the connection,
 * running commands, output
 *
 *   svsh [options] [COMMAND_STRING]
 *   svsh [options] COMMAND [ARGS...]
 *
 * Without a command it reads commands interactively.  The library's
 * event loop runs in a thread of its own from start to exit.  As in virsh, the
 * whole command line is parsed before anything runs; a URI given with -c
 * is connected to before the first command, the default one only when a
 * command first needs it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svsh.h"
#include "svsh-blockjob.h"

#ifndef SVSH_VERSION
# define SVSH_VERSION "0.1.0"
#endif

/* virsh's keepalive defaults: a probe every 5 s, 6 unanswered ones and
 * the connection is closed. */
#define SVSH_KEEPALIVE_INTERVAL 5
#define SVSH_KEEPALIVE_COUNT 6

static const char *const svshLevelNames[] = {
    "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
};


/* Appends one line to the -l log: "[date time svsh PID] LEVEL message". */
static void
svshLog(svshControl *ctl, svshErrLevel level, const char *msg)
{
    g_autoptr(GDateTime) now = NULL;
    g_autofree char *stamp = NULL;
    size_t len = strlen(msg);

    if (!ctl || !ctl->log)
        return;
    now = g_date_time_new_now_local();
    stamp = g_date_time_format(now, "%Y.%m.%d %H:%M:%S");
    fprintf(ctl->log, "[%s svsh %d] %s %.*s\n", stamp, (int)getpid(),
            svshLevelNames[level], (int)(len && msg[len - 1] == '\n' ? len - 1 : len), msg);
    fflush(ctl->log);
}


void
svshPrint(svshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fflush(stdout);
}


void
svshPrintExtra(svshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    if (ctl->quiet)
        return;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fflush(stdout);
}


void
svshDebug(svshControl *ctl, svshErrLevel level, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    if (!ctl || (int)level < ctl->debug)
        return;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    svshLog(ctl, level, msg);
    fputs(msg, stdout);
    fflush(stdout);
}


void
svshError(svshControl *ctl, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    svshLog(ctl, SVSH_ERR_ERROR, msg);
    fflush(stdout);
    fprintf(stderr, "error: %s\n", msg);
    fflush(stderr);
}


/* The library's error callback: keeps a copy of each error raised, so
 * that it survives the calls (frees, lookups) that reset the thread's
 * last error before the command reports it. */
static void
svshKeepError(void *opaque, virErrorPtr err G_GNUC_UNUSED)
{
    svshControl *ctl = opaque;

    virFreeError(ctl->lastError);
    ctl->lastError = virSaveLastError();
}


void
svshReportError(svshControl *ctl)
{
    virErrorPtr err = ctl->lastError;

    if (!err)
        err = ctl->lastError = virSaveLastError();
    if (err && err->code != VIR_ERR_OK)
        svshError(ctl, "%s", err->message ? err->message : "unknown error");
    svshResetError(ctl);
}


void
svshResetError(svshControl *ctl)
{
    virFreeError(ctl->lastError);
    ctl->lastError = NULL;
    virResetLastError();
}


/* Applies the keepalive settings to a new connection; false (reported,
 * @conn closed) when they were asked for and cannot be honoured. */
static bool
svshKeepalive(svshControl *ctl, virConnectPtr conn)
{
    bool forced = ctl->keepalive >= 0 || ctl->keepaliveCount >= 0;
    int interval = ctl->keepalive >= 0 ? ctl->keepalive : SVSH_KEEPALIVE_INTERVAL;
    int count = ctl->keepaliveCount >= 0 ? ctl->keepaliveCount : SVSH_KEEPALIVE_COUNT;
    g_autofree char *why = NULL;
    int rc;

    /* Only connections to a daemon have keepalive; -k 0 turns it off. */
    if (interval == 0)
        return true;
    if ((rc = virConnectSetKeepAlive(conn, interval, count)) == 0)
        return true;
    if (!forced) {
        svshDebug(ctl, SVSH_ERR_INFO, "%s\n", "Failed to setup keepalive on connection");
        svshResetError(ctl);
        return true;
    }
    why = g_strdup(rc < 0 ? virGetLastErrorMessage() : "the daemon does not do keepalive");
    svshError(ctl, "%s", "Cannot setup keepalive on connection as requested, disconnecting");
    virConnectClose(conn);
    svshError(ctl, "%s", "failed to connect to the hypervisor");
    svshError(ctl, "%s", why);
    return false;
}


bool
svshConnect(svshControl *ctl, const char *uri, bool readonly)
{
    virConnectPtr conn;

    if (ctl->conn) {
        virConnectClose(ctl->conn);
        ctl->conn = NULL;
    }
    svshResetError(ctl);
    conn = readonly ? virConnectOpenReadOnly(uri) :
                      virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
    if (!conn) {
        svshError(ctl, "%s", "failed to connect to the hypervisor");
        svshReportError(ctl);
        return false;
    }
    if (!svshKeepalive(ctl, conn)) {
        svshResetError(ctl);
        return false;
    }
    if (uri != ctl->uri) {
        g_free(ctl->uri);
        ctl->uri = g_strdup(uri);
    }
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
        gint64 start = g_get_monotonic_time();

        svshResetError(ctl);
        if (!(cmd->def->flags & SVSH_CMD_NOCONNECT) && !svshConnectionEnsure(ctl)) {
            ok = false;
        } else if (!(ok = cmd->def->handler(ctl, cmd))) {
            /* A handler that failed on a library call leaves its error. */
            svshReportError(ctl);
        }
        if (strcmp(cmd->def->name, "quit") == 0 || strcmp(cmd->def->name, "exit") == 0)
            return ok;
        if (cmd->def->flags & SVSH_CMD_NO_NEWLINE)
            continue;
        /* The time is printed even with -q; the blank line is not. */
        if (ctl->timing)
            svshPrint(ctl, "\n(Time: %.3f ms)\n\n",
                      (g_get_monotonic_time() - start) / 1000.0);
        else
            svshPrintExtra(ctl, "\n");
    }
    return ok;
}


static void
svshUsage(void)
{
    printf("\n"
           "svsh, the snapvirt shell: manages domains and their snapshots as virsh does.\n"
           "\n"
           "  svsh [options]... [<command_string>]\n"
           "  svsh [options]... <command> [args...]\n"
           "\n"
           "  options:\n"
           "    -c | --connect=URI      hypervisor connection URI\n"
           "    -d | --debug=NUM        debug level [0-4]: print messages of this level\n"
           "                            and above\n"
           "    -e | --escape <char>    escape sequence for the console\n"
           "    -h | --help             this help\n"
           "    -k | --keepalive-interval=NUM\n"
           "                            keepalive interval in seconds, 0 to disable\n"
           "    -K | --keepalive-count=NUM\n"
           "                            unanswered keepalive probes before giving up\n"
           "    -l | --log=FILE         append debug messages and errors to FILE\n"
           "    -q | --quiet            no informational messages, no table headers\n"
           "    -r | --readonly         connect read-only\n"
           "    -t | --timing           print the time each command took\n"
           "    -v | --version[=short]  print svsh's version\n"
           "    -V | --version=long     print the version and what svsh supports\n"
           "\n"
           "  The URI is the one given with -c, else $SNAPVIRT_DEFAULT_URI, else\n"
           "  $LIBVIRT_DEFAULT_URI, else test:///default.  URIs of this build\n"
           "  (svsh -V lists its drivers):\n"
           "    test:///default              the built-in test hypervisor\n"
           "    test:///PATH/node.xml        a test hypervisor loaded from a file\n"
           "    qemu:///embed?root=DIR       QEMU driven in-process, state under DIR\n"
           "\n"
           "  Several commands may be given in one command string, separated by\n"
           "  ';' (or as separate arguments: one command and its options).\n"
           "  Without a command, svsh reads commands from standard input; on a\n"
           "  terminal with line editing, tab completion of commands, options,\n"
           "  domain and snapshot names, and a history kept in\n"
           "  $XDG_DATA_HOME/svsh/history (~/.local/share/svsh/history).\n"
           "  The exit status is the last command's: 0 on success, 1 on error.\n"
           "\n"
           "  commands (non interactive mode):\n"
           "\n");
    svshGlobalHelp(NULL);
    printf("  (specify help <group> for details about the commands in the group)\n"
           "\n"
           "  (specify help <command> for details about the command)\n"
           "\n");
}


static void
svshVersionLong(void)
{
    printf("svsh, the shell of snapvirt %s\n"
           "\n"
           "Drivers: Test QEMU\n"
           "Line editing: Readline\n"
           "\n", SVSH_VERSION);
}


/* A whole number as virsh reads option values: leading blanks and a
 * sign allowed, nothing after the digits; @base 0 also takes 0x and 0. */
static bool
svshParseLong(const char *text, int base, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(text, &end, base);
    return end != text && !*end && !errno && *out >= G_MININT && *out <= G_MAXINT;
}


/* -e: one character other than '^', or '^' and a letter (or one of
 * @[\]^_). */
static bool
svshEscapeValid(const char *esc)
{
    if (strlen(esc) == 1)
        return esc[0] != '^';
    return strlen(esc) == 2 && esc[0] == '^' &&
        (g_ascii_toupper(esc[1]) & ~0x1f) == 0x40;
}


/* -k and -K: a non-negative number of seconds / probes.  @opt is the
 * option as given ("-k" or "--keepalive-interval"). */
static bool
svshParseKeepalive(svshControl *ctl, const char *opt, const char *text, int *out)
{
    long v;

    if (!svshParseLong(text, 0, &v)) {
        svshError(ctl, "Invalid value for option %s", opt);
        return false;
    }
    if (v < 0) {
        svshError(ctl, "option %s requires a positive integer argument", opt);
        return false;
    }
    *out = v;
    return true;
}


static bool
svshParseDebug(svshControl *ctl, const char *opt, const char *text)
{
    long v;

    if (!svshParseLong(text, 10, &v)) {
        svshError(ctl, "option %s takes a numeric argument", opt);
        return false;
    }
    if (v < SVSH_ERR_DEBUG || v > SVSH_ERR_ERROR)
        svshError(ctl, "ignoring debug level %ld out of range [%d-%d]", v,
                  SVSH_ERR_DEBUG, SVSH_ERR_ERROR);
    else
        ctl->debug = v;
    return true;
}


/* The debug level and log file from the environment (SVSH_DEBUG,
 * SVSH_LOG_FILE), read as virsh reads VIRSH_DEBUG and VIRSH_LOG_FILE:
 * once before the options and once after them.  The second time the
 * level is read only if it is still the default one (4, so "-d 4" does
 * not override SVSH_DEBUG, and a bad value is reported twice), the file
 * only if none was named yet (*logNamed: by an earlier call).  False if
 * the log file cannot be opened: like virsh, svsh then gives up. */
static bool
svshParseEnvironment(svshControl *ctl, bool *logNamed)
{
    const char *debug = getenv("SVSH_DEBUG");
    const char *log = getenv("SVSH_LOG_FILE");
    long v;

    if (debug && ctl->debug == SVSH_ERR_ERROR) {
        if (svshParseLong(debug, 10, &v) && v >= SVSH_ERR_DEBUG && v <= SVSH_ERR_ERROR)
            ctl->debug = v;
        else
            svshError(ctl, "SVSH_DEBUG not set with a valid numeric value");
    }
    if (log && *log && !ctl->log && !*logNamed) {
        *logNamed = true;
        if (!(ctl->log = fopen(log, "a"))) {
            svshError(ctl, "%s", "failed to open the log file. check the log file path");
            return false;
        }
    }
    return true;
}


static bool
svshOpenLog(svshControl *ctl, const char *path)
{
    if (ctl->log)
        fclose(ctl->log);
    if (!(ctl->log = fopen(path, "a"))) {
        svshError(ctl, "%s", "failed to open the log file. check the log file path");
        return false;
    }
    return true;
}


static const struct option svshLongOptions[] = {
    { "connect", required_argument, NULL, 'c' },
    { "debug", required_argument, NULL, 'd' },
    { "escape", required_argument, NULL, 'e' },
    { "help", no_argument, NULL, 'h' },
    { "keepalive-interval", required_argument, NULL, 'k' },
    { "keepalive-count", required_argument, NULL, 'K' },
    { "log", required_argument, NULL, 'l' },
    { "quiet", no_argument, NULL, 'q' },
    { "readonly", no_argument, NULL, 'r' },
    { "timing", no_argument, NULL, 't' },
    { "version", optional_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
};


/* Applies global option @c (named @given in messages; @word is the
 * argument that held it).  Returns 0 to go on, -1 to stop with *@status. */
static int
svshApplyOption(svshControl *ctl, int c, const char *given, const char *word, int *status)
{
    switch (c) {
    case 'c':
        g_free(ctl->uri);
        ctl->uri = g_strdup(optarg);
        break;
    case 'd':
        if (!svshParseDebug(ctl, given, optarg))
            return -1;
        break;
    case 'e':
        if (!svshEscapeValid(optarg)) {
            svshError(ctl, "Invalid string '%s' for escape sequence", optarg);
            return -1;
        }
        g_free(ctl->escape);
        ctl->escape = g_strdup(optarg);
        break;
    case 'h':
        svshUsage();
        *status = EXIT_SUCCESS;
        return -1;
    case 'k':
        if (!svshParseKeepalive(ctl, given, optarg, &ctl->keepalive))
            return -1;
        break;
    case 'K':
        if (!svshParseKeepalive(ctl, given, optarg, &ctl->keepaliveCount))
            return -1;
        break;
    case 'l':
        if (!svshOpenLog(ctl, optarg))
            return -1;
        break;
    case 'q':
        ctl->quiet = true;
        break;
    case 'r':
        ctl->readonly = true;
        break;
    case 't':
        ctl->timing = true;
        break;
    case 'v':
        /* Anything but "long" is the short version. */
        if (!optarg || strcmp(optarg, "long") != 0) {
            printf("%s\n", SVSH_VERSION);
            *status = EXIT_SUCCESS;
            return -1;
        }
        G_GNUC_FALLTHROUGH;
    case 'V':
        svshVersionLong();
        *status = EXIT_SUCCESS;
        return -1;
    case ':':
        for (const struct option *o = svshLongOptions; o->name; o++) {
            if (o->val == optopt)
                svshError(ctl, "option '-%c'/'--%s' requires an argument", optopt, o->name);
        }
        return -1;
    default:
        if (optopt)
            svshError(ctl, "unsupported option '-%c'. See --help.", optopt);
        else
            svshError(ctl, "unsupported option '%s'. See --help.", word);
        return -1;
    }
    return 0;
}


/* Parses the shell's own options; returns the index of the first
 * command word, or -1 to exit with *status. */
static int
svshParseOptions(svshControl *ctl, int argc, char **argv, int *status)
{
    int longindex = -1;
    int c;

    opterr = 0;
    *status = EXIT_FAILURE;
    /* "+": stop at the first command word. */
    while ((c = getopt_long(argc, argv, "+:c:d:e:hk:K:l:qrtvV", svshLongOptions,
                            &longindex)) != -1) {
        /* Messages name the option as it was given. */
        g_autofree char *given = longindex >= 0 ?
            g_strdup_printf("--%s", svshLongOptions[longindex].name) :
            g_strdup_printf("-%c", c);

        longindex = -1;
        if (svshApplyOption(ctl, c, given, argv[optind - 1], status) < 0)
            return -1;
    }
    *status = EXIT_SUCCESS;
    return optind;
}


static void
svshControlClear(svshControl *ctl)
{
    if (ctl->conn)
        virConnectClose(ctl->conn);
    virFreeError(ctl->lastError);
    if (ctl->log)
        fclose(ctl->log);
    g_free(ctl->uri);
    g_free(ctl->escape);
    g_free(ctl->historyFile);
}


static int
svshMain(svshControl *ctl, int argc, char **argv)
{
    g_autoptr(svshCmd) cmds = NULL;
    int status;
    int first;
    bool empty = false;
    bool logNamed = false;

    if (!svshParseEnvironment(ctl, &logNamed))
        return EXIT_FAILURE;
    if ((first = svshParseOptions(ctl, argc, argv, &status)) < 0)
        return status;

    if (first < argc) {
        if (first == argc - 1) {
            cmds = svshParseString(ctl, argv[first], &empty);
            /* An empty command string is a failure, a blank one is not. */
            if (!*argv[first])
                return EXIT_FAILURE;
        } else {
            cmds = svshParseArgv(ctl, argc - first, argv + first, &empty);
        }
        if (!cmds && !empty)
            return EXIT_FAILURE;
    } else {
        ctl->imode = true;
    }
    /* Again, as virsh does once the command line has been read. */
    if (!svshParseEnvironment(ctl, &logNamed))
        return EXIT_FAILURE;

    /* A URI given explicitly must work; the default one is opened when
     * a command needs it (the first command may be "connect"). */
    if (ctl->uri && !svshConnect(ctl, ctl->uri, ctl->readonly))
        return EXIT_FAILURE;

    if (ctl->imode)
        return svshInteractive(ctl);
    return svshRun(ctl, cmds) ? EXIT_SUCCESS : EXIT_FAILURE;
}


int
main(int argc, char **argv)
{
    svshControl ctl = {
        .keepalive = -1,
        .keepaliveCount = -1,
        .debug = SVSH_ERR_ERROR,
    };
    int status;

    virSetErrorFunc(&ctl, svshKeepError);
    /* As virsh: events are delivered, and the test driver's block jobs
     * move, on a loop of their own while commands run. */
    if (!svshEventLoopStart()) {
        svshReportError(&ctl);
        return EXIT_FAILURE;
    }
    status = svshMain(&ctl, argc, argv);
    svshControlClear(&ctl);
    svshEventLoopStop();
    return status;
}
