/*
 * svsh-parse.c: from command lines to checked commands, and the option
 * accessors used by command handlers
 *
 * A command string is read one token at a time, as virsh reads it:
 * blanks and tabs separate words; ';' or a newline ends a command; a word
 * starting with '#' starts a comment that runs to the end of the line.
 * Inside a word, single quotes keep everything literally (a quote left
 * open runs to the end of the string); double quotes keep blanks and let
 * a backslash escape the next character (a double quote left open is an
 * error); outside single quotes a backslash escapes the next character,
 * and a backslash before a newline disappears.  In argv mode each
 * argument is one word and nothing is special.
 *
 * Words then fill a command's options: "--name value", "--name=value",
 * "--flag"; "--" makes every later word data; a bare word fills the next
 * positional option.  "CMD ... --help" becomes "help CMD" once the whole
 * command has been read.  The whole input is parsed before anything runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svsh.h"

typedef enum {
    SVSH_TK_ERROR,        /* reported */
    SVSH_TK_ARG,          /* a word */
    SVSH_TK_CMD_END,      /* ';', a newline or a comment */
    SVSH_TK_END,          /* no more input */
} svshToken;

/* Where the next token comes from: a string, or a vector of words. */
typedef struct {
    const char *pos;      /* string mode */
    char **argv;          /* argv mode (when non-NULL) */
    size_t argc;
    size_t next;
    bool lenient;         /* for completion: unfinished input is fine */
} svshTokenizer;


static bool
svshIsBlank(char c)
{
    return c == ' ' || c == '\t';
}


/* Reads one word of a command string into *word. */
static svshToken
svshNextStringToken(svshControl *ctl, svshTokenizer *tk, char **word)
{
    const char *p = tk->pos;
    bool single = false;
    bool dbl = false;
    GString *w;

    while (svshIsBlank(*p) || (*p == '\\' && p[1] == '\n'))
        p += *p == '\\' ? 2 : 1;
    if (!*p) {
        tk->pos = p;
        return SVSH_TK_END;
    }
    if (*p == ';' || *p == '\n') {
        tk->pos = p + 1;
        return SVSH_TK_CMD_END;
    }
    if (*p == '#') {
        p += strcspn(p, "\n");
        tk->pos = *p ? p + 1 : p;
        return SVSH_TK_CMD_END;
    }

    w = g_string_new(NULL);
    for (; *p; p++) {
        if (!single && !dbl && (svshIsBlank(*p) || *p == ';' || *p == '\n'))
            break;
        if (!dbl && *p == '\'') {
            single = !single;
            continue;
        }
        if (!single && *p == '"') {
            dbl = !dbl;
            continue;
        }
        if (!single && *p == '\\') {
            if (!p[1]) {
                if (tk->lenient)
                    break;
                svshError(ctl, "%s", "dangling \\");
                g_string_free(w, TRUE);
                return SVSH_TK_ERROR;
            }
            if (p[1] == '\n') {
                p++;
                continue;
            }
            p++;
        }
        g_string_append_c(w, *p);
    }
    tk->pos = p;
    if (dbl && !tk->lenient) {
        svshError(ctl, "%s", "missing \"");
        g_string_free(w, TRUE);
        return SVSH_TK_ERROR;
    }
    *word = g_string_free(w, FALSE);
    return SVSH_TK_ARG;
}


/* The next token; *word (owned by the caller) is set for SVSH_TK_ARG. */
static svshToken
svshNextToken(svshControl *ctl, svshTokenizer *tk, char **word)
{
    *word = NULL;
    if (tk->argv) {
        if (tk->next >= tk->argc)
            return SVSH_TK_END;
        *word = g_strdup(tk->argv[tk->next++]);
        return SVSH_TK_ARG;
    }
    return svshNextStringToken(ctl, tk, word);
}


char **
svshSplitWords(const char *line)
{
    svshTokenizer tk = { .pos = line, .lenient = true };
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    svshToken t;
    char *w;

    while ((t = svshNextToken(NULL, &tk, &w)) != SVSH_TK_END) {
        if (t == SVSH_TK_CMD_END)
            g_ptr_array_set_size(words, 0);
        else if (t == SVSH_TK_ARG)
            g_ptr_array_add(words, w);
    }
    g_ptr_array_set_free_func(words, NULL);
    g_ptr_array_add(words, NULL);
    return (char **)g_ptr_array_free(words, FALSE);
}


