/*
 * svsh.h: the snapvirt shell — command definitions, parsed commands and
 * the shell's state
 *
 * svsh follows virsh: the same command names, options, positional
 * arguments, error messages, output layout and exit codes, so habits and
 * scripts carry over.  Each command is a table entry (name, options,
 * handler); the parser turns text or argv into commands checked against
 * those tables, and handlers read their options through the accessors
 * below.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef enum {
    SVSH_OT_BOOL,     /* --flag */
    SVSH_OT_STRING,   /* --opt <string>, may also be given by position */
    SVSH_OT_INT,      /* --opt <number>, may also be given by position */
    SVSH_OT_DATA,     /* <opt>: a positional string (--opt also works) */
    SVSH_OT_ARGV,     /* every remaining positional argument */
} svshOptType;

typedef enum {
    SVSH_OFLAG_REQ = 1 << 0,       /* must be given */
    SVSH_OFLAG_EMPTY_OK = 1 << 1,  /* "" is a valid value */
    SVSH_OFLAG_NAMED = 1 << 2,     /* only as --name value, never by position */
} svshOptFlags;

typedef struct _svshControl svshControl;
typedef struct _svshCmd svshCmd;

/* Candidates for completing an option's value (a NULL-terminated list). */
typedef char **(*svshCompleter)(svshControl *ctl, const svshCmd *cmd);

typedef struct {
    const char *name;
    svshOptType type;
    unsigned int flags;           /* svshOptFlags */
    const char *help;
    svshCompleter completer;
} svshOptDef;

typedef enum {
    SVSH_CMD_NOCONNECT = 1 << 0,   /* runs without a connection */
    SVSH_CMD_NO_NEWLINE = 1 << 1,  /* no blank line after its output */
} svshCmdFlags;

typedef struct _svshCmdDef svshCmdDef;
struct _svshCmdDef {
    const char *name;
    bool (*handler)(svshControl *ctl, const svshCmd *cmd);
    const svshOptDef *opts;       /* ends with { NULL } */
    const char *help;             /* one line */
    const char *desc;             /* a paragraph, may be NULL */
    unsigned int flags;           /* svshCmdFlags */
};

typedef struct {
    const char *name;
    const char *keyword;
    const svshCmdDef *cmds;       /* ends with { NULL } */
} svshCmdGroup;

/* A command as parsed: its definition and, per option, its values. */
struct _svshCmd {
    const svshCmdDef *def;
    char **values;                /* per option: NULL if absent */
    bool *present;                /* per option (booleans have no value) */
    GPtrArray *argv;              /* values of the SVSH_OT_ARGV option */
    svshCmd *next;
};

/* Debug levels (-d): messages at or above the level are shown. */
typedef enum {
    SVSH_ERR_DEBUG = 0,
    SVSH_ERR_INFO,
    SVSH_ERR_NOTICE,
    SVSH_ERR_WARNING,
    SVSH_ERR_ERROR,
} svshErrLevel;

struct _svshControl {
    char *uri;                    /* what to connect to (NULL: default) */
    virConnectPtr conn;
    bool readonly;                /* -r */
    bool quiet;                   /* -q: no informational messages */
    bool imode;                   /* interactive (reading command lines) */
    bool timing;                  /* -t: time each command */
    int debug;                    /* -d, svshErrLevel */
    int keepalive;                /* -k seconds, 0: off, -1: default */
    int keepaliveCount;           /* -K, -1: default */
    char *escape;                 /* -e */
    char *historyFile;
    FILE *log;                    /* -l */
    virErrorPtr lastError;        /* the library's last error, kept */
};

/* The command groups (svsh-cmds.c). */
extern const svshCmdGroup svshGroups[];
const svshCmdDef *svshCommandLookup(const char *name);
const svshCmdGroup *svshGroupLookup(const char *keyword);

/* ---- parsing (svsh-parse.c) ---- */

/* Parses one line of commands ("cmd args; cmd args"; a newline also ends
 * a command).  Reports errors through svshError and returns NULL.
 * *empty tells a line without commands. */
svshCmd *svshParseString(svshControl *ctl, const char *line, bool *empty);
/* Parses one command given as separate words (the shell's own argv). */
svshCmd *svshParseArgv(svshControl *ctl, int argc, char **argv, bool *empty);
/* Splits the last command of a line into words (quotes and backslashes
 * as virsh reads them); for completion.  The last word may be
 * unfinished. */
char **svshSplitWords(const char *line);
void svshCmdFree(svshCmd *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(svshCmd, svshCmdFree)

/* ---- option accessors (svsh-parse.c) ---- */

bool svshOptBool(const svshCmd *cmd, const char *name);
/* 1 and *value if given, 0 if not, -1 (error reported) if given empty. */
int svshOptString(svshControl *ctl, const svshCmd *cmd, const char *name,
                  const char **value);
/* Like svshOptString, but -1 without a message when given empty. */
int svshOptStringQuiet(const svshCmd *cmd, const char *name, const char **value);
/* The value of a required option (already checked by the parser). */
const char *svshOptRequired(const svshCmd *cmd, const char *name);
/* 1 and *value if given, 0 if not, -1 (error reported) if not a number. */
int svshOptInt(svshControl *ctl, const svshCmd *cmd, const char *name, int *value);
/* The values of the SVSH_OT_ARGV option. */
const GPtrArray *svshOptArgv(const svshCmd *cmd);
/* Reports "Options --A and --B are mutually exclusive" if both are set. */
bool svshOptExclusive(svshControl *ctl, const svshCmd *cmd, const char *a, const char *b);
/* Reports "Option --B is required by option --A" if A is set without B. */
bool svshOptRequires(svshControl *ctl, const svshCmd *cmd, const char *a, const char *b);

/* ---- output (svsh.c) ---- */

void svshPrint(svshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Informational output, silenced by -q. */
void svshPrintExtra(svshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* "error: ..." on stderr. */
void svshError(svshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Prints the library's last error as "error: <message>" (if any): the
 * error is kept when the library raises it, so freeing objects after a
 * failed call does not lose it. */
void svshReportError(svshControl *ctl);
/* Forgets the library's last error: call it after handling a failure
 * that must not be reported (instead of virResetLastError). */
void svshResetError(svshControl *ctl);
/* A debug message (stdout and the log) if @level >= the -d level. */
void svshDebug(svshControl *ctl, svshErrLevel level, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* ---- help (svsh-help.c) ---- */

bool svshCmdHelp(svshControl *ctl, const svshCmdDef *def);
bool svshGroupHelp(svshControl *ctl, const svshCmdGroup *grp);
void svshGlobalHelp(svshControl *ctl);

/* ---- running (svsh.c) ---- */

/* Runs a list of parsed commands; false if one failed. */
bool svshRun(svshControl *ctl, svshCmd *cmds);
/* Makes sure ctl->conn is open (connecting to ctl->uri). */
bool svshConnectionEnsure(svshControl *ctl);
bool svshConnect(svshControl *ctl, const char *uri, bool readonly);

/* ---- interactive mode (svsh-readline.c) ---- */

int svshInteractive(svshControl *ctl);
