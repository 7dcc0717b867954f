/*
 * svsh-parse.c: from command lines to checked commands, and the option
 * accessors used by command handlers
 *
 * Lines are split into words as virsh splits them: blanks separate words;
 * single quotes keep everything literally; double quotes keep blanks and
 * honour backslash escapes; a backslash outside quotes escapes the next
 * character; ';' outside quotes ends a command; '#' starting a word starts
 * a comment.  Words then fill options: "--name value", "--name=value",
 * "--flag", and bare words fill the positional options in order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svsh.h"

/* Marks a command separator among the words of a line. */
static const char svshSeparator[] = ";";


/* Reads one word from *pos; returns NULL at the end of the line, the
 * separator for ';', or the word.  Sets *error for unbalanced quotes. */
static char *
svshNextWord(const char **pos, const char **error)
{
    const char *p = *pos;
    GString *word;
    bool any = false;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!*p || *p == '#') {
        *pos = p + strlen(p);
        return NULL;
    }
    if (*p == ';') {
        *pos = p + 1;
        return g_strdup(svshSeparator);
    }

    word = g_string_new(NULL);
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ';') {
        char quote = 0;

        any = true;
        if (*p == '\\') {
            if (!p[1]) {
                *error = "dangling \\";
                break;
            }
            g_string_append_c(word, p[1]);
            p += 2;
            continue;
        }
        if (*p != '\'' && *p != '"') {
            g_string_append_c(word, *p++);
            continue;
        }
        quote = *p++;
        while (*p && *p != quote) {
            if (quote == '"' && *p == '\\' && p[1])
                p++;
            g_string_append_c(word, *p++);
        }
        if (!*p) {
            *error = quote == '"' ? "missing \"" : "missing '";
            break;
        }
        p++;
    }
    *pos = p;
    if (*error || !any) {
        g_string_free(word, TRUE);
        return NULL;
    }
    return g_string_free(word, FALSE);
}


char **
svshSplitWords(const char *line)
{
    GPtrArray *words = g_ptr_array_new();
    const char *pos = line;
    const char *error = NULL;
    char *w;

    while ((w = svshNextWord(&pos, &error)))
        g_ptr_array_add(words, w);
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


static int
svshOptIndex(const svshCmdDef *def, const char *name)
{
    for (int i = 0; def->opts && def->opts[i].name; i++) {
        if (strcmp(def->opts[i].name, name) == 0)
            return i;
    }
    return -1;
}


static const char *
svshOptTypeName(const svshOptDef *opt)
{
    return opt->type == SVSH_OT_INT ? "number" : "string";
}


static void
svshSetValue(svshCmd *cmd, int i, const char *value)
{
    cmd->present[i] = true;
    if (cmd->def->opts[i].type == SVSH_OT_ARGV) {
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


/* Handles "--name[=value]" at words[*i]; false after reporting. */
static bool
svshParseOption(svshControl *ctl, svshCmd *cmd, char **words, size_t n, size_t *i)
{
    g_autofree char *name = g_strdup(words[*i] + 2);
    char *eq = strchr(name, '=');
    const char *value = NULL;
    int idx;

    if (eq) {
        *eq = '\0';
        value = eq + 1;
    }
    if ((idx = svshOptIndex(cmd->def, name)) < 0) {
        svshError(ctl, "command '%s' doesn't support option --%s", cmd->def->name, name);
        return false;
    }
    if (cmd->def->opts[idx].type == SVSH_OT_BOOL) {
        if (value) {
            svshError(ctl, "invalid '=' after option --%s", name);
            return false;
        }
        if (cmd->present[idx]) {
            svshError(ctl, "option --%s already seen", name);
            return false;
        }
        cmd->present[idx] = true;
        return true;
    }
    if (cmd->present[idx] && cmd->def->opts[idx].type != SVSH_OT_ARGV) {
        svshError(ctl, "option --%s already seen", name);
        return false;
    }
    if (!value) {
        if (*i + 1 >= n) {
            svshError(ctl, "expected syntax: --%s <%s>", name,
                      svshOptTypeName(&cmd->def->opts[idx]));
            return false;
        }
        value = words[++*i];
    }
    svshSetValue(cmd, idx, value);
    return true;
}


/* Builds one command from its words (words[0] is its name). */
static svshCmd *
svshParseCommand(svshControl *ctl, char **words, size_t n)
{
    const svshCmdDef *def = svshCommandLookup(words[0]);
    g_autoptr(svshCmd) cmd = NULL;
    bool optionsEnded = false;
    size_t nopts = 0;

    if (!def) {
        svshError(ctl, "unknown command: '%s'", words[0]);
        return NULL;
    }
    for (const svshOptDef *o = def->opts; o && o->name; o++)
        nopts++;
    cmd = g_new0(svshCmd, 1);
    cmd->def = def;
    cmd->values = g_new0(char *, nopts + 1);
    cmd->present = g_new0(bool, nopts + 1);
    cmd->argv = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 1; i < n; i++) {
        int idx;

        if (!optionsEnded && strcmp(words[i], "--") == 0) {
            optionsEnded = true;
            continue;
        }
        if (!optionsEnded && strcmp(words[i], "--help") == 0 &&
            svshOptIndex(def, "help") < 0) {
            /* "CMD --help" is "help CMD". */
            svshCmd *help = svshParseCommand(ctl, (char *[]){ "help", words[0] }, 2);

            return help;
        }
        if (!optionsEnded && g_str_has_prefix(words[i], "--")) {
            if (!svshParseOption(ctl, cmd, words, n, &i))
                return NULL;
            continue;
        }
        if ((idx = svshNextPositional(cmd)) < 0) {
            svshError(ctl, "unexpected data '%s'", words[i]);
            return NULL;
        }
        svshSetValue(cmd, idx, words[i]);
    }

    for (size_t i = 0; i < nopts; i++) {
        const svshOptDef *o = &def->opts[i];

        if (!(o->flags & SVSH_OFLAG_REQ) || cmd->present[i])
            continue;
        if (o->type == SVSH_OT_DATA || o->type == SVSH_OT_ARGV)
            svshError(ctl, "command '%s' requires <%s> option", def->name, o->name);
        else
            svshError(ctl, "command '%s' requires --%s option", def->name, o->name);
        return NULL;
    }
    return g_steal_pointer(&cmd);
}


svshCmd *
svshParseString(svshControl *ctl, const char *line, bool *empty)
{
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
    svshCmd *head = NULL;
    svshCmd **tail = &head;
    const char *pos = line;
    const char *error = NULL;
    char *w;
    size_t start = 0;

    while ((w = svshNextWord(&pos, &error)))
        g_ptr_array_add(words, w);
    if (error) {
        svshError(ctl, "%s", error);
        return NULL;
    }
    g_ptr_array_add(words, g_strdup(svshSeparator));

    *empty = true;
    for (size_t i = 0; i < words->len; i++) {
        if (strcmp(words->pdata[i], svshSeparator) != 0)
            continue;
        if (i > start) {
            if (!(*tail = svshParseCommand(ctl, (char **)words->pdata + start, i - start))) {
                svshCmdFree(head);
                *empty = false;
                return NULL;
            }
            tail = &(*tail)->next;
            *empty = false;
        }
        start = i + 1;
    }
    return head;
}


svshCmd *
svshParseArgv(svshControl *ctl, int argc, char **argv)
{
    return svshParseCommand(ctl, argv, argc);
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