void
svshCmdFree(svshCmd *cmd)
{
    while (cmd) {
        svshCmd *next = cmd->next;
        size_t n = 0;

        for (const svshOptDef *o = cmd->def->opts; o && o->name; o++)
            n++;
        for (size_t i = 0; i < n; i++)
            g_free(cmd->values[i]);
        g_free(cmd->values);
        g_free(cmd->present);
        if (cmd->argv)
            g_ptr_array_unref(cmd->argv);
        g_free(cmd);
        cmd = next;
    }
}


static svshCmd *
svshCmdNew(const svshCmdDef *def)
{
    svshCmd *cmd = g_new0(svshCmd, 1);
    size_t nopts = 0;

    for (const svshOptDef *o = def->opts; o && o->name; o++)
        nopts++;
    cmd->def = def;
    cmd->values = g_new0(char *, nopts + 1);
    cmd->present = g_new0(bool, nopts + 1);
    cmd->argv = g_ptr_array_new_with_free_func(g_free);
    return cmd;
}


static int
svshOptIndex(const svshCmdDef *def, const char *name)
{
    for (int i = 0; def->opts && def->opts[i].name; i++) {
        if (strcmp(def->opts[i].name, name) == 0)
            return i;
    }
    return -1;
}


static void
svshSetValue(svshControl *ctl, svshCmd *cmd, int i, const char *value)
{
    const svshOptDef *opt = &cmd->def->opts[i];

    cmd->present[i] = true;
    if (opt->type == SVSH_OT_BOOL) {
        svshDebug(ctl, SVSH_ERR_INFO, "%s: %s(bool): (none)\n", cmd->def->name, opt->name);
        return;
    }
    svshDebug(ctl, SVSH_ERR_INFO, "%s: %s(optdata): %s\n", cmd->def->name, opt->name, value);
    if (opt->type == SVSH_OT_ARGV) {
        g_ptr_array_add(cmd->argv, g_strdup(value));
        return;
    }
    g_free(cmd->values[i]);
    cmd->values[i] = g_strdup(value);
}


/* The next option a bare word fills: the first non-boolean option not
 * yet given that may be given by position (an ARGV option takes all). */
static int
svshNextPositional(const svshCmd *cmd)
{
    const svshOptDef *opts = cmd->def->opts;

    for (int i = 0; opts && opts[i].name; i++) {
        if (opts[i].type == SVSH_OT_BOOL || (opts[i].flags & SVSH_OFLAG_NAMED))
            continue;
        if (!cmd->present[i] || opts[i].type == SVSH_OT_ARGV)
            return i;
    }
    return -1;
}


/* A command being read: what the words so far made of it. */
typedef struct {
    svshCmd *cmd;
    bool dataOnly;        /* after "--" */
    bool help;            /* "--help" was given */
    bool isHelp;          /* the command is "help": it forgives mistakes */
} svshParseState;


/* Handles the word "--NAME[=VALUE]"; false after reporting an error. */
static bool
svshParseOption(svshControl *ctl, svshTokenizer *tk, svshParseState *st, const char *word)
{
    svshCmd *cmd = st->cmd;
    g_autofree char *name = g_strdup(word + 2);
    g_autofree char *value = NULL;
    char *eq = strchr(name, '=');
    const svshOptDef *opt;
    int idx;

    if (eq) {
        *eq = '\0';
        value = g_strdup(eq + 1);
    }
    if (strcmp(name, "help") == 0) {
        if (value) {
            svshError(ctl, "invalid '=' after option --%s", name);
            return false;
        }
        svshDebug(ctl, SVSH_ERR_INFO, "%s: help(bool): (none)\n", cmd->def->name);
        st->help = true;
        return true;
    }
    if ((idx = svshOptIndex(cmd->def, name)) < 0) {
        /* "help" ignores what it does not know. */
        if (st->isHelp)
            return true;
        svshError(ctl, "command '%s' doesn't support option --%s", cmd->def->name, name);
        return false;
    }
    opt = &cmd->def->opts[idx];
    if (cmd->present[idx] && opt->type != SVSH_OT_ARGV) {
        svshError(ctl, "option --%s already seen", name);
        return st->isHelp;
    }
    if (opt->type == SVSH_OT_BOOL) {
        if (value) {
            svshError(ctl, "invalid '=' after option --%s", name);
            return false;
        }
        svshSetValue(ctl, cmd, idx, NULL);
        return true;
    }
    if (!value) {
        svshToken t = svshNextToken(ctl, tk, &value);

        if (t == SVSH_TK_ERROR)
            return false;
        if (t != SVSH_TK_ARG) {
            svshError(ctl, "expected syntax: --%s <%s>", name,
                      opt->type == SVSH_OT_INT ? "number" : "string");
            return false;
        }
    }
    svshSetValue(ctl, cmd, idx, value);
    return true;
}


/* Whether @word is an option ("--" and a letter or digit). */
static bool
svshIsOption(const char *word)
{
    return word[0] == '-' && word[1] == '-' && g_ascii_isalnum(word[2]);
}


/* The options a command cannot do without, once it has been read. */
static bool
svshCheckRequired(svshControl *ctl, const svshCmd *cmd)
{
    const svshCmdDef *def = cmd->def;

    for (size_t i = 0; def->opts && def->opts[i].name; i++) {
        const svshOptDef *o = &def->opts[i];

        if (!(o->flags & SVSH_OFLAG_REQ) || cmd->present[i])
            continue;
        if (o->flags & SVSH_OFLAG_NAMED)
            svshError(ctl, "command '%s' requires --%s option", def->name, o->name);
        else
            svshError(ctl, "command '%s' requires <%s> option", def->name, o->name);
        return false;
    }
    return true;
}


/* Reads the rest of the command named @name; *last tells the token that
 * ended it.  NULL after reporting an error. */
static svshCmd *
svshParseCommand(svshControl *ctl, svshTokenizer *tk, const char *name, svshToken *last)
{
    const svshCmdDef *def = svshCommandLookup(name);
    g_autoptr(svshCmd) cmd = NULL;
    svshParseState st = { 0 };

    if (!def) {
        svshError(ctl, "unknown command: '%s'", name);
        return NULL;
    }
    cmd = st.cmd = svshCmdNew(def);
    st.isHelp = strcmp(def->name, "help") == 0;

    for (;;) {
        g_autofree char *word = NULL;
        svshToken t = svshNextToken(ctl, tk, &word);
        int idx;

        if (t == SVSH_TK_ERROR)
            return NULL;
        if (t != SVSH_TK_ARG) {
            *last = t;
            break;
        }
        if (!st.dataOnly && strcmp(word, "--") == 0) {
            st.dataOnly = true;
            continue;
        }
        if (!st.dataOnly && svshIsOption(word)) {
            if (!svshParseOption(ctl, tk, &st, word))
                return NULL;
            continue;
        }
        if ((idx = svshNextPositional(cmd)) < 0) {
            if (st.isHelp)
                continue;
            svshError(ctl, "unexpected data '%s'", word);
            return NULL;
        }
        svshSetValue(ctl, cmd, idx, word);
    }

    if (st.help) {
        /* "CMD --help" is "help CMD". */
        svshCmdFree(g_steal_pointer(&cmd));
        cmd = svshCmdNew(svshCommandLookup("help"));
        cmd->present[0] = true;
        cmd->values[0] = g_strdup(def->name);
        return g_steal_pointer(&cmd);
    }
    if (!svshCheckRequired(ctl, cmd))
        return NULL;
    return g_steal_pointer(&cmd);
}


/* Parses every command @tk yields; *empty when there was none. */
static svshCmd *
svshParse(svshControl *ctl, svshTokenizer *tk, bool *empty)
{
    svshCmd *head = NULL;
    svshCmd **tail = &head;
    svshToken t;

    *empty = false;
    for (;;) {
        g_autofree char *word = NULL;

        t = svshNextToken(ctl, tk, &word);
        if (t == SVSH_TK_ERROR)
            goto error;
        if (t == SVSH_TK_END)
            break;
        if (t == SVSH_TK_CMD_END)
            continue;
        if (*word == '#') {
            /* A command word starting with '#' (in argv mode, or quoted)
             * comments out the rest of the command. */
            do {
                g_clear_pointer(&word, g_free);
                t = svshNextToken(ctl, tk, &word);
            } while (t == SVSH_TK_ARG);
            if (t == SVSH_TK_ERROR)
                goto error;
            if (t == SVSH_TK_END)
                break;
            continue;
        }
        if (!(*tail = svshParseCommand(ctl, tk, word, &t)))
            goto error;
        tail = &(*tail)->next;
        if (t == SVSH_TK_END)
            break;
    }
    *empty = head == NULL;
    return head;

 error:
    svshCmdFree(head);
    return NULL;
}


svshCmd *
svshParseString(svshControl *ctl, const char *line, bool *empty)
{
    svshTokenizer tk = { .pos = line };

    svshDebug(ctl, SVSH_ERR_INFO, "commands: \"%s\"\n", line);
    return svshParse(ctl, &tk, empty);
}


svshCmd *
svshParseArgv(svshControl *ctl, int argc, char **argv, bool *empty)
{
    svshTokenizer tk = { .argv = argv, .argc = argc };

    return svshParse(ctl, &tk, empty);
}


/* ---- accessors ---- */

static int
svshCmdOpt(const svshCmd *cmd, const char *name)
{
    int i = svshOptIndex(cmd->def, name);

    /* Asking for an option the command does not define is a bug. */
    g_assert(i >= 0);
    return i;
}


bool
svshOptBool(const svshCmd *cmd, const char *name)
{
    return cmd->present[svshCmdOpt(cmd, name)];
}


int
svshOptString(svshControl *ctl, const svshCmd *cmd, const char *name,
              const char **value)
{
    int i = svshCmdOpt(cmd, name);

    *value = NULL;
    if (!cmd->present[i])
        return 0;
    if (!*cmd->values[i] && !(cmd->def->opts[i].flags & SVSH_OFLAG_EMPTY_OK)) {
        svshError(ctl, "Failed to get option '%s': Option argument is empty", name);
        return -1;
    }
    *value = cmd->values[i];
    return 1;
}


int
svshOptStringQuiet(const svshCmd *cmd, const char *name, const char **value)
{
    int i = svshCmdOpt(cmd, name);

    *value = NULL;
    if (!cmd->present[i])
        return 0;
    if (!*cmd->values[i] && !(cmd->def->opts[i].flags & SVSH_OFLAG_EMPTY_OK))
        return -1;
    *value = cmd->values[i];
    return 1;
}


const char *
svshOptRequired(const svshCmd *cmd, const char *name)
{
    return cmd->values[svshCmdOpt(cmd, name)];
}


int
svshOptInt(svshControl *ctl, const svshCmd *cmd, const char *name, int *value)
{
    int i = svshCmdOpt(cmd, name);
    const char *text = cmd->values[i];
    char *end;
    long long v;

    if (!cmd->present[i])
        return 0;
    errno = 0;
    v = g_ascii_strtoll(text, &end, 10);
    if (!*text || *end || errno || v < G_MININT || v > G_MAXINT) {
        svshError(ctl, "Numeric value '%s' for <%s> option is malformed or out of range",
                  text, name);
        return -1;
    }
    *value = v;
    return 1;
}


const GPtrArray *
svshOptArgv(const svshCmd *cmd)
{
    return cmd->argv;
}


bool
svshOptExclusive(svshControl *ctl, const svshCmd *cmd, const char *a, const char *b)
{
    if (cmd->present[svshCmdOpt(cmd, a)] && cmd->present[svshCmdOpt(cmd, b)]) {
        svshError(ctl, "Options --%s and --%s are mutually exclusive", a, b);
        return false;
    }
    return true;
}


bool
svshOptRequires(svshControl *ctl, const svshCmd *cmd, const char *a, const char *b)
{
    if (cmd->present[svshCmdOpt(cmd, a)] && !cmd->present[svshCmdOpt(cmd, b)]) {
        svshError(ctl, "Option --%s is required by option --%s", b, a);
        return false;
    }
    return true;
}
